"""Adapters that hand the core's pages to a static site generator."""
