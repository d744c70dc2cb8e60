"""Office packages (.pptx, .docx) written below python-pptx's and python-docx's public API.

Everything the toolkit does with the libraries' parts, relationships, content
types and zip writing, rather than through their documented API, lives here,
so that what depends on a library's internals is in one place.
"""
