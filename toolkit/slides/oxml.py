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
from typing import Any
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
    align: str = "l"
    #: A field instead of plain text: ``slidenum`` shows each slide's own number.
    field: str | None = None

    def xml(self) -> str:
        level = f' lvl="{self.level}"' if self.level else ""
        bullet = "" if self.bullet else "<a:buNone/>"
        ppr = (f'<a:pPr marL="{self.margin}" indent="{self.indent}"{level} algn="{self.align}">'
               f'<a:spcBef><a:spcPts val="{self.space_before}"/></a:spcBef>{bullet}</a:pPr>')
        attrs = f" lang={quoteattr(self.lang)}"
        if self.size is not None:
            attrs += f' sz="{self.size}" b="{1 if self.bold else 0}"'
        fill = (f'<a:solidFill><a:srgbClr val="{self.color.lstrip("#").upper()}"/></a:solidFill>'
                if self.color else "")
        text = f"<a:t>{xml_text(self.text)}</a:t>"
        if self.field is not None:
            run = (f'<a:fld id="{_FIELD_IDS[self.field]}" type="{self.field}"><a:rPr{attrs}>{fill}'
                   f"</a:rPr>{text}</a:fld>")
        else:
            run = f"<a:r><a:rPr{attrs} dirty=\"0\">{fill}</a:rPr>{text}</a:r>"
        return f"<a:p>{ppr}{run}</a:p>"


