"""Schemas declared as data, and the district file built on them."""
