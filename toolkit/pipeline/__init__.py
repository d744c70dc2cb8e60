"""Building outputs: the registry of renderers and atomic output folders."""
