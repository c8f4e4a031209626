"""Words a person reads in what collection writes: the questionnaire's title, introduction and
labels (on paper and in the workbook), and the notes heading the files an import creates. Kept
out of the logic, so a second language changes text, not code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from readiness import vocabulary
from readiness.schema import did_you_mean

if TYPE_CHECKING:
    from readiness.framework.model import Scale

# Small numbers as a reader expects them in a sentence ("at least three people").
NUMBER_WORDS = dict(
    enumerate(("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))
)

STAFF_TITLE = "Social prescribing readiness questionnaire"
ANY_ROLE = "any role"
STAFF_ID_LABEL = "Your pseudonym (for example r01; never your name)"
CLIENT_ID_LABEL = "A code, if you were given one (leave it blank if not; never your name)"
# The PDF form has a comment box per domain (clients': one at the end, for everything).
DOMAIN_COMMENT_LABEL = "Your comments (optional)"
DOMAIN_COMMENT_TOOLTIP = "Comments on {domain} (optional)"
STAFF_GENERAL_COMMENT_LABEL = "Any other comments (optional)"
CLIENT_COMMENT_LABEL = "Anything you want to add (optional)"

WORKBOOK_STEPS = (
    "How to fill it: go to each framework's sheet (tabs at the bottom), choose an "
    "answer in the yellow 'Your answer' column from its drop-down list, and add a "
    "comment if you wish. Save the file and send it back."
)
WORKBOOK_SITE_LABEL = "Site"
WORKBOOK_QUESTIONS_SHEET = "Your questions"  # the one sheet when every framework asks few
WORKBOOK_ROLE_ERROR = "Choose your role from the list."
WORKBOOK_ANSWER_ERROR_TITLE = "Not one of the answers"
WORKBOOK_NUMBER_ERROR_TITLE = "Not a figure this question takes"
COMMENT_TOO_LONG_TITLE = "Comment too long"


def comment_too_long(limit: int) -> str:
    """What a form says when a comment is over the length an import accepts."""
    return f"A comment is at most {limit:,} characters; please shorten it."


def figure_error(scale: Scale) -> str:
    """What a figure's box (workbook cell or PDF field) says when what was typed is not a
    number in the scale's range nor one of its word answers."""
    if scale.min is not None and scale.max is not None:
        span = f" from {scale.min:g} to {scale.max:g}"
    elif scale.min is not None:
        span = f" of {scale.min:g} or more"
    else:
        span = ""
    return f"Type the figure alone, without units{span}: {scale.describe()}."


SITE_FILE_HEADER = (
    "# Created by readiness import. Check the kind (practice, pcn or service) and the\n"
    "# assessment date, and add ods_code if the site has one.\n"
)
SITE_FILE_HEADER_WITH_CODE = (
    "# Created by readiness import from the options it was given. Check the kind (practice,\n"
    "# pcn or service) and the assessment date.\n"
)


def number_words(number: int) -> str:
    """'three', or '12' beyond ten."""
    return NUMBER_WORDS.get(number, str(number))


def client_title(service: str) -> str:
    """The title of the questionnaire for people who use `service`."""
    return "Your views on " + service


def clients_of(service: str) -> str:
    """Who the client questionnaire is for, as its introduction names them."""
    return "people who use " + service


def workbook_answer_error(scale_described: str) -> str:
    """What a spreadsheet program says when an answer cell holds something not on its list."""
    return f"Choose an answer from the list ({scale_described})."


def respondent_file_header(version: str) -> str:
    """The first line of a respondent file an import wrote."""
    return f"# Imported by readiness {version}; edit with care.\n"