#: Fields are identified by a GUID; a fixed one per kind keeps decks byte-stable.
_FIELD_IDS = {"slidenum": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"}


def text_body(paragraphs: list[ParagraphXml], *, insets: tuple[int, int], anchor: str = "t",
              tag: str = "p:txBody") -> str:
    """A whole text body: our paragraphs, no autofit, fixed insets."""
    inset_x, inset_y = insets
    return (
        f'<{tag} {nsdecls("a", "p")}><a:bodyPr wrap="square" lIns="{inset_x}" tIns="{inset_y}" '
        f'rIns="{inset_x}" bIns="{inset_y}" anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        + "".join(p.xml() for p in paragraphs) + f"</{tag}>"
    )


def replace_text_body(shape: BaseShape, paragraphs: list[ParagraphXml], *, insets: tuple[int, int],
                      anchor: str = "t") -> None:
    """Give ``shape`` a new text body: our paragraphs, no autofit, fixed insets.

    Writing the body in one piece is several times faster than setting each
    property through python-pptx, which matters when hundreds of decks are built.
    """
    old = shape.element.find(qn("p:txBody"))
    new = parse_xml(text_body(paragraphs, insets=insets, anchor=anchor))
    if old is None:
        shape.element.append(new)
    else:
        shape.element.replace(old, new)


def replace_cell_text(cell: Any, paragraphs: list[ParagraphXml]) -> None:
    """A table cell's text as our paragraphs (its margins are the cell's own)."""
    tc = cell._tc
    body = parse_xml(text_body(paragraphs, insets=(0, 0), tag="a:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.attrib.clear()
    for child in list(body_pr):
        body_pr.remove(child)
    tc.replace(tc.find(qn("a:txBody")), body)


def arrow_end(connector: BaseShape, width_emu: int, color: str) -> None:
    """A connector drawn as an arrow: its line width and colour, a triangle at its end."""
    connector.line.width = width_emu
    connector.line.color.rgb = _rgb(color)
    ln = connector.element.find(f"{qn('p:spPr')}/{qn('a:ln')}")
    etree.SubElement(ln, qn("a:tailEnd"), type="triangle", w="med", len="med")


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


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


# -- shapes of the slide master and layouts (python-pptx cannot add shapes there) ------------

_DECORATIVE_EXT = (f'<a:extLst><a:ext uri="{_DECORATIVE_URI}"><adec:decorative xmlns:adec="{_ADEC}" '
                   'val="1"/></a:ext></a:extLst>')


def _xfrm(box: tuple[int, int, int, int]) -> str:
    x, y, w, h = box
    return f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'


def bar_xml(shape_id: int, name: str, box: tuple[int, int, int, int], color: str) -> str:
    """A plain coloured rectangle, marked decorative (an accent bar, a band)."""
    return (f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(name)}>'
            f'{_DECORATIVE_EXT}</p:cNvPr><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>'
            f'{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr '
            f'val="{color.lstrip("#").upper()}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')


def textbox_xml(shape_id: int, name: str, box: tuple[int, int, int, int],
                paragraphs: list[ParagraphXml], *, insets: tuple[int, int], anchor: str = "t") -> str:
    """A text box (not a placeholder): shown as it is on every slide of the layout."""
    return (f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{shape_id}" name={quoteattr(name)}/>'
            f'<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{_xfrm(box)}'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
            + text_body(paragraphs, insets=insets, anchor=anchor) + "</p:sp>")


def picture_xml(shape_id: int, name: str, box: tuple[int, int, int, int], rid: str,
                description: str) -> str:
    """A picture (the logo) with its description, related as ``rid``."""
    return (f'<p:pic {nsdecls("a", "p", "r")}><p:nvPicPr><p:cNvPr id="{shape_id}" '
            f'name={quoteattr(name)} descr={quoteattr(description)}/><p:cNvPicPr><a:picLocks '
            'noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr><p:blipFill>'
            f'<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
            f'{_xfrm(box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')


def append_shapes(holder: etree._Element, shapes: list[str]) -> None:
    """Add shapes (XML from the builders above) at the end of a master's or layout's shape tree."""
    tree = holder.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    for xml in shapes:
        tree.append(parse_xml(xml))


def next_shape_id(holder: etree._Element) -> int:
    return max(int(el.get("id")) for el in holder.iter(qn("p:cNvPr"))) + 1


def placeholder_style(shape: BaseShape, *, sizes: tuple[float, ...], bold: bool, color: str | None,
                      anchor: str, bullets: bool = True, indents: tuple[float, ...] = (),
                      bullet_gap: float = 0) -> None:
    """How text typed into a layout's placeholder looks: per level, its size (pt), weight
    and colour, and whether it has bullets; the text's anchor in the box."""
    body = shape.element.find(qn("p:txBody"))
    body_pr = body.find(qn("a:bodyPr"))
    body_pr.set("anchor", anchor)
    old = body.find(qn("a:lstStyle"))
    levels = []
    for index, size in enumerate(sizes):
        margin = round(indents[index] * 12700) if bullets and indents else 0
        indent = -round(bullet_gap * 12700) if bullets and indents else 0
        fill = (f'<a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/></a:solidFill>'
                if color else "")
        bullet = "" if bullets else "<a:buNone/>"
        levels.append(f'<a:lvl{index + 1}pPr marL="{margin}" indent="{indent}" algn="l">{bullet}'
                      f'<a:defRPr sz="{round(size * 100)}" b="{1 if bold else 0}">{fill}'
                      f"</a:defRPr></a:lvl{index + 1}pPr>")
    style = parse_xml(f'<a:lstStyle {nsdecls("a")}>{"".join(levels)}</a:lstStyle>')
    body.replace(old, style)


def hide_master_shapes(layout: etree._Element) -> None:
    """A layout that draws its own background and decorations, not the master's."""
    layout.set("showMasterSp", "0")


def body_style(master: etree._Element, sizes: tuple[float, ...], indents: tuple[float, ...],
               bullet_gap: float) -> None:
    """The master's body text: the sizes and hanging indents of the deck's own bullets, so
    text typed into any content placeholder matches the generated slides."""
    style = master.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}")
    for index, (size, margin) in enumerate(zip(sizes, indents, strict=True)):
        level = style.find(qn(f"a:lvl{index + 1}pPr"))
        level.set("marL", str(round(margin * 12700)))
        level.set("indent", str(-round(bullet_gap * 12700)))
        level.find(qn("a:defRPr")).set("sz", str(round(size * 100)))


def remove_placeholders(holder: etree._Element, types: tuple[str, ...]) -> None:
    """Drop placeholders of ``types`` (date, footer, slide number) from a master or layout."""
    for ph in list(holder.iter(qn("p:ph"))):
        if ph.get("type") in types:
            shape = ph.getparent().getparent().getparent()
            shape.getparent().remove(shape)
