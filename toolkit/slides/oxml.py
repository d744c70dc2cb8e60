"""The raw XML tweaks python-pptx has no API for, kept in one place.

Each function does one small, documented thing to the lxml element behind a
python-pptx object: alternative text on pictures, the "decorative" flag on
ornaments, reading order, the theme's colours and fonts, and whole text bodies
(paragraphs with language tags, sizes, colours and hanging indents) written in
one piece.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.shapes.base import BaseShape

#: Office's extension for "mark as decorative" (screen readers skip the shape).
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
#: The typeface every deck uses; its metrics are what the fitter measures.
TYPEFACE = "Arial"


def _c_nv_pr(shape: BaseShape) -> etree._Element:
    return shape.element.xpath("./*[1]/p:cNvPr")[0]


def set_alt_text(shape: BaseShape, text: str) -> None:
    """Alternative text. python-pptx writes a picture's file name as ``descr``;
    a file name is not a description, so it is replaced."""
    _c_nv_pr(shape).set("descr", text)


def mark_decorative(shape: BaseShape) -> None:
    """Flag an ornament (a coloured bar) so assistive technology skips it."""
    c_nv_pr = _c_nv_pr(shape)
    c_nv_pr.attrib.pop("descr", None)
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(c_nv_pr, qn("a:extLst"))
    ext = etree.SubElement(ext_lst, qn("a:ext"), uri=_DECORATIVE_URI)
    decorative = etree.SubElement(ext, f"{{{_ADEC}}}decorative", nsmap={"adec": _ADEC})
    decorative.set("val", "1")


#: Characters XML 1.0 cannot hold; written as ``_xHHHH_`` like python-pptx does.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` escaped for element content (``&``, ``<``, ``>``, control characters)."""
    return escape(_NOT_XML.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text))


@dataclass(frozen=True)
class ParagraphXml:
    """Everything one paragraph of generated text needs; sizes in EMU or 1/100 pt."""

    text: str
    lang: str
    level: int = 0
    size: int | None = None  # hundredths of a point
    bold: bool = False
    color: str | None = None  # "#rrggbb"
    margin: int = 0
    indent: int = 0
    space_before: int = 0  # hundredths of a point
    bullet: bool = False

    def xml(self) -> str:
        level = f' lvl="{self.level}"' if self.level else ""
        bullet = "" if self.bullet else "<a:buNone/>"
        ppr = (f'<a:pPr marL="{self.margin}" indent="{self.indent}"{level} algn="l">'
               f'<a:spcBef><a:spcPts val="{self.space_before}"/></a:spcBef>{bullet}</a:pPr>')
        attrs = f" lang={quoteattr(self.lang)}"
        if self.size is not None:
            attrs += f' sz="{self.size}" b="{1 if self.bold else 0}"'
        fill = (f'<a:solidFill><a:srgbClr val="{self.color.lstrip("#").upper()}"/></a:solidFill>'
                if self.color else "")
        run = f"<a:r><a:rPr{attrs} dirty=\"0\">{fill}</a:rPr><a:t>{xml_text(self.text)}</a:t></a:r>"
        return f"<a:p>{ppr}{run}</a:p>"


def replace_text_body(shape: BaseShape, paragraphs: list[ParagraphXml], *, insets: tuple[int, int],
                      anchor: str = "t") -> None:
    """Give ``shape`` a new text body: our paragraphs, no autofit, fixed insets.

    Writing the body in one piece is several times faster than setting each
    property through python-pptx, which matters when hundreds of decks are built.
    """
    inset_x, inset_y = insets
    body = (
        f'<p:txBody {nsdecls("a", "p")}><a:bodyPr wrap="square" lIns="{inset_x}" tIns="{inset_y}" '
        f'rIns="{inset_x}" bIns="{inset_y}" anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        + "".join(p.xml() for p in paragraphs) + "</p:txBody>"
    )
    old = shape.element.find(qn("p:txBody"))
    new = parse_xml(body)
    if old is None:
        shape.element.append(new)
    else:
        shape.element.replace(old, new)


def read_first(shape: BaseShape) -> None:
    """Make ``shape`` the first in the slide's reading order (the shape tree order)."""
    sp = shape.element
    tree = sp.getparent()
    tree.remove(sp)
    tree.insert(2, sp)  # after p:nvGrpSpPr and p:grpSpPr


def remove_shape(shape: BaseShape) -> None:
    sp = shape.element
    sp.getparent().remove(sp)


def scale_positions(element: etree._Element, factor: float) -> None:
    """Stretch every shape of a master or layout horizontally by ``factor``."""
    for off in element.iter(qn("a:off")):
        off.set("x", str(round(int(off.get("x")) * factor)))
    for ext in element.iter(qn("a:ext")):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def no_all_caps(element: etree._Element) -> None:
    """Drop "all caps" text styles: capitals are harder to read, and the text a
    screen reader or a copy-paste gets would differ from what is shown."""
    for node in element.iter(qn("a:defRPr"), qn("a:rPr")):
        if node.get("cap") == "all":
            del node.attrib["cap"]


def left_bold_titles(master: etree._Element, size_hundredths: int) -> None:
    """Master title style: left-aligned, bold, in the theme's dark-2 colour."""
    lvl1 = master.find(f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}")
    lvl1.set("algn", "l")
    def_rpr = lvl1.find(qn("a:defRPr"))
    def_rpr.set("sz", str(size_hundredths))
    def_rpr.set("b", "1")
    scheme = def_rpr.find(f"{qn('a:solidFill')}/{qn('a:schemeClr')}")
    if scheme is not None:
        scheme.set("val", "tx2")


def theme_xml(blob: bytes, scheme: dict[str, str], name: str) -> bytes:
    """The theme part with our colour scheme and Arial as heading and body font."""
    root = etree.fromstring(blob)
    clr = root.find(f".//{{{_A}}}clrScheme")
    clr.set("name", name)
    for slot, color in scheme.items():
        holder = clr.find(f"{{{_A}}}{slot}")
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, f"{{{_A}}}srgbClr", val=color.lstrip("#").upper())
    fonts = root.find(f".//{{{_A}}}fontScheme")
    fonts.set("name", name)
    for latin in fonts.iter(f"{{{_A}}}latin"):
        latin.set("typeface", TYPEFACE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
