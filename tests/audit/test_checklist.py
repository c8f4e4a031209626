"""The reviewer's audit checklist (`readiness review`): what it lists, a reproducible sample,
and the way back into review.yaml, filled as reviewers fill it: by hand (YAML), in LibreOffice
(the workbook) and with pdftk (the PDF form). Exact or refused, nothing written on a refusal."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pypdf
import pytest
import yaml
from openpyxl import load_workbook

from readiness import api
from readiness.audit.checklist import Reason, build_checklist
from readiness.scoring.model import AssessmentResult, FactStatus

from ..helpers import (
    DATA,
    OAKFIELD,
    REPO,
    RIVERSIDE,
    RunCli,
    fill_pdf,
    flat,
    needs,
    pdf_catalog,
    pdf_text,
    writer_field,
)


def _ids(rows: object) -> list[str]:
    return [f"{r.framework_id}/{r.item.id}" for r in rows]  # type: ignore[attr-defined]


def test_contested_facts_come_first_then_essential_conditions_then_the_other_facts(
    site: Path,
) -> None:
    result = api.score(site)
    checklist = build_checklist(result)
    reasons = [r.reason for r in checklist.rows]
    assert reasons == sorted(reasons, key=list(Reason).index)
    contested = [r for r in checklist.rows if r.reason == Reason.CONTESTED]
    # Delivery conditions' record access: link workers say L2 and L4 (rule 3).
    assert "delivery-conditions/DC7" in _ids(contested)
    essential = {f"{r.framework_id}/{r.item.id}" for r in checklist.rows if r.item.critical}
    every_critical = {
        f"{(i.item.ref.framework_id if i.item.ref else fr.framework.id)}/"
        f"{(i.item.ref.item_id if i.item.ref else i.item.id)}"
        for fr in result.frameworks
        for i in fr.items
        if i.item.critical
    }
    assert essential == every_critical
    # A fact asked once and reused (five-mechanisms IT1 is DC7) is listed once, at home.
    assert "five-mechanisms/IT1" not in _ids(checklist.rows)
    assert len(set(_ids(checklist.rows))) == len(checklist.rows)
    # Without a sample every fact is listed, each once: 40 in the bundled 3.0.0 frameworks
    # (32 in delivery-conditions, 2 of its own in five-mechanisms, 6 in rainbow).
    facts = {f"{r.framework_id}/{r.item.id}" for r in checklist.rows if r.item.fact}
    assert len(facts) == 40


def test_a_sample_is_reproducible_from_its_seed(site: Path) -> None:
    result = api.score(site)
    first = build_checklist(result, sample=3, seed=11)
    again = build_checklist(result, sample=3, seed=11)
    other = build_checklist(result, sample=3, seed=12)
    sampled = [r for r in first.rows if r.reason == Reason.SAMPLED]
    assert len(sampled) == 3 and _ids(first.rows) == _ids(again.rows)
    assert _ids(first.rows) != _ids(other.rows)
    # Contested facts and essential conditions are always in, whatever the sample.
    always = [r for r in first.rows if r.reason in (Reason.CONTESTED, Reason.ESSENTIAL)]
    assert _ids(always) == _ids(
        r for r in build_checklist(result).rows if r.reason in (Reason.CONTESTED, Reason.ESSENTIAL)
    )


def _documented_population(result: AssessmentResult) -> list[str]:
    """The other facts a sample is drawn from, worked out from docs/audits.md alone: each
    fact once, in the order first asked going through the frameworks, a reused fact by its
    home framework's id (and judged there, when its home is scored); contested facts,
    essential ones and reviewed ones left out (they are always listed)."""
    review = result.assessment.review
    order: list[str] = []
    judged: dict[str, Any] = {}
    for fr in result.frameworks:
        for item in fr.items:
            ref = item.item.ref
            home = (
                f"{ref.framework_id}/{ref.item_id}" if ref else f"{fr.framework.id}/{item.item.id}"
            )
            if home not in order:
                order.append(home)
            if ref is None or home not in judged:
                judged[home] = item
    ids = []
    for home in order:
        item = judged[home]
        framework_id, item_id = home.split("/")
        if (
            item.item.fact
            and not item.item.critical
            and item.fact_status != FactStatus.CONTESTED
            and (review is None or review.check_of(framework_id, item_id) is None)
        ):
            ids.append(home)
    return ids


@pytest.mark.parametrize(("size", "seed"), [(5, 2026), (1, 7), (999_999, 3)])
def test_a_sample_is_drawn_as_the_docs_say(site: Path, size: int, seed: int) -> None:
    """Reproducible from the docs (helper-41: the population's order was described as the
    frameworks' order, but reused facts stand under their home); a size beyond the facts
    there are draws them all and records how many were drawn."""
    result = api.score(site)
    population = _documented_population(result)
    checklist = build_checklist(result, sample=size, seed=seed)
    drawn = random.Random(seed).sample(population, min(size, len(population)))
    sampled = [
        f"{r.framework_id}/{r.item.id}" for r in checklist.rows if r.reason == Reason.SAMPLED
    ]
    assert sampled == [key for key in population if key in set(drawn)]
    assert checklist.sample_size == min(size, len(population))


def test_yaml_checklist_filled_by_hand_becomes_the_review_exactly(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    checklist = tmp_path / "checklist.yaml"
    result = run_cli("review", site, "-o", checklist, "--sample", "2", "--seed", "4")
    assert result.exit_code == 0, result.output
    text = checklist.read_text()
    assert "sample: {size: 2, seed: 4}" in text
    assert (
        "# Respondents: PCN clinical director or PCN manager (does not decide): Level 4: read "
        "and write at some practices ×1" in text
    )
    filled = (
        text.replace("reviewer:\n  name:\n", "reviewer:\n  name: Sam Patel\n")
        .replace("visits: []", "visits: [2026-10-13]")
        .replace(
            "    DC7:\n      verified:\n      finding:\n      evidence: []\n",
            "    DC7:\n      verified: L4\n      finding: supports\n      evidence:\n"
            "        - {title: Access register, seen: 2026-10-13}\n",
        )
    )
    checklist.write_text(filled)
    result = run_cli("import", checklist, "--into", site)
    assert result.exit_code == 0, result.output
    assert (site / "review.yaml").read_text() == filled
    scored = api.score(site)
    dc7 = next(i for fr in scored.frameworks for i in fr.items if i.item.id == "DC7")
    assert dc7.verified and dc7.score == 80.0 and dc7.reported_score == 40.0


def _workbook_cells(form: Path) -> dict[str, dict[str, str]]:
    """What a reviewer types into the workbook: the Review sheet, and DC7 with two pieces of
    evidence (the second on a row of its own)."""
    sheet = load_workbook(form)["Checklist"]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "DC7")
    return {
        "Review": {
            "B2": "Sam Patel",
            "B3": "Northgate & Co",
            "B4": "2026-10-13, 2026-10-14",
            "B5": "Dr Amara Okoye",
            "B6": "PCN clinical director",
            "B7": "2026-10-20",
            "B8": "I confirm the facts are accurate.",
        },
        "Checklist": {
            f"G{row}": "L4",
            f"H{row}": "supports",
            f"I{row}": "Smartcard access register",
            f"J{row}": "=IT lead's register",
            f"K{row}": "2026-10-14",
            f"O{row}": "Read-only at Eastgate “for now”",
            f"A{sheet.max_row + 1}": "delivery-conditions",
            f"B{sheet.max_row + 1}": "DC7",
            f"I{sheet.max_row + 1}": "Data-sharing agreement",
            f"K{sheet.max_row + 1}": "2026-10-13",
        },
    }


def _assert_dc7_review(site: Path, evidence: int) -> None:
    review = yaml.safe_load((site / "review.yaml").read_text())
    assert review["reviewer"]["name"] == "Sam Patel"
    dc7 = review["items"]["delivery-conditions"]["DC7"]
    assert dc7["verified"] == "L4" and dc7["finding"] == "supports"
    assert len(dc7["evidence"]) == evidence
    assert dc7["evidence"][0]["title"].startswith("Smartcard access register")


@pytest.mark.slow
@needs("soffice")
def test_workbook_filled_in_libreoffice_becomes_the_review(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    cells = tmp_path / "cells.json"
    cells.write_text(json.dumps(_workbook_cells(form)))
    filled = tmp_path / "filled.xlsx"
    subprocess.run(
        [
            "/usr/bin/python3",
            str(REPO / "tests" / "lo_fill_cells.py"),
            str(form),
            str(filled),
            str(cells),
        ],
        check=True,
        timeout=300,
    )
    result = run_cli("import", filled, "--into", site)
    assert result.exit_code == 0, result.output
    _assert_dc7_review(site, evidence=2)
    review = yaml.safe_load((site / "review.yaml").read_text())
    dc7 = review["items"]["delivery-conditions"]["DC7"]
    assert dc7["evidence"][0]["reference"] == "=IT lead's register"  # typed text, kept as text
    assert dc7["note"] == "Read-only at Eastgate “for now”"
    assert review["attestation"]["statement"] == "I confirm the facts are accurate."


def test_a_workbook_filled_by_a_program_and_its_refusals(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    cells = _workbook_cells(form)
    wb = load_workbook(form)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
            wb[sheet][ref].data_type = "s"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    # An answer off the item's scale is refused at its row; nothing is written.
    row = next(int(ref[1:]) for ref in cells["Checklist"] if ref.startswith("G"))
    wb["Checklist"][f"G{row}"] = "L9"
    wb.save(tmp_path / "bad.xlsx")
    result = run_cli("import", tmp_path / "bad.xlsx", "--into", site)
    assert result.exit_code == 1
    assert f"bad.xlsx:{row}: Checklist!G{row}: items.delivery-conditions.DC7.verified" in result.err
    assert not (site / "review.yaml").exists()
    wb["Checklist"][f"G{row}"] = "L4"
    wb["Checklist"][f"K{row}"] = "14/10/2026"
    wb.save(tmp_path / "date.xlsx")
    result = run_cli("import", tmp_path / "date.xlsx", "--into", site)
    assert result.exit_code == 1 and "'14/10/2026' is not a date" in result.err
    assert not (site / "review.yaml").exists()
    # Filled properly: written; a second import needs --replace.
    assert run_cli("import", filled, "--into", site).exit_code == 0
    _assert_dc7_review(site, evidence=2)
    before = (site / "review.yaml").read_bytes()
    again = run_cli("import", filled, "--into", site)
    assert again.exit_code == 1 and "give --replace" in again.err
    assert (site / "review.yaml").read_bytes() == before
    assert run_cli("import", filled, "--into", site, "--replace").exit_code == 0


def test_a_workbook_problem_is_told_at_the_cell_it_was_typed_in(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Each problem names the cell holding the value: the row of the piece of evidence it is
    about, and the row where a note was typed, not the item's first row."""
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    cells = _workbook_cells(form)
    wb = load_workbook(form)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
            wb[sheet][ref].data_type = "s"
    first = next(int(ref[1:]) for ref in cells["Checklist"] if ref.startswith("G"))
    second = next(int(ref[1:]) for ref in cells["Checklist"] if ref.startswith("A"))
    # A second piece of evidence that expires before it was seen, on the item's second row.
    wb["Checklist"][f"L{second}"] = "2026-01-01"
    wb.save(tmp_path / "dates.xlsx")
    result = run_cli("import", tmp_path / "dates.xlsx", "--into", site)
    assert result.exit_code == 1
    assert f"dates.xlsx:{second}: Checklist!L{second}: " in result.err
    assert "expires on 2026-01-01, before it was seen (2026-10-13)" in result.err
    assert f":{first}:" not in result.err
    # A note too long, typed on the second row, and a long evidence title there: each at its
    # own cell, the title shortened where it names the piece of evidence.
    wb["Checklist"][f"L{second}"] = None
    wb["Checklist"][f"O{first}"] = None
    wb["Checklist"][f"O{second}"] = "n" * 2001
    wb["Checklist"][f"I{second}"] = "t" * 301
    wb.save(tmp_path / "long.xlsx")
    result = run_cli("import", tmp_path / "long.xlsx", "--into", site)
    assert result.exit_code == 1
    assert f"long.xlsx:{second}: Checklist!O{second}: items.delivery-conditions.DC7.note" in (
        result.err
    )
    assert f"long.xlsx:{second}: Checklist!I{second}: " in result.err
    assert "t" * 300 not in result.err and "…" in result.err
    # A piece of evidence without the date it was seen: the cell to fill in (helper-69).
    wb["Checklist"][f"O{second}"] = None
    wb["Checklist"][f"I{second}"] = "Data-sharing agreement"
    wb["Checklist"][f"K{second}"] = None
    wb.save(tmp_path / "unseen.xlsx")
    result = run_cli("import", tmp_path / "unseen.xlsx", "--into", site)
    assert result.exit_code == 1
    assert f"unseen.xlsx:{second}: Checklist!K{second}: " in result.err
    assert "missing required key 'seen'" in result.err
    assert not (site / "review.yaml").exists()


def test_a_pdf_checklist_problem_is_told_at_the_box_it_was_typed_in(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A PDF's problems name the box as the form prints it, never the field's inner name."""
    form = tmp_path / "checklist.pdf"
    assert run_cli("review", site, "-o", form).exit_code == 0
    values = {
        "rv~reviewer~name": "Sam Patel",
        "rv~visits": "2026-10-13, 2026-13-01",
        "rv~delivery-conditions~DC7~title": "Smartcard access register",
        "rv~delivery-conditions~DC7~seen": "13/10/2026",
    }
    dates = fill_pdf(form, values, tmp_path / "dates.pdf")
    result = run_cli("import", dates, "--into", site)
    assert result.exit_code == 1
    assert (
        "the “Visit dates” box on the form's first page: '2026-13-01' is not a date" in result.err
    )
    assert "delivery-conditions DC7, the “Seen” box: '13/10/2026' is not a date" in result.err
    assert "rv~" not in result.err
    values["rv~visits"] = "2026-10-13"
    values["rv~delivery-conditions~DC7~seen"] = "2026-10-14"
    late = fill_pdf(form, values, tmp_path / "late.pdf")
    result = run_cli("import", late, "--into", site)
    assert result.exit_code == 1
    assert (
        "delivery-conditions DC7, the “Seen” box: items.delivery-conditions.DC7.evidence.seen: "
        "seen on 2026-10-14, after the last visit (2026-10-13)" in result.err
    )
    assert not (site / "review.yaml").exists()


def test_a_checklist_of_another_site_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    checklist = tmp_path / "c.yaml"
    assert run_cli("review", site, "-o", checklist).exit_code == 0
    text = checklist.read_text().replace("ods_code: U12345", "ods_code: U99999")
    checklist.write_text(
        text.replace("reviewer:\n  name:\n", "reviewer:\n  name: Sam\n").replace(
            "visits: []", "visits: [2026-10-13]"
        )
    )
    result = run_cli("import", checklist, "--into", site)
    assert result.exit_code == 1 and "this review is of Riverside" in result.err
    assert not (site / "review.yaml").exists()
    nowhere = run_cli("import", checklist, "--into", tmp_path / "nosuch")
    assert nowhere.exit_code == 1 and "is not an assessment folder" in nowhere.err
    assert not (tmp_path / "nosuch").exists()
    mixed = run_cli(
        "import", checklist, REPO / "examples" / "oakfield-practice.yaml", "--into", site
    )
    assert mixed.exit_code == 1 and "imported on its own" in mixed.err


def test_the_pdf_checklist_reads_as_a_checklist(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "checklist.pdf"
    result = run_cli("review", site, "-o", form, "--sample", "2")
    assert result.exit_code == 0, result.output
    text = flat(" ".join(pdf_text(form)))
    assert "Audit checklist Riverside Primary Care Network" in text
    assert "What access do link workers have to the clinical record?" in text
    assert (
        "Respondents: PCN clinical director or PCN manager (does not decide): Level 4: read "
        "and write at some practices ×1" in text
    )
    again = tmp_path / "again.pdf"
    run_cli("review", site, "-o", again, "--sample", "2")
    assert again.read_bytes() == form.read_bytes()


@pytest.mark.slow
@needs("pdftk")
def test_pdf_checklist_filled_by_pdftk_becomes_the_review(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    form = tmp_path / "checklist.pdf"
    assert run_cli("review", site, "-o", form).exit_code == 0
    fields = pypdf.PdfReader(form).get_fields() or {}
    verified = fields["rv~delivery-conditions~DC7~verified"]
    state = str(list(verified["/Opt"]).index("L4"))
    values = {
        "rv~reviewer~name": "Sam Patel",
        "rv~visits": "2026-10-13",
        "rv~delivery-conditions~DC7~verified": state,
        "rv~delivery-conditions~DC7~finding": "0",
        "rv~delivery-conditions~DC7~title": "Smartcard access register & list",
        "rv~delivery-conditions~DC7~seen": "2026-10-13",
        "rv~delivery-conditions~DC7~note": "Read-only at Eastgate <for now>",
    }
    body = "".join(
        f'<field name="{name}"><value>{value.replace("&", "&amp;").replace("<", "&lt;")}'
        "</value></field>"
        for name, value in values.items()
    )
    xfdf = tmp_path / "data.xfdf"
    xfdf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xfdf xmlns="http://ns.adobe.com/xfdf/" '
        f'xml:space="preserve"><fields>{body}</fields></xfdf>',
        encoding="utf-8",
    )
    filled = tmp_path / "filled.pdf"
    subprocess.run(
        ["pdftk", str(form), "fill_form", str(xfdf), "output", str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = run_cli("import", filled, "--into", site)
    assert result.exit_code == 0, result.output
    _assert_dc7_review(site, evidence=1)
    review = yaml.safe_load((site / "review.yaml").read_text())
    assert (
        review["items"]["delivery-conditions"]["DC7"]["note"] == "Read-only at Eastgate <for now>"
    )


def test_a_workbook_without_visit_dates_is_refused_at_its_cell(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The checklist of a reviewed site, its visit dates or sign-off date cleared: refused at
    the cell (it was an internal error: evidence is checked against the last visit), and the
    review there stays as it was."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    before = (folder / "review.yaml").read_bytes()
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    for cell, key, message in [
        ("B4", "visits", "needs at least 1 entry"),
        ("B7", "attestation.date", "must be a date written YYYY-MM-DD, not empty"),
    ]:
        wb = load_workbook(form)
        wb["Review"][cell] = None
        cleared = tmp_path / f"no-{cell}.xlsx"
        wb.save(cleared)
        result = run_cli("import", cleared, "--into", folder, "--replace")
        assert result.exit_code == 1, result.output
        row = cell[1:]
        assert f"no-{cell}.xlsx:{row}: Review!{cell}: {key}: {message}" in result.err
        assert (folder / "review.yaml").read_bytes() == before


def test_a_date_cell_is_a_day_and_a_time_in_it_is_refused(tmp_path: Path, run_cli: RunCli) -> None:
    """A spreadsheet's date cell holds midnight of its day, which is that day; a time typed as
    well would be lost by keeping the day only, so it is refused at its cell."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    for when, refused in (
        (dt.datetime(2026, 10, 20, 9, 30), True),
        (dt.datetime(2026, 10, 20), False),
    ):
        wb = load_workbook(form)
        wb["Review"]["B7"] = when
        filled = tmp_path / f"signed-{when:%H%M}.xlsx"
        wb.save(filled)
        result = run_cli("import", filled, "--into", folder, "--replace")
        if refused:
            assert result.exit_code == 1, result.output
            assert (
                f"{filled.name}:7: Review!B7: '2026-10-20 09:30:00' is not a date: write it as "
                in result.err
            )
        else:
            assert result.exit_code == 0, result.output
            review = yaml.safe_load((folder / "review.yaml").read_text())
            assert review["attestation"]["date"] == dt.date(2026, 10, 20)


def test_an_item_given_two_different_answers_on_two_rows_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An extra row for an item brings more evidence; a second, different verified answer or
    note on it is refused at its cell, naming the first (it used to win silently). The same
    answer repeated beside new evidence is fine."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    wb = load_workbook(form)
    sheet = wb["Checklist"]
    header = [c.value for c in sheet[1]]
    column = {name: header.index(name) + 1 for name in ("Item", "Verified answer", "Note")}
    first = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value == "DC8")
    extra = sheet.max_row + 1
    for n, cell in enumerate(sheet[first], 1):
        sheet.cell(extra, n).value = cell.value
    for row, answer, note in ((first, "yes", "first note"), (extra, "no", "second note")):
        sheet.cell(row, column["Verified answer"]).value = answer
        sheet.cell(row, column["Note"]).value = note
    wb.save(tmp_path / "twice.xlsx")
    before = (folder / "review.yaml").read_bytes()
    result = run_cli("import", tmp_path / "twice.xlsx", "--into", folder, "--replace")
    assert result.exit_code == 1
    assert (
        f"twice.xlsx:{extra}: Checklist!G{extra}: this item's verified answer is 'yes' on row "
        f"{first} and 'no' here" in result.err
    )
    assert f"Checklist!O{extra}: this item's note is 'first note' on row {first}" in result.err
    assert (folder / "review.yaml").read_bytes() == before
    sheet.cell(extra, column["Verified answer"]).value = "yes"
    sheet.cell(extra, column["Note"]).value = None
    wb.save(tmp_path / "again.xlsx")
    assert run_cli("import", tmp_path / "again.xlsx", "--into", folder, "--replace").exit_code == 0
    review = yaml.safe_load((folder / "review.yaml").read_text())
    assert review["items"]["delivery-conditions"]["DC8"]["verified"] == "yes"
    assert review["items"]["delivery-conditions"]["DC8"]["note"] == "first note"


