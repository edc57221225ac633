"""Parley: turns a folder of Markdown briefings into a static archive site."""

__version__ = "0.1.0"