# Where a form has room for comments: beside every question (workbook, YAML, web form), a
# box per domain (the PDF form; clients' PDF form: one box at the end), or only one box at
# the end (the questions pasted into Microsoft Forms or Google Forms).
CommentRoom = Literal["item", "domain", "end"]
STAFF_COMMENT_ROOM: dict[CommentRoom, str] = {
    "item": "Every question has room for a comment.",
    "domain": "Each group of questions has a box for comments.",
    "end": "There is a box for comments at the end.",
}
CLIENT_COMMENT_ROOM: dict[CommentRoom, str] = {
    "item": "You can add a few words under any question if you want to.",
    "domain": "You can add a few words at the end if you want to.",
    "end": "You can add a few words at the end if you want to.",
}


def staff_intro(
    site: str | None,
    item_count: int,
    role_label: str,
    minutes: int,
    min_group: str,
    comments: CommentRoom = "item",
) -> list[str]:
    """The introduction for staff and partners: what is asked, and how answers are used
    (`min_group` in words: the fewest people a view is shown for; `comments`: where the
    form has room for them, a key of STAFF_COMMENT_ROOM)."""
    where = f" at {site}" if site else ""
    n = min_group
    return [
        f"This questionnaire asks how ready social prescribing{where} is: whether the "
        "conditions are in place for link workers, practices and community partners to "
        "deliver it well and keep it going. It is not a test of you or your team.",
        f"It has {item_count} questions for {role_label} and takes about "
        f'{minutes} minutes. Answer from your own experience. Choose "don\'t know" '
        'or a "not relevant" answer whenever that is the honest answer; these are '
        f"counted, not treated as low scores. {STAFF_COMMENT_ROOM[comments]}",
        "How your answers are used: they are combined with colleagues' answers into a "
        "report for the site. You are identified only by your role, never by name. "
        f"A score built from people's views is shown only when at least {n} people "
        f"answered the question, and a role's views only when at least {n} people in "
        "that role answered, so a small group cannot be singled out. Factual questions "
        "(numbers, yes or no, how far something is in place) are about the service, not "
        "about you, so their answers may be shown even if only you could answer them. "
        f"Comments are shown as written: with your role when at least {n} people in your "
        "role answered, otherwise without it. Do not name people in them. If the site has "
        "told you this is a named self-assessment, the report says who filled it in and "
        "it is not anonymous.",
    ]


def client_intro(
    service: str,
    site: str | None,
    item_count: int,
    minutes: int,
    min_group: str,
    comments: CommentRoom = "item",
) -> list[str]:
    """The introduction for people who use the service: their words, not staff's
    (`comments`: where the form has room for them, a key of CLIENT_COMMENT_ROOM)."""
    where = f" at {site}" if site else ""
    questions = "question" if item_count == 1 else "questions"
    return [
        f"This questionnaire is about your experience of {service}. By {service} we mean "
        f"the people{where} who help you find support in your community, for example with "
        "money worries, loneliness, housing, caring or things to do.",
        f"There are {item_count} {questions} and it takes about {minutes} "
        "minutes. There are no right or wrong answers. If a question does not fit you, "
        'choose the answer that says so, such as "Don\'t know". '
        f"{CLIENT_COMMENT_ROOM[comments]}",
        "You do not need to give your name. Your answers are put together with other "
        f"people's answers into a report for the people who run {service}, so they can "
        "make it better. Answers from people who use the service are only shown when at "
        f"least {min_group} people have answered, so nobody can be picked out. "
        "If you write something, it may be shown in the report without your name, so "
        "please do not name anyone. Taking part is up to you, and it will not change the "
        "help you get.",
        CLIENT_SAMPLING,
    ]


# Who to give the client questionnaire to, printed in its introduction and in the manual:
# people who are doing well answer most readily, so a convenience sample flatters the service.
CLIENT_SAMPLING = (
    "For staff giving out this questionnaire: give it to every client in a run (for example "
    "everyone who started support in one month) or to a random selection, not only to people "
    "who are doing well; include people who stopped coming; and offer it in the languages "
    "clients use, or with an interpreter."
)


def rejected(state: str | None) -> str:
    """Why a submission the survey's own reviewer rejected was not imported."""
    return (
        f"rejected by the survey's reviewer (review state {state!r}), so it was left out; "
        "give --include-rejected to import it"
    )


