"""Office packages (.pptx, .docx) written below python-pptx's and python-docx's public API.

Everything the toolkit does with the libraries' parts, relationships, content
types and zip writing, rather than through their documented API, lives here,
so that what depends on a library's internals is in one place:

- :mod:`~toolkit.office.presentation`: decks from one shared base, slides
  drawn once and added as finished XML, recoloured, shapes spliced in;
- :mod:`~toolkit.office.wordprocessing`: DOCX files from one shared base;
- :mod:`~toolkit.office.opc`: copies of a package that share unchanged parts;
- :mod:`~toolkit.office.zips`: byte-stable zips, each entry compressed once;
- :mod:`~toolkit.office.versions`: the library versions this is tested with;
- :mod:`~toolkit.office.reference`: the same files through the public API
  only, which the tests compare the fast writers with, part by part.
"""
