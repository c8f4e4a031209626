"""Fill a readiness questionnaire workbook with LibreOffice, as a respondent would.

Run with Debian's python3 (which has the `uno` module), not the project's venv:
    /usr/bin/python3 tests/lo_fill.py IN.xlsx OUT.xlsx ANSWERS.json
ANSWERS.json: {"respondent": "r01", "role": "GP",
               "answers": {"<field name>": "Agree"}, "comments": {"<field name>": "text"}}
It starts a headless LibreOffice, opens the workbook, types into the answer cells found by
the hidden field-name column, and saves it as .xlsx.
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


def main() -> None:
    source, target, answers_file = sys.argv[1:4]
    with open(answers_file, encoding="utf-8") as handle:
        data = json.load(handle)
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
        sheets = doc.Sheets
        intro = sheets.getByName("Instructions")
        for row in range(0, 60):
            label = intro.getCellByPosition(0, row).getString()
            if label.startswith("Your pseudonym"):
                intro.getCellByPosition(1, row).setString(data["respondent"])
            elif label == "Your role" and data.get("role"):
                intro.getCellByPosition(1, row).setString(data["role"])
        for index in range(sheets.getCount()):
            sheet = sheets.getByIndex(index)
            for row in range(1, 400):
                name = sheet.getCellByPosition(6, row).getString()
                if not name:
                    continue
                if name in data["answers"]:
                    value = data["answers"][name]
                    cell = sheet.getCellByPosition(3, row)
                    if isinstance(value, (int, float)):
                        cell.setValue(value)
                    else:
                        cell.setString(value)
                if name.replace("~answer", "~comment") in data.get("comments", {}):
                    sheet.getCellByPosition(4, row).setString(
                        data["comments"][name.replace("~answer", "~comment")]
                    )
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(target)),
            (prop("FilterName", "Calc MS Excel 2007 XML"),),
        )
        doc.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        office.terminate()
        try:
            office.wait(20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
