"""The content model: every module loaded once, validated, typed.

Renderers (site, slides, documents) read only these objects; they never open
files in ``content/`` or ``slides/`` themselves.
"""

from toolkit.model.content import Content, load_content
from toolkit.model.modules import Activity, ActivityStep, Module, Page, Segment, Step, Term

__all__ = [
    "Activity",
    "ActivityStep",
    "Content",
    "Module",
    "Page",
    "Segment",
    "Step",
    "Term",
    "load_content",
]
