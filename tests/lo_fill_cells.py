"""Type into cells of a workbook with LibreOffice, as a person would, and save it as .xlsx.

Run with Debian's python3 (which has the `uno` module), not the project's venv:
    /usr/bin/python3 tests/lo_fill_cells.py IN.xlsx OUT.xlsx CELLS.json
CELLS.json: {"Sheet name": {"B2": "text", "G5": "partly"}}
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue


def prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def position(ref: str) -> tuple[int, int]:
    letters = "".join(c for c in ref if c.isalpha())
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter.upper()) - 64
    return column - 1, int(ref[len(letters) :]) - 1


def main() -> None:
    source, target, cells_file = sys.argv[1:4]
    with open(cells_file, encoding="utf-8") as handle:
        cells = json.load(handle)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    pipe = f"readiness{os.getpid()}"
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        for _ in range(120):
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, (prop("Hidden", True),)
        )
        for sheet_name, values in cells.items():
            sheet = doc.Sheets.getByName(sheet_name)
            for ref, value in values.items():
                column, row = position(ref)
                sheet.getCellByPosition(column, row).setString(value)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(target)),
            (prop("FilterName", "Calc MS Excel 2007 XML"),),
        )
        doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            if desktop is not None:
                desktop.terminate()
        office.terminate()
        try:
            office.wait(20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
