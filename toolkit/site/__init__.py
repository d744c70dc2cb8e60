"""The guide site: mkdocs-material pages generated from the content model."""