# -- the paste-ready list for Microsoft Forms and Google Forms ----------------------------------
FORMS_ROLE_QUESTION = "What is your role?"
FORMS_ID_QUESTION = "Your pseudonym"
FORMS_GENERAL_QUESTION = "Any other comments"
FORMS_HELP = "Help text"
FORMS_SETUP = [
    "How to build the form so that its export imports without a mapping file:",
    "- Paste each question's title exactly as written, with its code at the start",
    '  ("SD1. ..."); the code is how `readiness import` knows the question.',
    "- [Choice]: one answer only, with exactly the answers listed, in their words.",
    '- [Text, number]: a short text answer, so that "Don\'t know" stays possible.',
    '- Do not collect names or email addresses (Microsoft Forms: "Anyone can respond";',
    '  Google Forms: "Collect email addresses" off). Exports\' name and email columns are',
    "  never imported.",
    "- Make no question required except the role, so that people can skip what they",
    "  cannot answer.",
    "- Export the responses as CSV or Excel and import them with",
    "  readiness import responses.csv --into SITE/",
]


ROWS_SHOWN = 5  # rows named one by one in a message; the rest are counted


def rows_named(numbers: list[int]) -> str:
    """'row 4', 'rows 4, 18 and 92', or 'rows 4, 18, 92, 93, 95 and 37 more'."""
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    if len(numbers) <= ROWS_SHOWN:
        return "rows " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    shown = ", ".join(str(n) for n in numbers[:ROWS_SHOWN])
    return f"rows {shown} and {len(numbers) - ROWS_SHOWN:,} more"


# -- the XLSForm (KoboToolbox, ODK Central, Enketo) ---------------------------------------------
NO_SUBMISSIONS = "has a header row but no submissions"
KOBO_LABEL_HEADERS = (
    "is a KoboToolbox export whose columns are titled with the questions' labels, which "
    "cannot be matched to the form's questions (several share a label); export again "
    "choosing 'XML values and headers' and the group separator '/'"
)
XLSFORM_ABOUT = "About you"
XLSFORM_ROLE_QUESTION = "What is your role?"
XLSFORM_GENERAL_QUESTION = "Any other comments (optional)"
XLSFORM_NO_FIGURE = "If you cannot give a figure, say why"


def xlsform_figure_hint(scale: Scale) -> str:
    """The hint under a figure's box in a web form: what to type, and where the words go."""
    words = " (or choose an answer below if you cannot give one)" if scale.unscored else ""
    return f"Type the figure alone{_span(scale)}: {scale.unit}{words}."


def xlsform_figure_error(scale: Scale) -> str:
    """What a web form says when a figure is outside the question's range."""
    return f"Type a number{_span(scale)} ({scale.unit})."


def _span(scale: Scale) -> str:
    if scale.min is not None and scale.max is not None:
        return f" from {scale.min:g} to {scale.max:g}"
    if scale.min is not None:
        return f" of {scale.min:g} or more"
    if scale.max is not None:
        return f" of {scale.max:g} or less"
    return ""


def read_as(kind: str, source: str, submissions: int) -> str:
    """What an import says it recognised a survey tool's export as."""
    rows = f"{submissions:,} submission{'' if submissions == 1 else 's'}"
    return f"{source}: read as {kind}, {rows}"


# A YAML respondent file given to `import`.
YAML_ID_NOT_TEXT = 'must be text, such as r01; put it in quotes ("r01") so it is kept as written'
YAML_COMMENT_NOT_TEXT = (
    "YAML reads this comment as a number, a date or yes/no, which would change what was "
    'written (1.50 becomes 1.5); put it in quotes ("1.50") so it is kept exactly'
)


def unknown_yaml_key(hint: str, known: list[str]) -> str:
    """A key a respondent file does not have (`hint`: a "did you mean" or nothing)."""
    return f"unknown key{hint}; a respondent file has {', '.join(known)}"


