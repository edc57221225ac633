"""Reading and checking content: front-matter, typed fields, site.yaml and the registries, briefings."""
