"""The compact PDF form (issue 21): agreement grids, a comment box per domain, a tick target of
at least 5 mm, a tooltip per field, at most 40% of the pages the form had before, and every
answer and domain comment read back exactly; forms with a box per item still import."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from readiness.assessment.load import load_assessment
from readiness.collect.form_layout import Grid, Single, in_grid, lay_out
from readiness.collect.importer import import_files
from readiness.collect.pdf_form import finish_form, render_pdf_form
from readiness.collect.questionnaire import build_questionnaire, field_name
from readiness.errors import InputError
from readiness.render import template_folders, write_pdf
from readiness.vocabulary import ROLES, ScaleType, role_label

from ..helpers import REPO, writer_field
from .filling import (
    CATALOGUE,
    FRAMEWORKS,
    assert_imported,
    chosen,
    domain_boxes,
    expected_answers,
    expected_comments,
)

# As the manual advises: every role gets all four bundled frameworks.
BUNDLED = [
    CATALOGUE.frameworks[f] for f in ("five-mechanisms", "npt", "rainbow", "delivery-conditions")
]
# Pages of each role's form before the compact layout (a box per item, a page per framework),
# counted by benchmarks/bench_forms.py on the commit before it (8ed8f0c).
PAGES_BEFORE = {
    "gp": 11,
    "practice_nurse": 11,
    "practice_manager": 11,
    "pcn_lead": 15,
    "reception": 10,
    "link_worker": 18,
    "lw_manager": 17,
    "vcse": 12,
    "commissioner": 7,
    "client": 3,
    "other": 9,
}
# 5 mm, in points: the smallest tick target the issue allows.
TICK_TARGET = 5 / 25.4 * 72


def _widgets(reader: pypdf.PdfReader) -> list[Any]:
    return [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]


def test_agreement_items_make_grids_and_facts_stay_apart() -> None:
    """NoMAD's items share one grid per scale; a domain's title and comment box are rows of
    it; figures and levels are asked on rows of their own, never in a grid."""
    questionnaire = build_questionnaire(BUNDLED, "link_worker")
    blocks = lay_out(questionnaire)
    grids = [b for b in blocks if isinstance(b, Grid)]
    nomad = next(g for g in grids if g.scale.id == "nomad_agree")
    assert [g.domain.id for g in nomad.groups] == [
        "coherence",
        "cognitive_participation",
        "collective_action",
        "reflexive_monitoring",
    ]
    assert all(g.heading and g.comment == g.items[0] for g in nomad.groups)
    assert nomad.columns[-3:] == (
        "Not relevant to my role",
        "Not relevant at this stage",
        "Not relevant to social prescribing here",
    )
    for grid in grids:
        items = [i for g in grid.groups for i in g.items]
        assert len({i.fact for i in items}) == 1  # facts and opinions never share a grid
        assert all(in_grid(i) and i.scale == grid.scale for i in items)
    singles = [b.item for b in blocks if isinstance(b, Single)]
    assert {i.scale.type for i in singles} == {ScaleType.NUMERIC, ScaleType.RANGE, "options"}
    assert all(i.fact or i.scale.type == ScaleType.RANGE for i in singles)
    asked = [i.id for s in questionnaire.sections for i in s.items]
    laid_out = [i.id for b in grids for g in b.groups for i in g.items] + [i.id for i in singles]
    assert sorted(laid_out) == sorted(asked)  # every item once


def test_tick_targets_tooltips_and_the_domain_boxes(tmp_path: Path) -> None:
    questionnaire = build_questionnaire(BUNDLED, "gp")
    form = tmp_path / "gp.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    reader = pypdf.PdfReader(form)
    widgets = _widgets(reader)
    radios = [w for w in widgets if "/Parent" in w]
    options = sum(len(i.scale.options) for s in questionnaire.sections for i in s.items)
    assert len(radios) == options + len(ROLES)  # and the role question
    assert len(radios) > 250
    for widget in radios:
        x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
        assert min(abs(x2 - x1), abs(y2 - y1)) >= TICK_TARGET, widget["/TU"]
    fields = reader.get_fields() or {}
    for section in questionnaire.sections:
        for item in section.items:
            name = field_name(section.framework, item)
            assert str(fields[name]["/TU"]) == f"{item.id}. {item.text}"
    # Each button also says which answer it is, for a screen reader moving along a row.
    cl1 = CATALOGUE.frameworks["rainbow"].items["CL1"]
    said = {
        str(w["/TU"]) for w in radios if w["/Parent"].get_object()["/T"].endswith("~CL1~answer")
    }
    assert said == {f"CL1. {cl1.text} Answer: {o.label}" for o in cl1.scale.options}
    boxes = {n: f for n, f in fields.items() if n.endswith("~comment") and "respondent" not in n}
    assert set(boxes) == set(domain_boxes(questionnaire))
    coherence = field_name(CATALOGUE.frameworks["npt"], CATALOGUE.frameworks["npt"].items["CO1"])
    assert str(boxes[coherence.replace("~answer", "~comment")]["/TU"]) == (
        "Comments on Making sense of it (coherence) (optional)"
    )


@pytest.mark.slow
def test_every_roles_form_has_at_most_forty_percent_of_its_pages() -> None:
    """The issue's goal, counted as it counts (GP 12 → at most 5, link worker 16 → 6): at most
    40% of the pages before, rounded to the nearest page."""
    pages = {}
    for role in ROLES:
        form = render_pdf_form(build_questionnaire(BUNDLED, role))
        pages[role] = len(pypdf.PdfReader(io.BytesIO(form)).pages)
    allowed = {role: round(before * 0.4) for role, before in PAGES_BEFORE.items()}
    assert {r: p for r, p in pages.items() if p > allowed[r]} == {}
    # Strictly under 40% for all but the commissioner's (3 of 7: ten domains for 16 items).
    assert [r for r, p in pages.items() if p > PAGES_BEFORE[r] * 0.4] == ["commissioner"]
    # The README's table says what these forms are.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (\d+) → (\d+) \|$", readme, flags=re.MULTILINE)
    assert rows == [(role_label(r), str(PAGES_BEFORE[r]), str(pages[r])) for r in ROLES]


def test_every_answer_and_domain_comment_reads_back_exactly(tmp_path: Path) -> None:
    """Filled with pypdf (another program's form filling), imported, compared."""
    role = "link_worker"
    questionnaire = build_questionnaire(FRAMEWORKS, role)
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    values = {"rd~respondent~id": "lw1", "rd~respondent~comment": "All fine.\nThanks"}
    for section in questionnaire.sections:
        for n, item in enumerate(section.items):
            value, _ = chosen(item, n)
            name = field_name(section.framework, item)
            if item.scale.type == ScaleType.NUMERIC:
                values[name] = str(value)
            else:
                codes = [o.code for o in item.scale.options]
                values[name] = f"/{codes.index(value if isinstance(value, str) else str(value))}"
    boxes = domain_boxes(questionnaire)
    values.update({name: text for name, (_, _, text) in boxes.items()})
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    folder = tmp_path / "site"
    import_files([filled], folder, CATALOGUE, site="S")
    assert_imported(folder, "lw1", role, expected_answers(role))
    person = load_assessment(folder, CATALOGUE).respondents[0]
    got, want = person.comments, expected_comments(questionnaire)
    assert {f: sorted(c) for f, c in got.items()} == {f: sorted(c) for f, c in want.items()}
    assert got == want
    assert person.general_comment == "All fine.\nThanks"


def test_a_form_with_a_comment_box_per_item_still_imports(tmp_path: Path) -> None:
    """Forms made before the compact layout named a comment field for every item; each is
    read back onto its item."""
    questionnaire = build_questionnaire([CATALOGUE.frameworks["npt"]], "gp")
    rows = []
    for section in questionnaire.sections:
        for item in section.items:
            answer = field_name(section.framework, item)
            radios = "".join(
                f'<input type="radio" name="{answer}" value="{o.code}" title="{item.id}">'
                for o in item.scale.options
            )
            comment = field_name(section.framework, item, "comment")
            rows.append(
                f'<p>{item.text}{radios}<textarea name="{comment}" title="c"></textarea></p>'
            )
    html = (
        '<html lang="en-GB"><body><input type="text" name="rd~respondent~id" title="id">'
        + "".join(rows)
        + "</body></html>"
    )
    form = tmp_path / "old.pdf"
    form.write_bytes(write_pdf(html, template_folders(), pdf_forms=True, finisher=finish_form))
    values = {"rd~respondent~id": "old1"}
    for section in questionnaire.sections:
        for item in section.items:
            values[field_name(section.framework, item)] = "/0"
            values[field_name(section.framework, item, "comment")] = f"About {item.id}"
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    import_files([filled], tmp_path / "site", CATALOGUE, site="S", role="gp")
    person = load_assessment(tmp_path / "site", CATALOGUE).respondents[0]
    items = [i.id for s in questionnaire.sections for i in s.items]
    assert person.comments == {"npt": {i: f"About {i}" for i in items}}


def test_a_scale_with_more_answers_than_a_row_holds_is_asked_as_a_list() -> None:
    """An adapted agreement scale of eleven answers would be drawn over its statements and
    off the page in a grid; it is asked as a list, which wraps."""
    import dataclasses

    from readiness.collect.form_layout import MAX_GRID_COLUMNS

    item = CATALOGUE.frameworks["five-mechanisms"].items["SD1"]
    assert in_grid(item)
    options = list(item.scale.options)
    extra = [
        dataclasses.replace(options[0], code=f"extra{n}", label=f"Extra {n}", value=float(n))
        for n in range(MAX_GRID_COLUMNS - len(options))
    ]
    full = dataclasses.replace(
        item, scale=dataclasses.replace(item.scale, options=(*options, *extra))
    )
    assert len(full.scale.options) == MAX_GRID_COLUMNS and in_grid(full)
    more = dataclasses.replace(options[0], code="one_more", label="One more", value=99.0)
    over = dataclasses.replace(
        item, scale=dataclasses.replace(item.scale, options=(*full.scale.options, more))
    )
    assert not in_grid(over)


def _npt_form_ticked(tmp_path: Path, stored: str | None, shown: list[int]) -> Path:
    """An NPT form for a GP whose CO1 stores `stored` (a state such as '/1', or nothing) and
    whose page shows the answers at `shown` ticked: what a viewer that updates only one of
    the two leaves."""
    questionnaire = build_questionnaire([CATALOGUE.frameworks["npt"]], "gp")
    form = tmp_path / "q.pdf"
    form.write_bytes(render_pdf_form(questionnaire))
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(form))
    values = {"rd~respondent~id": "t1", "rd~npt~v3_0_0~G1~answer": "7"}
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    field = writer_field(writer, "rd~npt~v3_0_0~CO1~answer")
    if stored is not None:
        field[pypdf.generic.NameObject("/V")] = pypdf.generic.NameObject(stored)
    for index, kid in enumerate(field["/Kids"]):
        state = f"/{index}" if index in shown else "/Off"
        kid.get_object()[pypdf.generic.NameObject("/AS")] = pypdf.generic.NameObject(state)
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    return filled


