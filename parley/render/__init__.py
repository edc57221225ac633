"""Rendering: Markdown and typography, pages, feeds, sitemap and timeline geometry; pure functions of the model."""