def test_a_seed_readiness_cannot_keep_exactly_is_refused_naming_the_file_read(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """`review` refuses a seed or sample of more than 15 digits (a checklist it wrote could
    not be read back); one typed into a checklist is refused in the checklist, at its line,
    never in the review file that import did not write."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    (folder / "review.yaml").unlink()
    form = tmp_path / "checklist.yaml"
    for option in ("--seed", "--sample"):
        args = ["--sample", "2", option, str(10**15)] if option == "--seed" else [option, "1e16"]
        refused = run_cli("review", folder, "-o", form, *args)
        assert refused.exit_code == 2 and not form.exists(), refused.err
    big = run_cli("review", folder, "-o", form, "--sample", "2", "--seed", str(10**15 - 1))
    assert big.exit_code == 0, big.err
    assert run_cli("review", folder, "-o", form, "--sample", "2", "--seed", "5").exit_code == 0
    text = form.read_text(encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("sample:"))
    form.write_text(text.replace("seed: 5}", "seed: 1152921504606846977}"), encoding="utf-8")
    result = run_cli("import", form, "--into", folder)
    assert result.exit_code == 1
    assert result.err.startswith(f"{form}:{line}: sample.seed: 1152921504606846977 has more than")
    assert not (folder / "review.yaml").exists()


def test_an_import_warns_as_a_score_would(tmp_path: Path, run_cli: RunCli) -> None:
    """A checklist whose evidence file is not beside the assessment is imported (the file may
    come later), with the warning a score would give, at the checklist's own line."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    checklist = tmp_path / "checklist.yaml"
    text = (folder / "review.yaml").read_text(encoding="utf-8")
    moved = "evidence/safeguarding-route-summary.txt"
    checklist.write_text(text.replace(moved, "evidence/missing.txt"), encoding="utf-8")
    line = text[: text.index(moved)].count("\n") + 1
    (folder / "review.yaml").unlink()
    result = run_cli("import", checklist, "--into", folder)
    assert result.exit_code == 0, result.err
    assert f"{checklist}:{line}: " in result.err
    assert "evidence/missing.txt is not here, so its sha256 was not checked" in result.err
    scored = run_cli("score", folder)
    assert "evidence/missing.txt is not here, so its sha256 was not checked" in scored.err


def test_a_checklist_whose_columns_moved_or_grew_or_whose_rows_lost_their_item_is_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The checklist is read by its columns: a column inserted (its text would be read as the
    next field's, and the notes lost), text beyond the Note column (never read), and a row
    whose Framework or Item was cleared (its answer would belong to no item) are each refused
    at their cell, and the review stays as it was. Text the reviewer typed is kept exactly."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    before = (folder / "review.yaml").read_bytes()

    def refused(name: str, change: object) -> str:
        wb = load_workbook(form)
        change(wb["Checklist"])  # type: ignore[operator]
        wb.save(tmp_path / name)
        result = run_cli("import", tmp_path / name, "--into", folder, "--replace")
        assert result.exit_code == 1, result.output
        assert (folder / "review.yaml").read_bytes() == before
        return result.err

    def insert(sheet: object) -> None:
        sheet.insert_cols(15)  # type: ignore[attr-defined]
        sheet.cell(1, 15).value = "My remarks"  # type: ignore[attr-defined]

    err = refused("inserted.xlsx", insert)
    assert "Checklist!O1: should be the heading 'Note', not 'My remarks'" in err
    err = refused("beyond.xlsx", lambda sheet: setattr(sheet["P3"], "value", "important"))
    assert "beyond.xlsx:3: Checklist!P3: holds text beyond the checklist's last column" in err
    wb = load_workbook(form)
    dc7 = next(
        r
        for r in range(2, wb["Checklist"].max_row + 1)
        if wb["Checklist"].cell(r, 2).value == "DC7"
    )

    def orphan(sheet: object) -> None:
        sheet[f"A{dc7}"].value = None  # type: ignore[index]
        sheet[f"G{dc7}"].value = "L4"  # type: ignore[index]

    err = refused("orphan.xlsx", orphan)
    assert f"Checklist!A{dc7}: this row has entries but no framework" in err

    wb = load_workbook(form)
    wb["Checklist"][f"G{dc7}"] = "L4"
    wb["Checklist"][f"I{dc7}"] = " Access log "
    wb["Checklist"][f"O{dc7}"] = "  seen on screen  "
    wb.save(tmp_path / "typed.xlsx")
    result = run_cli("import", tmp_path / "typed.xlsx", "--into", folder, "--replace")
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load((folder / "review.yaml").read_text())["items"]["delivery-conditions"]
    assert entry["DC7"]["note"] == "  seen on screen  "
    assert entry["DC7"]["evidence"][0]["title"] == " Access log "


def _checklist_row(sheet: object, item: str) -> int:
    return next(
        r
        for r in range(2, sheet.max_row + 1)  # type: ignore[attr-defined]
        if sheet.cell(r, 2).value == item  # type: ignore[attr-defined]
    )


def test_words_typed_over_the_checklists_own_cells_are_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A reviewer's words typed over the question, why it is listed, what respondents said
    or the answers allowed, or in a row without its item, would not be read: each is refused
    at its cell. Re-spaced or emptied cells, and a further evidence row repeating its item's
    words, import."""
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam", "2026-10-13"
    sheet = wb["Checklist"]
    dc7 = _checklist_row(sheet, "DC7")
    question = sheet[f"C{dc7}"].value
    sheet[f"G{dc7}"] = "L4"
    sheet[f"D{dc7}"] = "\n" + sheet[f"D{dc7}"].value.replace(" ", "  ")
    sheet[f"F{dc7}"] = None
    evidence = ["Log", "Room log, October", "2026-10-13"]
    sheet.append(["delivery-conditions", "DC7", question, None, None, None, None, None, *evidence])
    wb.save(tmp_path / "fine.xlsx")
    over = [f"C{dc7}", f"E{dc7 + 1}", f"F{dc7 + 2}"]
    sheet[over[0]] = question + " (in the main building)"
    sheet[over[1]] = "The GPs are wrong about this"
    sheet[over[2]] = "yes; no; it depends"
    stray = sheet.max_row + 2
    sheet[f"C{stray}"] = "Ask about the rota next time"
    wb.save(tmp_path / "over.xlsx")

    result = run_cli("import", tmp_path / "over.xlsx", "--into", site)
    assert result.exit_code == 1
    for cell in over:
        row = cell[1:]
        assert (
            f"over.xlsx:{row}: Checklist!{cell}: no longer says what the checklist wrote there"
            in result.err
        )
    assert f"Checklist!A{stray}: this row has entries but no framework" in result.err
    assert not (site / "review.yaml").exists()
    assert run_cli("import", tmp_path / "fine.xlsx", "--into", site).exit_code == 0
    entry = yaml.safe_load((site / "review.yaml").read_text())["items"]["delivery-conditions"]
    assert entry["DC7"]["verified"] == "L4"
    assert [e["title"] for e in entry["DC7"]["evidence"]] == ["Log"]


def test_a_checklist_naming_the_site_otherwise_is_imported_with_a_warning(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Its ODS code makes it the same site (a renamed site keeps its code), so the review
    counts; the import says the names differ and where the checklist says it."""
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    marker = json.loads(wb["readiness"]["A1"].value)
    marker["site"]["name"] = "Riverside Health Partnership"
    wb["readiness"]["A1"] = json.dumps(marker)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam", "2026-10-13"
    wb.save(tmp_path / "renamed.xlsx")
    result = run_cli("import", tmp_path / "renamed.xlsx", "--into", site)
    assert result.exit_code == 0, result.err
    assert (
        "renamed.xlsx: the hidden sheet 'readiness': warning: site.name: this review names "
        "'Riverside Health Partnership', but the site is 'Riverside Primary Care Network'; "
        "their ODS code (U12345) makes them one site" in flat(result.err)
    )
    score = run_cli("score", site)
    assert score.exit_code == 0 and "this review names 'Riverside Health" in flat(score.err)


def test_a_pdf_checklist_is_refused_for_a_review_it_cannot_hold(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A PDF checklist has one piece of evidence per item and no local file: for a review
    holding more (the example's DC23 names a file), writing one is refused, and so is
    importing one written before over such a review; nothing is lost without a word. A
    checklist written without --sample for a review that recorded a sample says so."""
    form = tmp_path / "blank.pdf"
    assert run_cli("review", site, "-o", form).exit_code == 0  # no review yet: fine
    shutil.copy(RIVERSIDE / "review.yaml", site / "review.yaml")
    before = (site / "review.yaml").read_bytes()
    written = run_cli("review", site, "-o", tmp_path / "again.pdf")
    assert written.exit_code == 1
    assert "delivery-conditions/DC23 (a local file)" in written.err
    assert "write the checklist as .xlsx or .yaml" in written.err
    assert not (tmp_path / "again.pdf").exists()
    imported = run_cli("import", form, "--into", site, "--replace")
    assert imported.exit_code == 1 and "delivery-conditions/DC23 (a local file)" in imported.err
    assert (site / "review.yaml").read_bytes() == before
    workbook = run_cli("review", site, "-o", tmp_path / "again.xlsx")
    assert workbook.exit_code == 0
    assert "note: the review records a sample of 4 facts (seed 1013)" in workbook.err


def test_a_note_typed_after_a_hash_in_a_yaml_checklist_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """YAML drops what follows a # beside a value: `note: seen the rota  # and the booking
    system was down` kept only "seen the rota". It is refused at its line; the checklist's
    own comment beside the visits is not a note."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = form.read_text()
    text = text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:", 1)
    filled = text.replace(
        "    DC8:\n      verified:\n      finding:\n      evidence: []\n      note:\n",
        "    DC8:\n      verified: yes\n      finding:\n      evidence: []\n"
        "      note: seen the rota   # and the booking system was down\n",
        1,
    )
    assert filled != text
    form.write_text(filled)
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 1, result.output
    line = filled[: filled.index("# and the booking")].count("\n") + 1
    assert (
        f'{form}:{line}: "and the booking system was down": text after # is a YAML comment'
    ) in result.err
    assert result.err.count("text after #") == 1
    assert not (site / "review.yaml").exists()


@pytest.mark.parametrize(
    ("where", "typed"),
    [
        # Under a field, under an item, above an item's own lines, inside them, at the end.
        ("      note:\n", "      note:\n      # the rota was on the wall\n"),
        ("      evidence: []\n", "      evidence: []\n    # the rota was on the wall\n"),
        ("    # DC27 (", "    # the rota was on the wall\n    # DC27 ("),
        ("    # Respondents: GP", "    # the rota was on the wall\n    # Respondents: GP"),
        ("versions:\n", "# the rota was on the wall\nversions:\n"),
    ],
)
def test_a_note_typed_on_a_line_of_its_own_in_a_yaml_checklist_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli, where: str, typed: str
) -> None:
    """A comment line a reviewer adds is told from the checklist's own by where it stands:
    the opening lines, the attestation hint, a framework's title above its key and the
    lines above each item. Any other is refused at its line, since YAML drops it."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = form.read_text()
    text = text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:", 1)
    text = text.replace("visits: []", "visits: [2026-10-13]", 1)
    form.write_text(text)
    assert run_cli("import", form, "--into", site).exit_code == 0  # its own comments pass
    (site / "review.yaml").unlink()
    assert where in text
    filled = text.replace(where, typed, 1)
    form.write_text(filled)
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 1, result.output
    line = filled[: filled.index("# the rota")].count("\n") + 1
    assert f'{form}:{line}: "the rota was on the wall": text after # is a YAML comment' in (
        result.err
    )
    assert result.err.count("text after #") == 1
    assert not (site / "review.yaml").exists()


def _signed_in_checklist(site: Path, tmp_path: Path, run_cli: RunCli) -> tuple[Path, str]:
    """A YAML checklist for `site` with the reviewer and a visit filled in: one that imports."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = form.read_text()
    text = text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:", 1)
    return form, text.replace("visits: []", "visits: [2026-10-13]", 1)


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        # A note among the opening lines, which this version writes word for word.
        (r"(# It becomes the folder's review.yaml.*\n)", r"\1# the rota was on the wall\n"),
        # Words added to a line the checklist writes above an item, at its end.
        (r"(    # Respondents: GP.*)\n", r"\1 and the rota was on the wall\n"),
        (r"(    # Verified answer, one of: .*)\n", r"\1 and the rota was on the wall\n"),
        (r"(    # Verified answer: a figure .*)\n", r"\1 and the rota was on the wall\n"),
        (r"(    # Respondents: Site score .*)\n", r"\1 and the rota was on the wall\n"),
        (r"(    # An opinion: .*)\n", r"\1 and the rota was on the wall\n"),
        (r"(    # Verified answer, one of: .*)\n", r"\1 (the rota was on the wall)\n"),
        # A further line begun in the checklist's own words; a headline naming no item.
        (r"(    # DC27 \(.*\n)", r"\1    # Rota (fact): the rota was on the wall\n"),
        (r"(    # Respondents: GP.*\n)", r"\1    # Respondents: the rota was on the wall\n"),
        (r"(    # Verified answer.*\n)", r"\1    # Verified answer: the rota was on the wall\n"),
        # Above the header, in it, or a second one: the opening is still this version's.
        (r"\A", "# the rota was on the wall\n"),
        (r"(\(readiness [^)]+\)\.)", r"\1 And the rota was on the wall."),
        (r"(Primary Care Network)(, assessed)", r"\1 (the rota was on the wall)\2"),
    ],
)
def test_a_note_added_to_the_checklists_own_comments_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli, pattern: str, replacement: str
) -> None:
    """A reviewer who writes in the checklist's own comment lines, or adds one in their
    words, is refused at that line: YAML drops it, and looking like the checklist's words
    does not make it read."""
    form, text = _signed_in_checklist(site, tmp_path, run_cli)
    filled = re.sub(pattern, replacement, text, count=1)
    assert filled != text
    form.write_text(filled)
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 1, result.output
    line = filled[: filled.index("the rota")].count("\n") + 1
    assert f"{form}:{line}: " in result.err
    assert result.err.count("text after #") == 1
    # Words written in one of its own lines are told so, not only that they are not read.
    in_own_line = pattern.startswith("(    #")
    assert ("this line is the checklist's own" in result.err) == in_own_line
    assert not (site / "review.yaml").exists()


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        # An item written in flow style.
        (
            r"    DC27:\n      verified:\n      finding:\n      evidence: \[\]\n      note:\n",
            '    DC27: {verified: "no", note: No slot on any agenda}\n',
        ),
        # The last item of a framework, and of the file, deleted but for its lines above.
        (r"(    # Verified answer.*\n)    DC19:\n(      .*\n)+", r"\1"),
        (r"(    # Verified answer.*\n)    (\S+):\n(      .*\n)+\Z", r"\1"),
        # An item's words changed since the checklist was written (a framework adapted or
        # corrected after the visit): its headline is the checklist's, not a note.
        (r"(    # DC27 \([^)]*\): ).*\n", r"\1Link workers have a slot at each huddle.\n"),
        # An item's headline deleted, or its lines repeated: nothing typed in them.
        (r"    # DC27 \(.*\n", ""),
        (r"(    # Respondents: GP.*\n)", r"\1\1"),
        # The format line with a comment of the checklist's own kind beside it, and CR endings.
        (r"format: readiness-review/1\n", "format: readiness-review/1\n"),
    ],
)
def test_the_checklists_own_lines_moved_or_left_behind_import(
    site: Path, tmp_path: Path, run_cli: RunCli, pattern: str, replacement: str
) -> None:
    """Lines in the checklist's own words hold nothing typed wherever they stand: an item in
    flow style, or the last item of a framework deleted with its lines left above the next
    framework, was refused as if a note had been added."""
    form, text = _signed_in_checklist(site, tmp_path, run_cli)
    filled = re.sub(pattern, replacement, text, count=1)
    assert filled != text or pattern.startswith("format")
    form.write_bytes(filled.encode() if filled != text else filled.replace("\n", "\r").encode())
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 0, result.output


def test_a_checklist_with_a_typed_note_is_not_written_over(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """`review -o FILE` refused to write over a checklist holding an entry, but not over one
    whose only entry was a note typed after a #: it was lost without a word."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    noted = form.read_text().replace(
        "    DC27:\n", "    # the rota was on the wall\n    DC27:\n", 1
    )
    form.write_text(noted)
    again = run_cli("review", site, "-o", form)
    assert again.exit_code == 1
    line = noted[: noted.index("# the rota")].count("\n") + 1
    assert f'# on line {line}: "the rota was on the wall"' in again.err
    assert form.read_text() == noted


def test_a_checklist_another_version_wrote_keeps_its_opening_lines(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Another version's checklist may open in other words: they are not a reviewer's."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = re.sub(r"\(readiness [^)]+\)", "(readiness 0.1.0)", form.read_text(), count=1)
    text = text.replace("# Every fact is listed.", "# Every fact of this checklist is listed.")
    text = text.replace("visits: []", "visits: [2026-10-13]", 1)
    form.write_text(text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:"))
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 0, result.output


def test_a_pdf_checklist_replaces_a_review_that_cannot_be_read(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Nothing of a damaged review.yaml can be kept, so the check for what a PDF cannot hold
    does not stand in the way of replacing it."""
    form = tmp_path / "checklist.pdf"
    assert run_cli("review", site, "-o", form).exit_code == 0
    (site / "review.yaml").write_text("format: readiness-review/1\nreviewer: [\n")
    result = run_cli("import", form, "--into", site, "--replace")
    # Refused for what the blank form lacks, as any checklist is; not for the damaged file.
    assert result.exit_code == 1
    assert (
        f"{form}: the “Reviewer's name” box on the form's first page: reviewer.name: must be text"
        in result.err
    )
    assert "review.yaml" not in result.err


NOTE_LIKE_A_FORMULA = '=HYPERLINK("http://x","y")'


def test_text_starting_like_a_formula_goes_round_a_checklist_workbook_exactly(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A reviewer named '=Sam and a note starting '=' come back exactly as typed: the workbook
    keeps them in text cells (never formulas, with no apostrophe added for a spreadsheet to
    show), and the import takes nothing off. A checklist written by 0.2.0, whose guard put an
    apostrophe before such text, still comes back without it."""
    text = (RIVERSIDE / "review.yaml").read_text(encoding="utf-8")
    (site / "review.yaml").write_text(
        text.replace("name: Sam Patel", 'name: "\'=Sam"'), encoding="utf-8"
    )
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    assert (wb["Review"]["B2"].value, wb["Review"]["B2"].data_type) == ("'=Sam", "s")
    dc7 = _checklist_row(wb["Checklist"], "DC7")
    wb["Checklist"][f"O{dc7}"] = NOTE_LIKE_A_FORMULA
    wb["Checklist"][f"O{dc7}"].data_type = "s"
    wb.save(tmp_path / "filled.xlsx")
    result = run_cli("import", tmp_path / "filled.xlsx", "--into", site, "--replace")
    assert result.exit_code == 0, result.err
    written = yaml.safe_load((site / "review.yaml").read_text(encoding="utf-8"))
    assert written["reviewer"]["name"] == "'=Sam"
    assert written["items"]["delivery-conditions"]["DC7"]["note"] == NOTE_LIKE_A_FORMULA
    # As 0.2.0 wrote it: the guard's apostrophe, and no word in the marker that it is gone.
    marker = json.loads(wb["readiness"]["A1"].value)
    del marker["formula_guard"]
    wb["readiness"]["A1"] = json.dumps(marker)
    wb["Checklist"][f"O{dc7}"] = "'" + NOTE_LIKE_A_FORMULA
    wb.save(tmp_path / "old.xlsx")
    result = run_cli("import", tmp_path / "old.xlsx", "--into", site, "--replace")
    assert result.exit_code == 0, result.err
    written = yaml.safe_load((site / "review.yaml").read_text(encoding="utf-8"))
    assert written["items"]["delivery-conditions"]["DC7"]["note"] == NOTE_LIKE_A_FORMULA


def test_a_checklist_wrong_in_one_place_is_told_its_other_problems_too(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A visit listed twice (the checklist's shape) no longer hides a verified answer off the
    item's scale: both are told in one import, and nothing is written."""
    checklist = tmp_path / "c.yaml"
    assert run_cli("review", site, "-o", checklist).exit_code == 0
    text = checklist.read_text()
    text = text.replace("reviewer:\n  name:\n", "reviewer:\n  name: Sam\n")
    text = text.replace("visits: []", "visits: [2026-10-13, 2026-10-13]")
    text = text.replace("    DC7:\n      verified:\n", "    DC7:\n      verified: L9\n")
    checklist.write_text(text)
    result = run_cli("import", checklist, "--into", site)
    assert result.exit_code == 1, result.output
    assert "visits[#2]: 2026-10-13 is listed twice" in result.err, result.err
    assert "items.delivery-conditions.DC7.verified: 'L9' is not an answer" in result.err
    assert not (site / "review.yaml").exists()


def test_a_pdf_checklist_tick_that_is_not_the_answer_stored_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """As in a questionnaire: the page showing one level ticked and the form storing another
    is refused, naming the field, not read as the stored one."""
    from pypdf.generic import NameObject

    form = tmp_path / "checklist.pdf"
    assert run_cli("review", site, "-o", form).exit_code == 0
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    name = "rv~delivery-conditions~DC7~verified"
    field = writer_field(writer, name)
    options = [str(o) for o in field["/Opt"]]
    field[NameObject("/V")] = NameObject(f"/{options.index('L4')}")
    for index, kid in enumerate(field["/Kids"]):
        shown = index == options.index("L1")
        kid.get_object()[NameObject("/AS")] = NameObject(f"/{index}" if shown else "/Off")
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    result = run_cli("import", filled, "--into", site)
    assert result.exit_code == 1
    assert (
        f"{filled}: delivery-conditions DC7, the “Verified” box: the page shows 'L1' ticked, "
        "but the form stores 'L4'" in result.err
    )
    assert not (site / "review.yaml").exists()


@pytest.mark.parametrize("suffix", ["xlsx", "yaml", "pdf"])
def test_a_reviewers_words_go_round_a_revisit_exactly(
    suffix: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """Notes, evidence titles and references are kept as typed, spaces around them too; a
    checklist written for a revisit (filled from the review) and imported back changed them:
    the review's text was trimmed as it was read, and a PDF's fields as they came back."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    review = yaml.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    dc7 = review["items"]["delivery-conditions"]["DC7"]
    # A site's name in Hebrew: the PDF's metadata, which names the site, still reads as JSON
    # (helper-63: isolate characters around it made it unreadable).
    site_yaml = (folder / "site.yaml").read_text(encoding="utf-8")
    named = site_yaml.replace("name: Riverside Primary Care Network", "name: מרפאת ריברסייד", 1)
    assert named != site_yaml
    (folder / "site.yaml").write_text(named, encoding="utf-8")
    dc7["note"] = "  Seen on the day \u200fשלום\n  second \u202eline  "
    dc7["evidence"][0]["title"] = "  Smartcard register  "
    dc7["evidence"][0]["reference"] = " Folder 3,\tpage 2 "
    # What a PDF checklist has fields for: one item's one piece of evidence, no local file.
    dc7["evidence"] = [{k: v for k, v in dc7["evidence"][0].items() if k not in ("file", "sha256")}]
    review["items"] = {"delivery-conditions": {"DC7": dc7}}
    (folder / "review.yaml").write_text(yaml.safe_dump(review, allow_unicode=True), "utf-8")
    form = tmp_path / f"revisit.{suffix}"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    result = run_cli("import", form, "--into", folder, "--replace")
    assert result.exit_code == 0, result.err
    again = yaml.safe_load((folder / "review.yaml").read_text(encoding="utf-8"))
    kept = again["items"]["delivery-conditions"]["DC7"]
    assert kept["note"] == dc7["note"]
    assert (kept["evidence"][0]["title"], kept["evidence"][0]["reference"]) == (
        "  Smartcard register  ",
        " Folder 3,\tpage 2 ",
    )


def _started_checklist(site: Path, form: Path, run_cli: RunCli) -> Any:
    """The site's checklist workbook written to `form` and opened, with the reviewer's name
    and the visit filled in (what every import needs)."""
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2026-10-13"
    return wb


def test_what_a_reviewer_writes_where_the_checklist_is_not_read_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A co-reviewer's name beside the Review sheet's answers or below them, a line under the
    instructions, a sheet of their own and a note on a cell were all dropped with exit 0
    (helper-35): each is refused, named, and nothing is written."""
    from openpyxl.comments import Comment

    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    review = wb["Review"]
    review["B2"], review["B4"] = "Sam Patel", "2026-10-13"
    review["C2"] = "co-reviewer: Ann Smith"
    review["A12"] = "Second reviewer"
    instructions = wb["Instructions"]
    instructions.cell(instructions.max_row + 2, 1, "Ask Ann about DC7")
    below = f"Instructions!A{instructions.max_row}"
    wb.create_sheet("My notes")["A1"] = "The room is shared on Tuesdays"
    dc7 = _checklist_row(wb["Checklist"], "DC7")
    wb["Checklist"][f"O{dc7}"].comment = Comment("see the rota", "Sam")
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    result = run_cli("import", filled, "--into", site)
    assert result.exit_code == 1
    for cell in ("Review!C2", "Review!A12", below):
        assert f"{cell}: holds text outside the cells the checklist is read from" in result.err
    assert f"{filled}: My notes: this sheet is not part of the checklist" in result.err
    assert f"Checklist!O{dc7}: has a note attached to the cell" in result.err
    assert not (site / "review.yaml").exists()
    # The same checklist filled only where it is read imports.
    wb = load_workbook(form)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2026-10-13"
    wb["Checklist"][f"O{dc7}"] = "see the rota"
    wb.save(filled)
    assert run_cli("import", filled, "--into", site).exit_code == 0


def test_replacing_a_fuller_review_says_what_it_held(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A checklist written before the review existed, imported with --replace over it, threw
    away the sign-off and every verified answer and piece of evidence without a word
    (helper-35): the refusal without --replace says how much would be lost, and the
    replacement names what the old review held."""
    form = tmp_path / "early.xlsx"
    wb = _started_checklist(site, form, run_cli)
    wb.save(form)
    folder = tmp_path / "reviewed"
    shutil.copytree(RIVERSIDE, folder)
    before = (folder / "review.yaml").read_bytes()
    held = yaml.safe_load(before)
    refused = run_cli("import", form, "--into", folder)
    assert refused.exit_code == 1
    assert "already holds a review; it holds " in refused.err
    assert "entries this checklist does not, which replacing it would lose" in refused.err
    assert (folder / "review.yaml").read_bytes() == before
    result = run_cli("import", form, "--into", folder, "--replace")
    assert result.exit_code == 0, result.err
    organisation = held["reviewer"]["organisation"]
    assert (
        f"{folder}/review.yaml: warning: the review replaced held 'reviewer organisation: "
        f"{organisation}', which the new one does not" in result.err
    )
    assert re.search(r"\.\.\. and \d+ more entries the review replaced held", result.err)
    assert "reviewer name: Sam Patel" not in result.err  # kept as it was: nothing lost
    again = run_cli("import", form, "--into", folder, "--replace")
    assert again.exit_code == 0 and "replaced held" not in again.err


def test_a_yml_checklist_is_written_and_a_one_file_assessment_is_warned_of(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """`-o checklist.yml` was refused ("unknown checklist format 'yml'") though the import
    takes .yml; a checklist of a one-file assessment, which no import takes, was written
    without a word (helper-35)."""
    form = tmp_path / "checklist.yml"
    result = run_cli("review", site, "-o", form)
    assert result.exit_code == 0, result.err
    assert form.read_text(encoding="utf-8").startswith("# Audit checklist for ")
    assert "one-file assessment" not in result.err
    one_file = run_cli("review", OAKFIELD, "-o", tmp_path / "oak.xlsx")
    assert one_file.exit_code == 0, one_file.err
    assert (
        f"note: {OAKFIELD} is a one-file assessment, which a checklist cannot be imported into"
        in one_file.err
    )


@pytest.mark.parametrize(
    ("cell", "typed", "named"),
    [
        ("B", "dc7", "delivery-conditions dc7"),
        ("B", "DC6", "delivery-conditions DC6"),
        ("A", "Delivery-Conditions", "Delivery-Conditions DC7"),
    ],
)
def test_a_row_whose_item_was_typed_over_is_refused_at_that_cell(
    cell: str, typed: str, named: str, site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """It was blamed on the row's question, why, said and allowed cells, which nobody had
    touched (helper-35): the cell typed over is named, with the item the checklist wrote."""
    wb = _started_checklist(site, tmp_path / "checklist.xlsx", run_cli)
    dc7 = _checklist_row(wb["Checklist"], "DC7")
    wb["Checklist"][f"{cell}{dc7}"] = typed
    wb.save(tmp_path / "filled.xlsx")
    result = run_cli("import", tmp_path / "filled.xlsx", "--into", site)
    assert result.exit_code == 1
    assert result.err.count("Checklist!") == 1, result.err
    assert (
        f"Checklist!{cell}{dc7}: names {named}, where the checklist wrote delivery-conditions "
        "DC7: " in result.err
    )


def test_a_checklist_without_its_marker_or_of_a_newer_format_is_told_so(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Its hidden sheet deleted, a checklist was read as a survey export ("rows on more than
    one sheet"); one a newer readiness wrote was "not a readiness audit checklist"."""
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    del wb["readiness"]
    wb.save(tmp_path / "no-marker.xlsx")
    result = run_cli("import", tmp_path / "no-marker.xlsx", "--into", site)
    assert result.exit_code == 1
    assert "is a checklist whose hidden sheet `readiness`" in result.err
    wb = load_workbook(form)
    marker = json.loads(wb["readiness"]["A1"].value)
    wb["readiness"]["A1"] = json.dumps({**marker, "format": "readiness-review-checklist/9"})
    wb.save(tmp_path / "newer.xlsx")
    result = run_cli("import", tmp_path / "newer.xlsx", "--into", site)
    assert result.exit_code == 1
    assert "is a checklist of format 'readiness-review-checklist/9', which this" in result.err


def test_an_item_deleted_from_a_yaml_checklist_leaves_its_headline_unrefused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A reviewer deletes an item they did not check but leaves the comment lines above it:
    those are the checklist's own words, not a note typed after a # (it was refused, with
    advice to move the checklist's words into a note)."""
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", form).exit_code == 0
    text = form.read_text(encoding="utf-8")
    text = text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:", 1)
    text = text.replace("visits: []", "visits: [2026-10-13]", 1)
    lines = text.splitlines(keepends=True)
    key = next(n for n, line in enumerate(lines) if line.startswith("    DC7:"))
    end = next(n for n in range(key + 1, len(lines)) if not lines[n].startswith("      "))
    assert lines[key - 1].startswith("    # ") and end - key > 2
    form.write_text("".join(lines[:key] + lines[end:]), encoding="utf-8")
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 0, result.err


def test_a_checklist_of_another_round_of_the_site_is_refused(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """Last year's checklist imported into this year's assessment (same site, same versions)
    was taken without a word, so last year's checks settled this year's facts (helper-35)."""
    from ..helpers import RIVERSIDE_BASELINE

    baseline = tmp_path / "baseline"
    shutil.copytree(RIVERSIDE_BASELINE, baseline)
    (baseline / "review.yaml").unlink(missing_ok=True)
    form = tmp_path / "last-year.xlsx"
    assert run_cli("review", baseline, "-o", form).exit_code == 0
    wb = load_workbook(form)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2025-10-13"
    wb.save(form)
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 1
    assert (
        f"{form}: was written for the assessment of 2025-10-01, but this assessment is of "
        "2026-10-01" in result.err
    )
    assert not (site / "review.yaml").exists()
    assert run_cli("import", form, "--into", baseline).exit_code == 0


def test_a_checklists_text_boxes_stop_at_what_the_review_takes(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A note over 2,000 characters was refused only at import (helper-35): the workbook
    checks the Note, title and reference columns and the statement as they are typed, and
    the PDF's boxes take no more; the refusal says how long the text is."""
    form = tmp_path / "checklist.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    checks = {
        (sheet.title, str(v.sqref), v.formula1)
        for sheet in (wb["Checklist"], wb["Review"])
        for v in sheet.data_validations.dataValidation
        if v.type == "textLength" and v.operator == "lessThanOrEqual" and v.showErrorMessage
    }
    last = wb["Checklist"].max_row
    assert checks == {
        ("Checklist", f"O2:O{last}", "2000"),
        ("Checklist", f"I2:I{last}", "300"),
        ("Checklist", f"J2:J{last}", "1000"),
        ("Review", "B8", "2000"),
    }
    pdf = tmp_path / "checklist.pdf"
    assert run_cli("review", site, "-o", pdf).exit_code == 0
    limits = {
        str(f.get_object()["/T"]).rsplit("~", 1)[-1]: f.get_object().get("/MaxLen")
        for f in pdf_catalog(pypdf.PdfReader(pdf))["/AcroForm"]["/Fields"]
    }
    assert (limits["note"], limits["statement"], limits["title"], limits["reference"]) == (
        2000,
        2000,
        300,
        1000,
    )
    assert limits["name"] == 100 and limits["visits"] is None
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2026-10-13"
    dc7 = _checklist_row(wb["Checklist"], "DC7")
    wb["Checklist"][f"O{dc7}"] = "x" * 2001
    wb.save(tmp_path / "long.xlsx")
    result = run_cli("import", tmp_path / "long.xlsx", "--into", site)
    assert result.exit_code == 1
    assert "note: is longer than 2000 characters (2,001); shorten it" in result.err


def test_true_typed_as_a_verified_answer_is_refused_in_the_workbooks_words(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A spreadsheet's TRUE was passed on as YAML's true, and refused with advice to quote
    it, which means nothing in a workbook: it is the text TRUE, not an answer of the scale."""
    wb = _started_checklist(site, tmp_path / "checklist.xlsx", run_cli)
    dc8 = _checklist_row(wb["Checklist"], "DC8")
    wb["Checklist"][f"G{dc8}"] = True
    wb.save(tmp_path / "filled.xlsx")
    result = run_cli("import", tmp_path / "filled.xlsx", "--into", site)
    assert result.exit_code == 1
    assert "DC8.verified: 'TRUE' is not an answer on the yes_partly_no scale" in result.err
    assert "quote" not in result.err


def test_a_broken_checklist_is_told_its_own_problem_before_the_review_it_would_replace(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A YAML checklist with a syntax error, imported over a review, was told only that it
    lacked the review's entries (helper-36); its own error is told first."""
    folder = tmp_path / "reviewed"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "checklist.yaml"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    form.write_text(form.read_text(encoding="utf-8") + "items: [unclosed\n", encoding="utf-8")
    result = run_cli("import", form, "--into", folder)
    assert result.exit_code == 1
    assert "YAML syntax error" in result.err
    assert "which replacing it would lose" not in result.err


def test_a_visit_given_twice_in_a_workbook_is_refused_at_its_cell(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """It was placed on "the Review sheet", not its cell (helper-35)."""
    wb = _started_checklist(site, tmp_path / "checklist.xlsx", run_cli)
    wb["Review"]["B4"] = "2026-10-13, 2026-10-13"
    wb.save(tmp_path / "filled.xlsx")
    result = run_cli("import", tmp_path / "filled.xlsx", "--into", site)
    assert result.exit_code == 1
    assert "filled.xlsx:4: Review!B4: visits[#2]: 2026-10-13 is listed twice" in result.err


@pytest.mark.parametrize("suffix", ["yaml", "xlsx"])
def test_a_review_states_its_round_wherever_it_is_copied(
    site: Path, tmp_path: Path, run_cli: RunCli, suffix: str
) -> None:
    """A YAML checklist of one round imported into the next (same site, same versions) was
    taken without a word (a workbook was refused), and a review.yaml copied with the folder
    into the next round verified its facts: every checklist states the assessment date it
    was written for, its review keeps it, and a review of another round is refused
    (helper-41)."""
    (site / "review.yaml").unlink(missing_ok=True)
    next_round = tmp_path / "next-round"
    shutil.copytree(site, next_round)
    site_yaml = next_round / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text.replace("assessed_on: 2026-10-01", "assessed_on: 2027-10-01"))
    form = tmp_path / f"this-round.{suffix}"
    assert run_cli("review", site, "-o", form).exit_code == 0
    if suffix == "yaml":
        text = form.read_text(encoding="utf-8")
        assert "  assessed_on: 2026-10-01\n" in text
        text = text.replace("reviewer:\n  name:", "reviewer:\n  name: Sam Patel", 1)
        form.write_text(text.replace("visits: []", "visits: [2026-10-13]", 1), encoding="utf-8")
    else:
        wb = load_workbook(form)
        wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2026-10-13"
        wb.save(form)
    result = run_cli("import", form, "--into", next_round)
    assert result.exit_code == 1
    assert "for the assessment of 2026-10-01, but this assessment is of 2027-10-01" in result.err
    assert "1 problem found" in result.err
    assert not (next_round / "review.yaml").exists()
    # Imported into its own round, then copied with the folder into the next one.
    assert run_cli("import", form, "--into", site).exit_code == 0
    assert "assessed_on: 2026-10-01" in (site / "review.yaml").read_text(encoding="utf-8")
    assert run_cli("score", site).exit_code == 0
    shutil.copy(site / "review.yaml", next_round / "review.yaml")
    result = run_cli("score", next_round)
    assert result.exit_code == 1
    assert (
        "site.assessed_on: this review was made for the assessment of 2026-10-01, but "
        "this assessment is of 2027-10-01" in result.err
    )


def test_a_sign_off_kept_while_the_review_changed_is_questioned(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """The attestation confirms the whole review: re-imported beside a newly verified answer,
    its old date was carried over without a word (helper-41). The import warns; a checklist
    imported back unchanged does not."""
    folder = tmp_path / "site"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "again.yaml"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    unchanged = run_cli("import", form, "--into", folder, "--replace")
    assert unchanged.exit_code == 0 and "signed it off" not in unchanged.err
    text = form.read_text(encoding="utf-8")
    at = text.index("      verified:", text.index("    DC8:\n"))
    form.write_text(text[:at] + "      verified: partly" + text[at + 15 :], encoding="utf-8")
    changed = run_cli("import", form, "--into", folder, "--replace")
    assert changed.exit_code == 0, changed.err
    assert (
        "attestation: warning: the review changed since Dr Amara Okoye signed it off on "
        "2026-10-20; the sign-off confirms the whole review" in changed.err
    )


def test_text_that_looks_like_a_number_in_a_workbook_is_kept_as_typed(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """A room code "1E10" typed as an evidence title, and a note "1e3", were refused as the
    numbers 10000000000.0 and 1000.0 (helper-41): the review file quoted neither."""
    form = tmp_path / "visit.xlsx"
    assert run_cli("review", site, "-o", form).exit_code == 0
    wb = load_workbook(form)
    wb["Review"]["B2"], wb["Review"]["B4"] = "Sam Patel", "2026-10-13"
    sheet = wb["Checklist"]
    header = next(row for row in sheet.iter_rows(values_only=True) if "Note" in row)
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "DC8")
    for column, text in (
        ("Verified answer", "partly"),
        ("Evidence: title", "1E10"),
        ("Evidence: date seen (YYYY-MM-DD)", "2026-10-13"),
        ("Note", "1e3"),
    ):
        cell = sheet.cell(row, header.index(column) + 1, text)
        cell.data_type = "s"
    wb.save(form)
    result = run_cli("import", form, "--into", site)
    assert result.exit_code == 0, result.err
    review = yaml.safe_load((site / "review.yaml").read_text(encoding="utf-8"))
    entry = review["items"]["delivery-conditions"]["DC8"]
    assert (entry["evidence"][0]["title"], entry["note"]) == ("1E10", "1e3")
    assert run_cli("score", site).exit_code == 0


def test_a_reviewers_comments_in_a_replaced_review_are_named(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """The bundled review opens with the reviewer's account of the visit, as comments: a
    checklist imported over it with --replace dropped it without a word (helper-41). The
    import says so; the comments readiness writes itself are never counted."""
    folder = tmp_path / "reviewed"
    shutil.copytree(RIVERSIDE, folder)
    form = tmp_path / "visit.xlsx"
    assert run_cli("review", folder, "-o", form).exit_code == 0
    result = run_cli("import", form, "--into", folder, "--replace")
    assert result.exit_code == 0, result.err
    assert (
        'warning: the review replaced held 9 comment lines after # (starting "The '
        "consultant's review of Riverside PCN's October 2026 a...\")" in result.err
    )
    # A review written by readiness (a YAML checklist, then a workbook's) has no comments
    # of the reviewer's to lose.
    checklist = tmp_path / "visit.yaml"
    assert run_cli("review", site, "-o", checklist).exit_code == 0
    text = checklist.read_text(encoding="utf-8").replace("visits: []", "visits: [2026-10-13]")
    checklist.write_text(text.replace("reviewer:\n  name:", "reviewer:\n  name: Sam Patel", 1))
    assert run_cli("import", checklist, "--into", site).exit_code == 0
    for again in (tmp_path / "again.xlsx", tmp_path / "again-2.xlsx"):
        assert run_cli("review", site, "-o", again).exit_code == 0
        replaced = run_cli("import", again, "--into", site, "--replace")
        assert replaced.exit_code == 0 and "after #" not in replaced.err, replaced.err


def test_a_checklist_is_told_from_a_questionnaire_by_its_sheet_names_alone(
    site: Path, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """helper-46: telling whether a workbook is a checklist opened it with openpyxl, which
    measured every sheet first: a 55 MB sheet took 10 s before the import refused it for its
    size. The sheet names come from the workbook's small part alone, after the zip's sizes
    are checked; a workbook too big to read is not a checklist, and the import says why."""
    checklist, questionnaire = tmp_path / "checklist.xlsx", tmp_path / "gp.xlsx"
    assert run_cli("review", site, "-o", checklist).exit_code == 0
    made = run_cli("questionnaire", "npt", "--role", "gp", "--format", "xlsx", "-o", questionnaire)
    assert made.exit_code == 0

    def no_openpyxl(*args: object, **kwargs: object) -> None:
        raise AssertionError("the workbook was opened to tell what it is")

    monkeypatch.setattr("openpyxl.load_workbook", no_openpyxl)
    assert api.is_checklist(checklist) and not api.is_checklist(questionnaire)
    too_big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(checklist) as source, zipfile.ZipFile(too_big, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr("xl/worksheets/padding.xml", b" " * (33 * 2**20))
    assert not api.is_checklist(too_big)


def test_another_sites_checklist_is_refused_as_another_sites(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """helper-48: Oakfield's workbook imported into Riverside was refused only as written for
    another round (its date differs too), sending the reviewer to write this round's
    checklist. A checklist of surely another site says so, beside the date."""
    checklist = tmp_path / "oakfield.xlsx"
    assert run_cli("review", OAKFIELD, "-o", checklist).exit_code == 0
    site = tmp_path / "riverside"
    shutil.copytree(RIVERSIDE, site)
    before = (site / "review.yaml").read_bytes()
    result = run_cli("import", checklist, "--into", site, "--replace")
    assert result.exit_code == 1
    assert "site.ods_code: this review is of Oakfield Surgery" in result.err
    assert "not of Riverside Primary Care Network (U12345)" in result.err
    assert (site / "review.yaml").read_bytes() == before


def test_an_item_worded_over_two_lines_makes_a_checklist_that_imports(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """An item's text holding a line break (or U+2028, which YAML also reads as one) wrote
    the headline's second line without its #, and the checklist could not be imported."""
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    source = (DATA / "frameworks" / "numeric-codes" / "numbered.yaml").read_text()
    worded = source.replace(
        "text: The service is clear to me.,",
        'text: "The service is clear to me.\\nThink of this month.\\u2028And last.", '
        "critical: true,",
    )
    assert worded != source
    (frameworks / "numbered.yaml").write_text(worded)
    form = tmp_path / "gp.yaml"
    given = ("--frameworks-dir", frameworks)
    assert (
        run_cli("questionnaire", "numbered", "--format", "yaml", "-o", form, *given).exit_code == 0
    )
    form.write_text(
        form.read_text()
        .replace("id:       #", "id: g1 #", 1)
        .replace("    CLEAR:\n", "    CLEAR: 2\n", 1)
    )
    site = tmp_path / "site"
    imported = run_cli("import", form, "--into", site, "--site", "Hill", "--role", "gp", *given)
    assert imported.exit_code == 0, imported.output
    checklist = tmp_path / "checklist.yaml"
    assert run_cli("review", site, "-o", checklist, *given).exit_code == 0
    text = checklist.read_text()
    headline = "# CLEAR (essential condition): The service is clear to me. Think of this month."
    assert f"{headline} And last.\n" in text
    filled = text.replace("name:\n  organisation:", "name: Sam Patel\n  organisation:", 1)
    checklist.write_text(filled.replace("visits: []", "visits: [2026-10-13]", 1))
    result = run_cli("import", checklist, "--into", site, *given)
    assert result.exit_code == 0, result.output


def test_a_yaml_checklist_named_txt_is_a_checklist(
    site: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    """helper-69: `review --format yaml -o checklist.txt` is allowed, yet the filled file was
    then written over by `score -o` (a checklist was told by its .yaml name alone), and its
    import was refused as an assessment's file. It is told by what it says."""
    checklist = tmp_path / "checklist.txt"
    assert run_cli("review", site, "--format", "yaml", "-o", checklist).exit_code == 0
    text = checklist.read_text().replace("reviewer:\n  name:\n", "reviewer:\n  name: Sam\n")
    checklist.write_text(text)
    before = checklist.read_bytes()
    result = run_cli("score", site, "-o", checklist)
    assert result.exit_code == 1
    assert "it is a checklist holding what a reviewer entered" in result.err
    assert checklist.read_bytes() == before
    checklist.write_text(text.replace("visits: []", "visits: [2026-10-13]"))
    result = run_cli("import", checklist, "--into", site)
    assert result.exit_code == 0, result.err
    assert (site / "review.yaml").is_file()
