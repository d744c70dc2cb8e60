"""Action-planning facilitation toolkit.

One set of content modules (``content/`` and ``slides/``) feeds one generator
that builds facilitator decks, printable templates and a guide site.
"""

__version__ = "0.1.0"
