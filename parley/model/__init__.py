"""The model: frozen records (entries, actors, rounds) indexed in the Archive, and the routes planned from it."""