def several_sheets(names: str) -> str:
    """A survey export workbook with rows on more than one sheet."""
    return (
        f"has rows on more than one sheet ({names}), and an import reads one table of people; "
        "save each sheet that holds answers as a file of its own (or delete the others) and "
        "import those"
    )


YAML_COMMENT_NULL = (
    'is ~ or null, which YAML reads as no comment at all; put it in quotes ("~") to keep '
    "it, or leave the comment empty"
)


def yaml_comment_not_text(is_list: bool) -> str:
    """A comment written as a YAML list or mapping (a dash or a colon at its start)."""
    shape = "a list (a line starting '- ')" if is_list else "a mapping (a 'key: value' inside it)"
    return (
        f"YAML reads this comment as {shape}, not text; write it in quotes, as "
        '"what you wrote", and import again'
    )


# Long text a message quotes (a note, a column's title) is cut to its start.
QUOTED_UP_TO = 60


def start_of(text: str) -> str:
    """`text`, or its start and "..." when it is longer than a message quotes."""
    return text if len(text) <= QUOTED_UP_TO else text[: QUOTED_UP_TO - 3] + "..."


def note_added(page: int, text: str) -> str:
    """A note added to a PDF form's page, which only its fields are read from."""
    return (
        f"page {page} has a note added to it ({start_of(text)!r}), which is not read; copy "
        "what it says into a comment box and import again"
    )


TYPED_AFTER_HASH = (
    "text after # is a YAML comment, which an import does not read, so what it says would be "
    'lost; write it under comments: at the end of the file (for example  CO2: "...") or as '
    "general_comment:, in quotes, or delete it, and import again"
)


def typed_after_hash(said: str) -> str:
    """A typed YAML comment refused, quoting (the start of) what it says."""
    return f"{json.dumps(start_of(said), ensure_ascii=False)}: {TYPED_AFTER_HASH}"


# Text typed into a questionnaire workbook outside the answer and comment cells.
TYPED_OUTSIDE = (
    "holds text outside the cells for answers and comments, which is not read; move it into "
    "a comment cell (column E, or the general comment on the first sheet) and import again"
)

TYPED_OVER = (
    "no longer says what the questionnaire wrote there, and what was typed over it is not "
    "read; put the cell back as it was (or copy the question from a fresh questionnaire) and "
    "write what you meant in the comment cell (column E)"
)

# A whole assessment (or its site.yaml) given where a respondent's file was expected.
NOT_A_RESPONDENT_FILE = (
    "this is an assessment's file (it has site:), not one respondent's; score or report it as "
    "it is, or import the respondents' own files"
)

# A comment cell a spreadsheet stored as something other than text.
COMMENT_DATE_NOT_KEPT = (
    "the spreadsheet stored this comment as a date or time, so what was typed cannot be told; "
    "type it again as text (start it with an apostrophe) and import again"
)
COMMENT_NUMBER_NOT_KEPT = (
    "the spreadsheet stored this comment as a number it shows only in exponent form, so what "
    "was typed cannot be told; type it again as text (start it with an apostrophe)"
)

CELL_NOTE = (
    "has a note attached to the cell (an Excel comment), which is not read; write what it "
    "says in a comment cell (column E, or the general comment on the first sheet), delete the "
    "note, and import again"
)

ADDED_SHEET = (
    "this sheet is not part of the questionnaire, and what it says would not be imported; "
    "move it into the comment boxes (or Any other comments), or delete the sheet"
)


def another_sites_folder(existing: str, existing_code: str, given: str, given_code: str) -> str:
    return (
        f"holds the assessment of {existing} ({existing_code}), not {given} ({given_code}) "
        "as the import's options say; import into that site's own folder, or leave out "
        "--site and its options to add to this one"
    )


