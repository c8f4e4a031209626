"""The questionnaire as an XLSForm (survey, choices and settings sheets): a web form for
KoboToolbox, ODK Central or Enketo, whose exports `readiness import` reads back (odk_export.py).

The naming contract, which an import of the form's data relies on (docs/collection.md):

- each framework is a group named by its id with `-` as `_` (`five_mechanisms`), holding one
  group per domain (named by the domain id); each question is named by its item id, its
  comment `ID_comment`, and a figure's "cannot give one" answer `ID_no_figure`. ODK Central
  joins group paths with `-` and KoboToolbox with `/`, and no name we write holds either,
  so the first and last parts of every column title are the framework and the question;
- `role` (a question, or fixed by a calculation in a form for one role), `respondent` (the
  pseudonym) and the notes `intro1`, `intro2`, ... sit in the group `about`; `general_comment`
  and the calculation `readiness_frameworks` sit at the top;
- `readiness_frameworks` holds the frameworks and versions asked (`five-mechanisms@3.0.0;
  npt@3.0.0`): every submission carries it, in ODK Central's exports and KoboToolbox's
  alike (KoboToolbox replaces the settings' version with its own);
- option names are our answer codes and their labels our labels; a figure is a decimal
  question checked against the scale's range, and its unscored answers (Don't know, ...)
  are a second question shown while no figure is typed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field

from readiness.assessment.format import MAX_COMMENT
from readiness.collect import wording
from readiness.collect.questionnaire import Questionnaire
from readiness.errors import ReadinessError
from readiness.framework.model import Item, Option
from readiness.vocabulary import ROLES, AnswerKind, ScaleType
from readiness.xlsxio import text_only, workbook_bytes

ABOUT = "about"
ROLE = "role"
RESPONDENT = "respondent"
GENERAL = "general_comment"
VERSIONS = "readiness_frameworks"
INTRO = "intro"  # the introduction's notes: intro1, intro2, ...
COMMENT_SUFFIX = "_comment"
NO_FIGURE_SUFFIX = "_no_figure"
ROLES_LIST = "roles"
SPEC_SEPARATOR = ";"
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "appearance",
    "constraint",
    "constraint_message",
    "calculation",
)
CHOICES_COLUMNS = ("list_name", "name", "label")
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "style")


def xml_name(identifier: str) -> str:
    """A framework, domain or item id as an XLSForm name: `-` and `.` as `_` (ODK Central
    joins group paths with `-`), and a leading `q` before an id that starts with a digit."""
    name = re.sub(r"[-.]", "_", identifier)
    return "q" + name if name[:1].isdigit() else name


def versions_value(specs: list[tuple[str, str]]) -> str:
    """What `readiness_frameworks` holds: `five-mechanisms@3.0.0;npt@3.0.0`."""
    return SPEC_SEPARATOR.join(f"{framework_id}@{version}" for framework_id, version in specs)


def form_id(role: str | None) -> str:
    return f"readiness_{role or 'all'}"


@dataclass
class _Form:
    """The rows of the three sheets, as they are built."""

    survey: list[dict[str, str]] = field(default_factory=list)
    choices: list[tuple[str, str, str]] = field(default_factory=list)
    lists: dict[tuple[tuple[str, str], ...], str] = field(default_factory=dict)

    def row(self, kind: str, name: str, label: str = "", hint: str = "", **columns: str) -> None:
        self.survey.append(
            {"type": kind, "name": name, "label": _text(label), "hint": _text(hint), **columns}
        )

    def choice_list(self, base: str, options: tuple[Option, ...]) -> str:
        """The name of a choice list holding `options` (one list per distinct set)."""
        key = tuple((o.code, o.label) for o in options)
        if key not in self.lists:
            taken = set(self.lists.values())
            name, n = base, 2
            while name in taken:
                name, n = f"{base}_{n}", n + 1
            self.lists[key] = name
            self.choices += [(name, code, _text(label)) for code, label in key]
        return self.lists[key]


def render_xlsform(questionnaire: Questionnaire) -> bytes:
    """The XLSForm as .xlsx bytes (the same bytes for the same questionnaire)."""
    q = questionnaire
    form = _Form()
    specs = [(s.framework.id, s.framework.version) for s in q.sections]
    form.row("calculate", VERSIONS, calculation=f"'{versions_value(specs)}'")
    form.row("begin_group", ABOUT, wording.XLSFORM_ABOUT, appearance="field-list")
    for n, paragraph in enumerate(q.intro(), 1):
        form.row("note", f"{INTRO}{n}", paragraph)
    if q.role:
        form.row("calculate", ROLE, calculation=f"'{q.role}'")
    else:
        roles = form.choice_list(ROLES_LIST, _role_options())
        form.row(f"select_one {roles}", ROLE, wording.XLSFORM_ROLE_QUESTION, required="yes")
    form.row("text", RESPONDENT, q.id_label)
    form.row("end_group", ABOUT)
    for section in q.sections:
        group = xml_name(section.framework.id)
        form.row("begin_group", group, section.framework.title)
        for qd in section.domains:
            roles_of = [i.roles for i in qd.items]
            shown = "" if q.role or any(not r for r in roles_of) else _asked(set().union(*roles_of))
            form.row(
                "begin_group",
                xml_name(qd.domain.id),
                qd.domain.title,
                appearance="field-list",
                relevant=shown,
            )
            for item in qd.items:
                _question(form, item, "" if q.role else _asked(set(item.roles)), q.comment_label)
            form.row("end_group", xml_name(qd.domain.id))
        form.row("end_group", group)
    form.row("text", GENERAL, wording.XLSFORM_GENERAL_QUESTION, **_COMMENT)
    _unique_names(form)
    return _workbook(form, q, specs)


def _question(form: _Form, item: Item, relevant: str, comment_label: str) -> None:
    """An item's rows: its question, a figure's "cannot give one" answers, its comment."""
    scale = item.scale
    name = xml_name(item.id)
    hint = item.help or ""
    if scale.type == ScaleType.NUMERIC:
        bounds = [f". >= {scale.min:g}"] if scale.min is not None else []
        bounds += [f". <= {scale.max:g}"] if scale.max is not None else []
        figure_hint = wording.xlsform_figure_hint(scale)
        form.row(
            "decimal",
            name,
            item.text,
            hint=f"{hint} {figure_hint}".strip(),
            relevant=relevant,
            constraint=" and ".join(bounds),
            constraint_message=wording.xlsform_figure_error(scale) if bounds else "",
        )
        if scale.unscored:
            choices = form.choice_list(xml_name(scale.id) + NO_FIGURE_SUFFIX, scale.unscored)
            blank = f"../{name} = ''"
            form.row(
                f"select_one {choices}",
                name + NO_FIGURE_SUFFIX,
                wording.XLSFORM_NO_FIGURE,
                relevant=f"({relevant}) and {blank}" if relevant else blank,
            )
    else:
        choices = form.choice_list(xml_name(scale.id), scale.options)
        form.row(f"select_one {choices}", name, item.text, hint=hint, relevant=relevant)
    form.row("text", name + COMMENT_SUFFIX, comment_label, relevant=relevant, **_COMMENT)


# A comment box: several lines, no longer than an import accepts (checked as it is typed).
_COMMENT = {
    "appearance": "multiline",
    "constraint": f"string-length(.) <= {MAX_COMMENT}",
    "constraint_message": wording.comment_too_long(MAX_COMMENT),
}


def _role_options() -> tuple[Option, ...]:
    return tuple(Option(code, label, None, AnswerKind.SCORED) for code, label in ROLES.items())


def _asked(roles: set[str]) -> str:
    """The relevance of a question for these roles in a form for every role ('' for all)."""
    if not roles:
        return ""
    return " or ".join(f"${{{ROLE}}} = '{role}'" for role in ROLES if role in roles)


def _text(text: str) -> str:
    """Text for a label or hint: `${` would make ODK read a reference to a question, so a
    site or service named with it keeps its characters with a zero-width space between."""
    return text.replace("${", "$\u200b{")


def _unique_names(form: _Form) -> None:
    """Refuse a form whose names the contract could not read back: a name twice in one
    group, or a question anywhere named like one of ours at the top (`role`)."""
    stack: list[set[str]] = [set()]
    reserved = {ROLE, RESPONDENT, GENERAL, VERSIONS, ABOUT}
    for row in form.survey:
        kind, name = row["type"], row["name"]
        if kind == "end_group":
            stack.pop()
            continue
        if name in stack[-1] or (len(stack) > 2 and name in reserved):
            raise ReadinessError(
                f"an XLSForm cannot ask this questionnaire: the name {name!r} would be used "
                "twice; rename the framework's item or domain"
            )
        stack[-1].add(name)
        if kind == "begin_group":
            stack.append(set())


def _workbook(form: _Form, q: Questionnaire, specs: list[tuple[str, str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for row in form.survey:
        survey.append([row.get(column, "") or None for column in SURVEY_COLUMNS])
    choices = wb.create_sheet("choices")
    choices.append(CHOICES_COLUMNS)
    for list_row in form.choices:
        choices.append(list_row)
    content = json.dumps([form.survey, form.choices], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:8]
    settings = wb.create_sheet("settings")
    settings.append(SETTINGS_COLUMNS)
    title = q.title if q.for_clients else f"{q.title}: {q.role_label}"
    settings.append(
        [_text(title), form_id(q.role), f"{versions_value(specs)}{SPEC_SEPARATOR}{digest}", "pages"]
    )
    for sheet, widths in ((survey, (22, 26, 60, 40)), (choices, (22, 18, 50))):
        for letter, width in zip("ABCD", widths, strict=False):
            sheet.column_dimensions[letter].width = width
    text_only(wb)
    return workbook_bytes(wb)
