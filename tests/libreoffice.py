"""Editing a workbook in LibreOffice Calc for real, from a test.

A LibreOffice Basic macro, installed in a throwaway user profile, opens the
workbook in Calc, types into cells (text, or dates as Calc stores them: day
numbers formatted as dates) and saves it as Excel 2007-365 (.xlsx) with
Calc's own filter, as a district office person would with File > Save As.
Macros in the profile's "My Macros" library run without a security prompt;
the macro closes the document on any error, so a mistake in a test ends the
process instead of leaving a dialog open.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"""
_SCRIPTS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""
_DIALOGS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false"/>
"""
_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub EditWorkbook(inPath As String, outPath As String, edits As String)
  On Error GoTo Failed
  Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
  loadArgs(0).Name = &quot;Hidden&quot;
  loadArgs(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), &quot;_blank&quot;, 0, loadArgs())
  For Each edit In Split(edits, &quot;;;&quot;)
    parts = Split(edit, &quot;::&quot;)
    cell = doc.Sheets.getByIndex(CInt(parts(0))).getCellRangeByName(parts(1))
    If parts(2) = &quot;date&quot; Then
      cell.setValue(DateSerial(CInt(Left(parts(3), 4)), CInt(Mid(parts(3), 6, 2)), CInt(Right(parts(3), 2))))
    Else
      cell.setString(parts(3))
    End If
  Next
  Dim saveArgs(0) As New com.sun.star.beans.PropertyValue
  saveArgs(0).Name = &quot;FilterName&quot;
  saveArgs(0).Value = &quot;Calc MS Excel 2007 XML&quot;
  doc.storeToURL(ConvertToURL(outPath), saveArgs())
  doc.close(True)
  Exit Sub
Failed:
  If Not IsNull(doc) Then doc.close(True)
End Sub
</script:module>
"""


def _profile(folder: Path) -> Path:
    """A LibreOffice user profile holding the macro; made by LibreOffice itself first."""
    if not (folder / "user").is_dir():
        subprocess.run(["soffice", f"-env:UserInstallation={folder.resolve().as_uri()}", "--headless",
                        "--terminate_after_init"], check=True, capture_output=True, timeout=180)
    basic = folder / "user" / "basic"
    (basic / "Standard").mkdir(parents=True, exist_ok=True)
    (basic / "script.xlc").write_text(_LIBRARY, encoding="utf-8")
    (basic / "dialog.xlc").write_text(_LIBRARY, encoding="utf-8")
    (basic / "Standard" / "script.xlb").write_text(_SCRIPTS, encoding="utf-8")
    (basic / "Standard" / "dialog.xlb").write_text(_DIALOGS, encoding="utf-8")
    (basic / "Standard" / "Module1.xba").write_text(_MODULE, encoding="utf-8")
    return folder


def edit_workbook(source: Path, target: Path, edits: list[tuple[int, str, str]], profile: Path,
                  *, dates: dict[str, str] | None = None) -> None:
    """Open ``source`` in Calc, apply ``edits`` and save the result as ``target`` (.xlsx).

    ``edits`` are ``(sheet index, cell, text)``; a cell named in ``dates``
    (``"1!D10"``: sheet index and cell) gets that date, typed as Calc stores
    dates, instead of text.
    """
    dates = dates or {}
    parts = []
    for sheet, cell, text in edits:
        key = f"{sheet}!{cell}"
        kind, value = ("date", dates[key]) if key in dates else ("text", text)
        for piece in (cell, value):
            assert '"' not in piece and ";;" not in piece and "::" not in piece, piece
        parts.append("::".join((str(sheet), cell, kind, value)))
    macro = (f'macro:///Standard.Module1.EditWorkbook("{source.resolve()}","{target.resolve()}",'
             f'"{";;".join(parts)}")')
    command = ["soffice", f"-env:UserInstallation={_profile(profile).resolve().as_uri()}", "--headless",
               "--norestore", macro]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        process.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    if not target.is_file():
        raise AssertionError(f"LibreOffice did not save {target}")


def to_pdf(source: Path, folder: Path, profile: Path) -> Path:
    """Print a workbook (or any document) to PDF with LibreOffice."""
    subprocess.run(["soffice", f"-env:UserInstallation={_profile(profile).resolve().as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return folder / (source.stem + ".pdf")