@pytest.mark.parametrize(
    ("stored", "shown", "said"),
    [
        ("/1", [3], "the page shows 'disagree' ticked, but the form stores 'agree'"),
        (None, [0, 3], "the page shows 'strongly_agree' and 'disagree' ticked"),
    ],
)
def test_a_tick_that_is_not_the_answer_stored_is_refused(
    stored: str | None, shown: list[int], said: str, tmp_path: Path
) -> None:
    """The import read the stored answer whatever the page showed ticked: a reader of the
    printed form and the report would disagree. Exact or refused."""
    filled = _npt_form_ticked(tmp_path, stored, shown)
    with pytest.raises(InputError) as info:
        import_files([filled], tmp_path / "site", CATALOGUE, site="S")
    assert [str(p) for p in info.value.problems] == [
        f"{filled}: field CO1: {said}; open the form, tick the one answer meant again, and save it"
    ]
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("stored", [None, "/3"])
def test_one_tick_is_the_answer_whether_or_not_it_is_stored(
    stored: str | None, tmp_path: Path
) -> None:
    """A viewer that draws the tick but stores no value: the answer is the one shown."""
    filled = _npt_form_ticked(tmp_path, stored, [3])
    import_files([filled], tmp_path / "site", CATALOGUE, site="S")
    (person,) = load_assessment(tmp_path / "site", CATALOGUE).respondents
    assert {k: a.raw for k, a in person.answers["npt"].items()} == {"G1": "7", "CO1": "disagree"}
