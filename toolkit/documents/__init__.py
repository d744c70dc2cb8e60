"""Printable templates: one layout, rendered as HTML, tagged PDF and DOCX.

:mod:`~toolkit.documents.layout` decides what a template shows for a
district, a variant and a paper size, and how a page's height is shared
(with :mod:`~toolkit.documents.measure`, the font's widths);
:mod:`~toolkit.documents.html`, :mod:`~toolkit.documents.pdf` and
:mod:`~toolkit.documents.docx` only decide how it looks.
:mod:`~toolkit.documents.weasyprint_loader` is the one place that goes around
WeasyPrint's public API. :mod:`~toolkit.documents.render` writes every file
into the site; :mod:`~toolkit.documents.plan` prints a district's plan on the
templates it fills.
"""
