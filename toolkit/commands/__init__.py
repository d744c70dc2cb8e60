"""One module per command, as in mkdocs: build, check, serve."""
