"""The editor's tools: the preview server with live reload, `new` (scaffold) and `ingest` (draft from an article)."""
