"""The plan as the spreadsheet a district office already works in, and back.

:func:`workbook_bytes` writes the plan as an Excel workbook (openpyxl): a
sheet "Plan" with the district and plan year, one sheet per initiative in
the Action Plan Template's own columns, and a sheet "Action steps" in
Template 5.3.1T's. Status and section cells offer drop-down lists, header
rows stay in view (frozen) and repeat on printed pages, columns are wide
enough to read. The bytes are the same for the same plan and build date.

:func:`load_workbook_plan` reads such a workbook back, after it was edited in
Excel, LibreOffice or Google Sheets (statuses changed, rows added, rows
moved, columns reordered), into the same :class:`~toolkit.plan.model.Plan` a
plan file gives: the cells become the plan file's data and go through the
plan file's own schema, so a workbook is checked exactly as a YAML file is.
A mistake is reported at its cell, ``file.xlsx:Sheet!C7: message``
(:class:`CellLocation`).

Sheets are recognised by their labels, not their names or positions, so a
sheet renamed, copied for a new initiative or moved still reads; a sheet
that is none of the three kinds is ignored with a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.errors import Location, Problems, ToolkitError, display_path
from toolkit.plan.model import (
    DEFAULT_STATUS,
    STATUSES,
    ActionStep,
    Benchmark,
    Initiative,
    Plan,
    Strategy,
    plan_from_data,
)
from toolkit.source import Node, NodeList


@dataclass(frozen=True, order=True)
class CellLocation(Location):
    """A place in a workbook: shown as ``file.xlsx:Sheet!C7``.

    ``line`` orders places within a file (sheet, then row, then column), so
    findings sort as a reader goes through the workbook.
    """

    cell: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.cell}"


def place(where: Location) -> str:
    """How a message names another place in the same file: ``line 7`` or ``Sheet!C7``."""
    return where.cell if isinstance(where, CellLocation) else f"line {where.line}"


# -- the layout: labels and columns, shared by the writer and the reader ---------------

PLAN_SHEET = "Plan"
STEPS_SHEET = "Action steps"
DISTRICT = "District"
PLAN_YEAR = "Plan year"
INITIATIVE = "Strategic initiative/objective"
TEAM = "Action plan team"
RECORDER = "Recorder"

#: Sections of an initiative's sheet, each a list of the initiative.
PROCESS = "Process benchmark"
EARLY = "Early evidence of change benchmark"
RESOURCE = "Resource"
SECTIONS = {PROCESS: "process_benchmarks", EARLY: "early_evidence_benchmarks", RESOURCE: "resources"}
#: Other ways a person may write a section.
SECTION_ALIASES = {"process": PROCESS, "process benchmarks": PROCESS, "early evidence": EARLY,
                   "early evidence benchmark": EARLY, "early evidence of change": EARLY,
                   "early evidence of change benchmarks": EARLY, "resources": RESOURCE}


@dataclass(frozen=True)
class Column:
    heading: str
    key: str  # the plan file's key
    width: float
    kind: str = "text"  # text, date, status, lines (one item a line), section


INITIATIVE_COLUMNS = (
    Column("Section", "section", 34, "section"),
    Column("Benchmark", "benchmark", 60),
    Column("Person Responsible", "person", 22),
    Column("Date", "date", 13, "date"),
    Column("Status", "status", 14, "status"),
    Column("How it will be monitored (early evidence)", "monitoring", 40),
)
STEP_COLUMNS = (
    Column("Strategy", "strategy", 36),
    Column("Action plan team", "team", 22),
    Column("Action Steps", "step", 44),
    Column("Resources", "resources", 30, "lines"),
    Column("Measures of Implementation (Outputs)", "measures", 34, "lines"),
    Column("Owner", "owner", 20),
    Column("Deadline", "deadline", 13, "date"),
)
HEADER_FIELDS = ((INITIATIVE, "name"), (TEAM, "team"), (RECORDER, "recorder"))
#: The rows of an initiative's sheet: its header fields, a blank row, the table.
TABLE_ROW = len(HEADER_FIELDS) + 2
#: Enough rows of drop-downs for any plan and for rows a team adds.
VALIDATION_ROWS = 500
DATE_FORMAT = "yyyy-mm-dd"
FONT = "Calibri"  # the workbook default; office suites without it use a metric twin (Carlito)
LINE_POINTS = 15
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _label(text: Any) -> str:
    return " ".join(str(text).casefold().split()) if text is not None else ""


# -- writing -------------------------------------------------------------------------


#: Office's codes for the paper sizes a district prints on.
PAPER_CODES = {"letter": 1, "a4": 9}


def workbook_bytes(plan: Plan, when: dt.datetime, paper: str = "letter") -> bytes:
    """The plan as an .xlsx workbook; ``when`` stamps its properties (the build date).

    ``paper`` (letter or a4) is what its sheets print on.
    """
    from openpyxl import Workbook

    from toolkit.office.zips import package_bytes

    book = Workbook()
    about = book.active
    about.title = PLAN_SHEET
    _write_about(about, plan)
    names = {PLAN_SHEET.casefold(), STEPS_SHEET.casefold()}
    for initiative in plan.initiatives:
        sheet = book.create_sheet(_sheet_name(f"{initiative.number} {initiative.name}", names))
        _write_initiative(sheet, initiative)
    _write_steps(book.create_sheet(STEPS_SHEET), plan.strategies)
    for sheet in book.worksheets:
        sheet.page_setup.paperSize = PAPER_CODES[paper]
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True

    stamp = when.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    props = book.properties
    props.creator = props.lastModifiedBy = "Action planning toolkit"
    props.title = f"Action plan {plan.plan_year}: {plan.district}"[:250]
    props.created = props.modified = stamp
    # openpyxl's Workbook.save stamps "modified" and every zip entry with the time of
    # saving: its writer is called directly, and the entries rewritten with the build's.
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        entries = [(info.filename, package.read(info)) for info in package.infolist()]
    return package_bytes(entries, stamp)


def _sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    base = " ".join(SHEET_NAME.sub(" ", text).split())[:31].strip().strip("'") or "Initiative"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    taken.add(name.casefold())
    return name


def _text(cell: Any, value: Any) -> None:
    """Put a plan value in a cell as what it is: text stays text even when it starts with '='."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        return
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    cell.data_type = "s"  # never a formula


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "head": Font(name=FONT, size=11, bold=True, color="FFFFFF"),
        "fill": PatternFill("solid", fgColor="1F4E79"),
        "label": Font(name=FONT, size=11, bold=True),
        "top": Alignment(vertical="top"),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _fit_rows(sheet: Any, first: int, last: int, widths: dict[int, float]) -> None:
    """Row heights that show wrapped text whole (office suites do not measure rows on opening)."""
    for r in range(first, last + 1):
        lines = 1
        for c, width in widths.items():
            value = sheet.cell(row=r, column=c).value
            if isinstance(value, str):
                chars = max(8, int(width * 1.1))
                lines = max(lines, sum(max(1, -(-len(part) // chars)) for part in value.split("\n")))
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_POINTS * lines + 3


def _header_row(sheet: Any, row: int, columns: tuple[Column, ...]) -> None:
    from openpyxl.utils import get_column_letter

    style = _styles()
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index, value=column.heading)
        cell.font, cell.fill, cell.alignment = style["head"], style["fill"], style["wrap"]
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    _fit_rows(sheet, row, row, {i: c.width for i, c in enumerate(columns, start=1)})
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    sheet.print_title_rows = f"{row}:{row}"
    sheet.page_setup.orientation = "landscape"


def _drop_down(sheet: Any, columns: tuple[Column, ...], kind: str, choices: list[str], first_row: int,
               title: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    letter = get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.kind == kind))
    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle=title,
                          error="Choose one of: " + ", ".join(choices) + ".",
                          promptTitle=title, prompt="Choose from the list.", showInputMessage=True)
    rule.add(f"{letter}{first_row}:{letter}{first_row + VALIDATION_ROWS - 1}")
    sheet.add_data_validation(rule)


def status_label(status: str) -> str:
    return status[:1].upper() + status[1:]


def _write_about(sheet: Any, plan: Plan) -> None:
    style = _styles()
    for row, (label, value) in enumerate(((DISTRICT, plan.district), (PLAN_YEAR, plan.plan_year)), 1):
        sheet.cell(row=row, column=1, value=label).font = style["label"]
        _text(sheet.cell(row=row, column=2), value)
    notes = [
        "How to use this workbook",
        "Each initiative has its own sheet: its process benchmarks, early evidence of change "
        "benchmarks and resources, one a row, with the section named in the first column.",
        f"The sheet \"{STEPS_SHEET}\" holds the action steps of every strategy, one a row.",
        "Choose each status from its list (" + ", ".join(status_label(s) for s in STATUSES) + "). "
        "Write dates as YYYY-MM-DD.",
        "Add rows anywhere below a sheet's header row; to add an initiative, copy a sheet of one.",
        "Keep the labels in column A and the column headings as they are: the district office "
        "reads this workbook back into the plan.",
    ]
    head = sheet.cell(row=4, column=1, value=notes[0])
    head.font, head.alignment = style["label"], style["top"]
    for row, note in enumerate(notes[1:], start=4):
        sheet.cell(row=row, column=2, value=note).alignment = style["wrap"]
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90
    _fit_rows(sheet, 1, 3 + len(notes), {2: 90})


def _write_initiative(sheet: Any, initiative: Initiative) -> None:
    style = _styles()
    for row, (label, key) in enumerate(HEADER_FIELDS, start=1):
        head = sheet.cell(row=row, column=1, value=label)
        head.font, head.alignment = style["label"], style["top"]
        cell = sheet.cell(row=row, column=2)
        _text(cell, getattr(initiative, key))
        cell.alignment = style["wrap"]
    _header_row(sheet, TABLE_ROW, INITIATIVE_COLUMNS)
    _fit_rows(sheet, 1, len(HEADER_FIELDS), {2: INITIATIVE_COLUMNS[1].width})
    rows: list[dict[str, Any]] = []
    for section, key in SECTIONS.items():
        for entry in getattr(initiative, key):
            if isinstance(entry, Benchmark):
                rows.append({"section": section, **{c.key: getattr(entry, c.key, None)
                                                    for c in INITIATIVE_COLUMNS[1:]}})
                rows[-1]["status"] = status_label(entry.status)
            else:
                rows.append({"section": section, "benchmark": entry})
    _write_rows(sheet, TABLE_ROW + 1, INITIATIVE_COLUMNS, rows)
    _drop_down(sheet, INITIATIVE_COLUMNS, "status", [status_label(s) for s in STATUSES],
               TABLE_ROW + 1, "Status")
    _drop_down(sheet, INITIATIVE_COLUMNS, "section", list(SECTIONS), TABLE_ROW + 1, "Section")


def _write_steps(sheet: Any, strategies: list[Strategy]) -> None:
    _header_row(sheet, 1, STEP_COLUMNS)
    rows: list[dict[str, Any]] = []
    for strategy in strategies:
        steps = strategy.action_steps or [None]
        for step in steps:
            row = {"strategy": strategy.strategy, "team": strategy.team}
            if step is not None:
                row.update({c.key: getattr(step, c.key) for c in STEP_COLUMNS[2:]})
            rows.append(row)
    _write_rows(sheet, 2, STEP_COLUMNS, rows)


def _write_rows(sheet: Any, first: int, columns: tuple[Column, ...], rows: list[dict[str, Any]]) -> None:
    wrap = _styles()["wrap"]
    for r, values in enumerate(rows, start=first):
        for c, column in enumerate(columns, start=1):
            cell = sheet.cell(row=r, column=c)
            value = values.get(column.key)
            _text(cell, "\n".join(value) if isinstance(value, list) else value)
            cell.alignment = wrap
    _fit_rows(sheet, first, first + len(rows) - 1,
              {c: column.width for c, column in enumerate(columns, start=1) if column.kind != "date"})
    # Date columns read as dates in rows a team adds, too.
    for c, column in enumerate(columns, start=1):
        if column.kind == "date":
            for r in range(first + len(rows), first + VALIDATION_ROWS):
                sheet.cell(row=r, column=c).number_format = DATE_FORMAT


# -- reading -------------------------------------------------------------------------


class _Reader:
    """Turns cells into the plan file's data, each value remembering its cell."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.problems = Problems()
        self.cells: dict[int, CellLocation] = {}

    def at(self, sheet: Any, index: int, row: int, column: int) -> Location:
        from openpyxl.utils import get_column_letter

        line = (index + 1) * 1_000_000 + row * 100 + min(column, 99)
        title = sheet.title
        quoted = f"'{title}'" if re.search(r"[^A-Za-z0-9_]", title) else title
        self.cells[line] = CellLocation(self.shown, line, f"{quoted}!{get_column_letter(column)}{row}")
        return Location(self.shown, line)

    def error(self, where: Location, message: str) -> None:
        self.problems.error(self.cells.get(where.line, where), message)

    def warning(self, where: Location, message: str) -> None:
        self.problems.warning(self.cells.get(where.line, where), message)


def _mapping(where: Location) -> Node:
    node = Node()
    node.location = where
    node.key_lines, node.value_lines = {}, {}
    return node


def _put(node: Node, key: str, value: Any, where: Location) -> None:
    node[key] = value
    node.key_lines[key] = node.value_lines[key] = where.line


def _sequence(where: Location) -> NodeList:
    items = NodeList()
    items.location = where
    items.item_lines = []
    return items


def _append(items: NodeList, value: Any, where: Location) -> None:
    items.append(value)
    items.item_lines.append(where.line)


def _value(raw: Any, column: Column) -> Any:
    """A cell's value as the plan file would hold it."""
    if isinstance(raw, str):
        raw = raw.replace("\r\n", "\n").replace("_x000D_", "")
    if column.kind == "date":
        if isinstance(raw, dt.datetime) and raw.time() == dt.time():
            return raw.date()
        return "" if raw is None else raw
    if column.kind == "lines":
        return [line.strip() for line in str(raw).split("\n") if line.strip()] if raw is not None else []
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    return str(raw) if not isinstance(raw, bool) else ("TRUE" if raw else "FALSE")


def _find_header(sheet: Any, label: str, limit: int = 20) -> int | None:
    for row in range(1, min(sheet.max_row, limit) + 1):
        if _label(sheet.cell(row=row, column=1).value) == _label(label):
            return row
    return None


def _columns(reader: _Reader, sheet: Any, index: int, row: int,
             columns: tuple[Column, ...]) -> dict[str, int] | None:
    """Which column holds each plan key, by heading; None if one is missing."""
    found: dict[str, int] = {}
    known = {_label(c.heading): c for c in columns}
    for c in range(1, sheet.max_column + 1):
        heading = sheet.cell(row=row, column=c).value
        if heading is None or str(heading).strip() == "":
            continue
        column = known.get(_label(heading))
        if column is None:
            reader.warning(reader.at(sheet, index, row, c),
                           f"column '{heading}' is not part of the plan; it is ignored")
        elif column.key in found:
            reader.error(reader.at(sheet, index, row, c), f"column '{heading}' appears twice")
            return None
        else:
            found[column.key] = c
    missing = [c.heading for c in columns if c.key not in found]
    if missing:
        reader.error(reader.at(sheet, index, row, 1),
                     "this header row has no column " + ", ".join(f"'{m}'" for m in missing)
                     + ": put the column back (its heading exactly so)")
        return None
    return found


def _row_values(sheet: Any, row: int, where: dict[str, int]) -> dict[str, Any]:
    return {key: sheet.cell(row=row, column=c).value for key, c in where.items()}


def _empty(values: dict[str, Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values.values())


def _read_initiative(reader: _Reader, sheet: Any, index: int) -> Node | None:
    header = _find_header(sheet, INITIATIVE_COLUMNS[0].heading)
    name_row = _find_header(sheet, INITIATIVE)
    start = reader.at(sheet, index, name_row or 1, 2)
    if header is None:
        reader.error(start, f"this initiative's sheet has no header row starting with "
                            f"'{INITIATIVE_COLUMNS[0].heading}'")
        return None
    initiative = _mapping(start)
    for label, key in HEADER_FIELDS:
        row = _find_header(sheet, label, header)
        if row is None:
            continue
        value = _value(sheet.cell(row=row, column=2).value, Column(label, key, 0))
        if value.strip():
            _put(initiative, key, value, reader.at(sheet, index, row, 2))
    where = _columns(reader, sheet, index, header, INITIATIVE_COLUMNS)
    if where is None:
        return None  # reported; its rows cannot be read, so the checklist says nothing of them
    lists = {key: _sequence(reader.at(sheet, index, header, 1)) for key in SECTIONS.values()}
    by_key = {c.key: c for c in INITIATIVE_COLUMNS}
    for row in range(header + 1, sheet.max_row + 1):
        raw = _row_values(sheet, row, where)
        if _empty(raw):
            continue
        cell = {key: reader.at(sheet, index, row, c) for key, c in where.items()}
        section_text = _label(raw["section"])
        section = next((s for s in SECTIONS if _label(s) == section_text), None)
        section = section or SECTION_ALIASES.get(section_text)
        if section is None:
            choices = ", ".join(SECTIONS)
            reader.error(cell["section"], f"say which section this row belongs to: {choices}"
                         if not section_text else f"'{raw['section']}' is not a section: write one of "
                         f"{choices}")
            continue
        if section == RESOURCE:
            others = [k for k in ("person", "date", "monitoring") if not _empty({k: raw[k]})]
            for key in others:
                reader.error(cell[key], f"a resource row holds the resource in column "
                                        f"'{by_key['benchmark'].heading}' only")
            value = _value(raw["benchmark"], by_key["benchmark"])
            if value.strip():
                _append(lists[SECTIONS[section]], value, cell["benchmark"])
            continue
        benchmark = _mapping(cell["benchmark"])
        for key in ("benchmark", "person", "date", "status", "monitoring"):
            value = _value(raw[key], by_key[key])
            if key == "monitoring" and (section == PROCESS or value == ""):
                if value != "":
                    reader.error(cell[key], "only early evidence of change benchmarks say how they "
                                            "will be monitored")
                continue
            _put(benchmark, key, value if key != "status" or value else DEFAULT_STATUS, cell[key])
        _append(lists[SECTIONS[section]], benchmark, cell["benchmark"])
    for key, items in lists.items():
        _put(initiative, key, items, items.location)
    return initiative


def _read_steps(reader: _Reader, sheet: Any, index: int) -> list[Node]:
    header = _find_header(sheet, STEP_COLUMNS[0].heading)
    assert header is not None
    where = _columns(reader, sheet, index, header, STEP_COLUMNS)
    if where is None:
        return []
    by_key = {c.key: c for c in STEP_COLUMNS}
    strategies: dict[str, Node] = {}
    current: Node | None = None
    for row in range(header + 1, sheet.max_row + 1):
        raw = _row_values(sheet, row, where)
        if _empty(raw):
            continue
        cell = {key: reader.at(sheet, index, row, c) for key, c in where.items()}
        name = _value(raw["strategy"], by_key["strategy"]).strip()
        if name:
            current = strategies.get(_label(name))
            if current is None:
                current = _mapping(cell["strategy"])
                _put(current, "strategy", name, cell["strategy"])
                _put(current, "action_steps", _sequence(cell["strategy"]), cell["strategy"])
                strategies[_label(name)] = current
        elif current is None:
            reader.error(cell["strategy"], "name the strategy this action step carries out")
            continue
        team = _value(raw["team"], by_key["team"]).strip()
        if team and "team" not in current:
            _put(current, "team", team, cell["team"])
        elif team and _label(team) != _label(current["team"]):
            reader.error(cell["team"], f"team '{team}' differs from '{current['team']}' given for "
                                       f"this strategy in {place(reader.cells[current.value_lines['team']])}")
        step_values = {k: raw[k] for k in ("step", "resources", "measures", "owner", "deadline")}
        if _empty(step_values):
            continue  # the strategy's own row, without steps yet
        step = _mapping(cell["step"])
        for key in step_values:
            value = _value(raw[key], by_key[key])
            if by_key[key].kind == "lines":
                items = _sequence(cell[key])
                for line in value:
                    _append(items, line, cell[key])
                value = items
            _put(step, key, value, cell[key])
        _append(current["action_steps"], step, cell["step"])
    return list(strategies.values())


def _read_about(reader: _Reader, sheet: Any, index: int, data: Node) -> None:
    for label, key in ((DISTRICT, "district"), (PLAN_YEAR, "plan_year")):
        row = _find_header(sheet, label)
        if row is None:
            continue
        value = sheet.cell(row=row, column=2).value
        if value is not None and str(value).strip():
            _put(data, key, _value(value, Column(label, key, 0)).strip(),
                 reader.at(sheet, index, row, 2))


def _kind(sheet: Any) -> str | None:
    if _find_header(sheet, DISTRICT) is not None and _find_header(sheet, PLAN_YEAR) is not None:
        return "about"
    if _find_header(sheet, STEP_COLUMNS[0].heading) is not None:
        return "steps"
    if _find_header(sheet, INITIATIVE) is not None or _find_header(
            sheet, INITIATIVE_COLUMNS[0].heading) is not None:
        return "initiative"
    return None


def workbook_data(path: Path) -> tuple[Node, _Reader]:
    """The workbook's cells as a plan file's data, and the reader that knows every cell."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    reader = _Reader(path)
    try:
        book = load_workbook(path, data_only=True)
    except FileNotFoundError:
        raise ToolkitError.at(path, 0, "file not found") from None
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ToolkitError.at(path, 0, f"not a workbook that can be read (.xlsx): {exc}") from None
    data = _mapping(Location(reader.shown, 1))
    initiatives = _sequence(Location(reader.shown, 1))
    strategies: list[Node] = []
    for index, sheet in enumerate(book.worksheets):
        kind = _kind(sheet)
        if kind == "about":
            _read_about(reader, sheet, index, data)
        elif kind == "initiative":
            initiative = _read_initiative(reader, sheet, index)
            if initiative is not None:
                _append(initiatives, initiative, initiative.location)
        elif kind == "steps":
            strategies.extend(_read_steps(reader, sheet, index))
        elif sheet.max_row > 1 or sheet.cell(row=1, column=1).value is not None:
            reader.warning(reader.at(sheet, index, 1, 1),
                           f"sheet '{sheet.title}' is not part of the plan (no '{INITIATIVE}', "
                           f"'{STEP_COLUMNS[0].heading}' or '{DISTRICT}' label in column A); it "
                           f"is ignored")
    if initiatives:
        _put(data, "initiatives", initiatives, initiatives.location)
    if strategies:
        items = _sequence(strategies[0].location)
        for strategy in strategies:
            _append(items, strategy, strategy.location)
        _put(data, "strategies", items, items.location)
    return data, reader


def load_workbook_plan(path: str | Path) -> tuple[Plan | None, Problems]:
    """Read a plan workbook as :func:`toolkit.plan.model.load_plan` reads a plan file."""
    path = Path(path)
    data, reader = workbook_data(path)
    plan, problems = plan_from_data(data, path)
    found = Problems()
    for problem in [*reader.problems, *problems]:
        found.extend([dataclasses.replace(problem, location=reader.cells.get(
            problem.location.line, problem.location))] if not isinstance(problem.location, CellLocation)
            else [problem])
    return (_relocate(plan, reader.cells) if plan is not None else None), found


def _relocate(value: Any, cells: dict[int, CellLocation]) -> Any:
    """``value`` with every synthetic place replaced by its cell."""
    if isinstance(value, CellLocation):
        return value
    if isinstance(value, Location):
        return cells.get(value.line, value)
    if isinstance(value, Benchmark | ActionStep | Initiative | Strategy | Plan):
        changes = {f.name: _relocate(getattr(value, f.name), cells) for f in dataclasses.fields(value)
                   if f.name in ("location", "lines") or isinstance(getattr(value, f.name), list)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [_relocate(v, cells) for v in value]
    if isinstance(value, dict):
        return {k: _relocate(v, cells) for k, v in value.items()}
    return value