def other_site_name(site_file: object, existing: str, given: str) -> str:
    return (
        f"note: {site_file} names the site {existing!r}, not {given!r} as --site does; the "
        "answers were added to it. If they are another site's, remove them and import into "
        "that site's own folder"
    )


def too_many_for_invited(
    role: str, held: int, adding: int, invited: int, given: bool = False
) -> str:
    """Why an import would hold more of a role (its label: "GP") than were invited (`given`:
    in this run's --invited, not in site.yaml)."""
    people = "person was" if invited == 1 else "people were"
    where = "given with --invited" if given else "in site.yaml"
    return (
        f"{invited} {people} invited as {role}, but the folder would then hold "
        f"{held + adding} ({held} already, {adding} from this import); "
        f"correct the number invited {where} (or check these files are this site's) and "
        "import again"
    )


def note_ticks(ticked: list[str], stored: str | None) -> str:
    """Why a PDF form's button answer is refused: the page shows ticks that are not the one
    answer the form stores."""
    shown = " and ".join(repr(t) for t in ticked)
    said = (
        f"the page shows {shown} ticked, but the form stores {stored!r}"
        if stored is not None
        else f"the page shows {shown} ticked"
    )
    return f"{said}; open the form, tick the one answer meant again, and save it"


def submission_edited(held: str) -> str:
    return (
        "but its answers were edited in the survey since, and the file keeps the answers "
        f"imported then: to take the edit, delete {held} and import this download again"
    )


def holds_answers(path: object, given: int) -> str:
    """Why a blank questionnaire is not written over a file that holds people's answers."""
    what = "answer or comment" if given == 1 else "answers and comments"
    return (
        f"refusing to write {path}: it holds {given:,} {what} someone gave (imported or "
        "not, the form is kept as it came back). Move it, or choose another name, then run "
        "the command again"
    )


def holds_a_filled_form(path: object, problem: str) -> str:
    """Why a file is not written over a filled form an import cannot read."""
    return (
        f"refusing to write {path}: it is a filled form, and what it holds cannot be told "
        f"({problem}). Move it, or choose another name, then run the command again"
    )


def unreadable_pdf(error: str) -> str:
    """A PDF form the PDF library cannot read (`error`: the library's name for the fault)."""
    return (
        f"cannot be read as a PDF form ({error}): it is damaged or cut short; ask for the file "
        "again, or save it again from the PDF viewer"
    )


def role_contradicted(written: str, matched: str | None, given: str) -> str:
    """A response states a role and `--role` says another: neither wins silently."""
    label = vocabulary.role_label
    shown = label(matched) if matched else written
    said = repr(written) if shown == written.strip() else f"{written!r} ({shown})"
    return (
        f"the role given is {said}, but --role says {label(given)}; --role is for files "
        "that give no role: leave it out to keep each person's own answer, or correct the "
        "file if the role given is wrong"
    )


def unknown_role(written: str) -> str:
    """A role no role's id or name matches, with the names a respondent chooses from (the
    labels the forms show) and their ids."""
    labels = {vocabulary.role_label(role): role for role in vocabulary.ROLES}
    hint = did_you_mean(written, [*labels, *labels.values()])
    names = "; ".join(f"{label} ({role})" for label, role in labels.items())
    return f"unknown role {written!r}{hint}; give one of: {names}"


def not_asked_of(role: str, unasked: list[str]) -> str:
    """A response answered questions its role is not asked (a form for one role returned with
    another role chosen): the answers are kept, and scored as that role's."""
    shown = ", ".join(unasked[:8]) + (f" and {len(unasked) - 8:,} more" if len(unasked) > 8 else "")
    count = f"{len(unasked):,} answer{'' if len(unasked) == 1 else 's'}"
    return (
        f"warning: {count} ({shown}) to questions not asked of the role this respondent is "
        f"imported as, {vocabulary.role_label(role)}: kept, and "
        "scored as that role's answers; if the role is wrong, correct `role:` in the "
        "respondent file"
    )


def pseudonym_taken(given: str, chosen: str, written: Path) -> str:
    """A response whose pseudonym another respondent of the site already has: written under
    the next free one, and said plainly, since it may be the same person's form sent again."""
    return (
        f"warning: the pseudonym {given!r} is already another respondent's in "
        f"{written.parent}, so this respondent is {chosen}. Two people may have chosen the "
        "same pseudonym; if instead one person sent a corrected form, they are now counted "
        f"twice: delete the respondent file of the form to drop (this one is {written})"
    )


# Respondent files an import does not list one by one, counted by what they warn of ({who}:
# "3 more respondents").
UNLISTED_RENAMED = (
    "warning: {who} had a pseudonym already taken and took the next free one: two people may "
    "have chosen the same pseudonym, or one person's corrected form is now counted twice (each "
    "file says, at the top, the pseudonym it gave)"
)


def pseudonym_given(given: str, chosen: str, usable: bool) -> str:
    """The note at the top of a respondent file written under another pseudonym than its
    response gave, so that the file of a form sent twice can be found."""
    why = "already another respondent's here" if usable else "not one a file can be named by"
    return f"note: the response gave the pseudonym {given!r}, {why}, so this respondent is {chosen}"


UNLISTED_UNASKED = (
    "warning: {who} answered questions their role is not asked; the answers are kept and "
    "scored as that role's (each file says which, at the top)"
)
UNLISTED_CARRIED = (
    "note: {who} answered an older framework version; what was carried across is noted at "
    "the top of each file"
)


def _text_of(digest: str | None, path: object = None) -> str:
    """A text of a framework, as a message names it: the bundled one, or a file of the user's
    (by its path when known, else by the start of its SHA-256)."""
    if digest is None:
        return "the bundled text"
    if path is not None:
        return f"the file {path}"
    return f"a file of yours (SHA-256 {digest[:12]}...)"


def _text_advice(digest: str | None, what: str) -> str:
    """What to do about `what` ("it", a form; "them", answers) given to the text `digest`
    (None: the bundled one)."""
    if digest is None:
        return f"import {what} without the --frameworks-dir folder holding another text of it"
    given = "it was written from" if what == "it" else "they were given to"
    return f"import {what} with --frameworks-dir naming the folder of the file {given}"


def checked_against_other_text(
    framework: str, first: str | None, now: str | None, path: object
) -> str:
    """A respondent file imported again, whose answers were first checked against another
    text of the framework (`first`: its SHA-256, None for the bundled one) than this
    import's (`now`, from the file at `path`)."""
    return (
        f"warning: these answers to {framework} were first imported against "
        f"{_text_of(first)}, and this import checks them against {_text_of(now, path)}: "
        f"{_text_advice(first, 'them')}, or they are scored on questions worded otherwise "
        "(the new file records the text they were given to)"
    )


# A form's record of which text each framework's questions come from, changed.
TEXT_RECORD_CHANGED = (
    "should say which text of a framework the questions come from, `bundled` or the SHA-256 "
    "the questionnaire wrote there, and says something else; put it back as it was, or write "
    "the questionnaire again"
)


def text_record_silent(framework_id: str) -> str:
    """A form's record of which text of each framework it asks, with one left out."""
    return (
        f"should say which text of {framework_id} the questions come from, and says nothing "
        "of it, so it was changed; put it back as it was, or write the questionnaire again"
    )


def form_from_other_text(framework: str, written: str | None, now: str | None, path: object) -> str:
    """A filled questionnaire written from another text of a framework (`written`: its
    SHA-256, None for the bundled one) than the one this import has (`now`, at `path`)."""
    return (
        f"this questionnaire was written from {_text_of(written)} of {framework}, and this "
        f"import has {_text_of(now, path)}, whose questions or answers may differ: "
        f"{_text_advice(written, 'it')}"
    )


UNLISTED_OTHER_TEXT = (
    "warning: {who} had answers first imported against another text of a framework than "
    "this import's (each file says which, at the top)"
)
