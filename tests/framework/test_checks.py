"""Framework validation: broken files say what is wrong and where, all at once."""

from __future__ import annotations

import ast
import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from readiness.errors import InputError, Problem
from readiness.framework.checks import load_framework
from readiness.framework.format import FRAMEWORK
from readiness.framework.load import load_catalogue
from readiness.framework.validate import check_in_context
from readiness.resources import frameworks_dir
from readiness.schema import Field
from readiness.schema import Kind as SchemaKind

from ..helpers import DATA, REPO, RunCli

BROKEN = sorted((DATA / "frameworks" / "broken").glob("*.yaml"))


def _expectations(path: Path) -> tuple[list[str], int | None]:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    expected = re.findall(r"^# expect: (.+)$", text, flags=re.M)
    marked = [n for n, line in enumerate(raw.split(b"\n"), 1) if b"# <- error here" in line]
    return expected, marked[0] if marked else None


@functools.cache
def _errors(path: Path) -> tuple[Problem, ...]:
    """The errors a file has, checked as `frameworks validate` checks it: on its own, then
    against the catalogue (items asked in another framework, change records)."""
    [checked] = check_in_context([path])
    assert not checked.valid
    return tuple(p for p in checked.problems if p.severity == "error")


# -- every kind of error has a broken file -----------------------------------------------------
#
# The kinds are read from the checker's source, not listed here: every message passed to
# `_Semantics._error` (framework/checks.py) and every message the schema reports
# (schema.py `Checker.report`, from the kinds the framework format uses). A message that is
# not a literal is followed: a variable to its assignments, a helper's parameter to the
# arguments its callers pass, a function's result to its return statements. What cannot be
# followed becomes a hole, like an f-string's `{...}`.

HOLE = None
Template = tuple[str | None, ...]  # literal text and holes (None)
SOURCES = {
    name: REPO / "readiness" / path
    for name, path in [
        ("checks", "framework/checks.py"),
        ("schema", "schema.py"),
        ("numerals", "numerals.py"),
    ]
}

# Kinds no framework file can produce, each with the reason, by template text (holes as {}).
# None today: every kind the checker and the framework format can report has a broken file.
UNREACHABLE: dict[str, str] = {}


@dataclass(frozen=True)
class _Scope:
    """Where an expression is read: its module, class and function, and what the function's
    parameters were bound to by a caller (one template list per parameter)."""

    module: str
    cls: str | None
    func: ast.FunctionDef | None
    bound: dict[str, list[Template]]


@dataclass(frozen=True)
class Kind:
    """A kind of error: its message template and where the checker reports it."""

    template: Template
    source: str  # file:line of the report
    cls: str | None  # the schema kind (Text, Number...) it belongs to, or the checker class

    @property
    def text(self) -> str:
        return "".join("{}" if p is HOLE else p for p in self.template)

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(
            "".join(".*?" if p is HOLE else re.escape(p) for p in self.template), re.S
        )

    @property
    def literal(self) -> int:
        return sum(len(p) for p in self.template if p is not HOLE)

    @property
    def head(self) -> str:
        """Its first word-sized literal, cut where a corpus line may stop."""
        words = [p.strip() for p in self.template if p is not HOLE and len(p.strip()) >= 3]
        return words[0][:12] if words else ""


def _normal(pieces: tuple[str | None, ...]) -> Template:
    out: list[str | None] = []
    for piece in pieces:
        if piece == "":
            continue
        if out and piece is HOLE and out[-1] is HOLE:
            continue
        if out and piece is not HOLE and out[-1] is not HOLE:
            out[-1] = str(out[-1]) + piece
            continue
        out.append(piece)
    return tuple(out)


def _concat(*parts: list[Template]) -> list[Template]:
    return sorted(
        {_normal(sum(combo, ())) for combo in itertools.product(*parts)},
        key=lambda t: [("" if p is HOLE else p) for p in t],
    )


class _Source:
    """The checker's modules, parsed, with a way to find what encloses any node."""

    def __init__(self) -> None:
        self.trees = {
            name: ast.parse(path.read_text(), str(path)) for name, path in SOURCES.items()
        }
        self.parent: dict[ast.AST, ast.AST] = {}
        self.functions: dict[str, list[tuple[str, ast.FunctionDef]]] = {}
        for module, tree in self.trees.items():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
                if isinstance(node, ast.FunctionDef):
                    self.functions.setdefault(node.name, []).append((module, node))

    def scope(self, module: str, node: ast.AST, bound: dict[str, list[Template]]) -> _Scope:
        func: ast.FunctionDef | None = None
        cls: str | None = None
        at: ast.AST | None = node
        while at is not None:
            if isinstance(at, ast.FunctionDef) and func is None:
                func = at
            if isinstance(at, ast.ClassDef) and cls is None:
                cls = at.name
            at = self.parent.get(at)
        return _Scope(module, cls, func, bound)

    def calls(self, name: str) -> list[tuple[str, ast.Call]]:
        """Every call of a function or method by this name, in any of the modules."""
        return [
            (module, node)
            for module, tree in self.trees.items()
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == name)
                or (isinstance(node.func, ast.Name) and node.func.id == name)
            )
        ]

    @staticmethod
    def params(func: ast.FunctionDef) -> list[str]:
        return [a.arg for a in (*func.args.posonlyargs, *func.args.args) if a.arg != "self"]

    def bind(
        self, func: ast.FunctionDef, call: ast.Call, caller: _Scope
    ) -> dict[str, list[Template]]:
        """A call's arguments as templates, by the called function's parameter names."""
        names = self.params(func)
        bound = {
            names[i]: self.text(arg, caller) for i, arg in enumerate(call.args) if i < len(names)
        }
        bound |= {k.arg: self.text(k.value, caller) for k in call.keywords if k.arg}
        return bound

    @staticmethod
    def assigned(func: ast.FunctionDef | None, name: str) -> list[ast.expr]:
        """What a function's body assigns to a local variable."""
        if func is None:
            return []
        return [
            node.value
            for node in ast.walk(func)
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            and node.value is not None
            and any(
                isinstance(t, ast.Name) and t.id == name
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            )
        ]

    def text(self, expr: ast.expr, scope: _Scope) -> list[Template]:
        """Templates for text inside a message: literals and f-strings are read, a parameter
        takes what its caller bound, a variable that only ever holds fixed words is followed;
        anything else is a hole."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return [(expr.value,)]
        if isinstance(expr, ast.JoinedStr):
            parts: list[list[Template]] = []
            for value in expr.values:
                if isinstance(value, ast.FormattedValue):
                    plain = value.conversion == -1 and value.format_spec is None
                    parts.append(self.text(value.value, scope) if plain else [(HOLE,)])
                else:
                    parts.append(self.text(value, scope))
            return _concat(*parts)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return _concat(self.text(expr.left, scope), self.text(expr.right, scope))
        if isinstance(expr, ast.Name):
            if expr.id in scope.bound:
                return scope.bound[expr.id]
            values = self.assigned(scope.func, expr.id)
            if values and all(_fixed_words(v) for v in values):
                return [t for v in values for t in self.text(v, scope)]
        if isinstance(expr, ast.IfExp) and _fixed_words(expr):
            return self.text(expr.body, scope) + self.text(expr.orelse, scope)
        return [(HOLE,)]

    def message(self, expr: ast.expr, scope: _Scope, where: str) -> list[Template]:
        """Templates for a whole message: like `text`, but a variable or a call must be
        followed to the text it holds (to its assignments, or a function's returns)."""
        if isinstance(expr, ast.IfExp):
            return self.message(expr.body, scope, where) + self.message(expr.orelse, scope, where)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            return _concat(
                self.message(expr.left, scope, where), self.message(expr.right, scope, where)
            )
        if isinstance(expr, ast.Name) and expr.id not in scope.bound:
            values = self.assigned(scope.func, expr.id)
            assert values, f"{where}: cannot follow the message {expr.id!r}"
            return [t for v in values for t in self.message(v, scope, where)]
        if isinstance(expr, ast.Call):
            name = expr.func.id if isinstance(expr.func, ast.Name) else ""
            found = self.functions.get(name, [])
            assert len(found) == 1, f"{where}: cannot follow the message {ast.unparse(expr)}"
            module, func = found[0]
            callee = _Scope(module, scope.cls, func, self.bind(func, expr, scope))
            returns = [
                r.value
                for r in ast.walk(func)
                if isinstance(r, ast.Return)
                and r.value is not None
                and not (isinstance(r.value, ast.Constant) and r.value.value is None)
            ]
            return [t for r in returns for t in self.message(r, callee, where)]
        return self.text(expr, scope)

    def kinds(self, module: str, call: ast.Call, message: ast.expr) -> list[Kind]:
        """The kinds a reporting call makes; when its message reads a parameter of the helper
        it sits in, and that helper's callers pass words for it, one set per caller."""
        where = f"{SOURCES[module].name}:{call.lineno}"
        scope = self.scope(module, call, {})
        func = scope.func
        used = {n.id for n in ast.walk(message) if isinstance(n, ast.Name)}
        params = set(self.params(func)) & used if func is not None else set()
        if func is not None and params:
            callers = []
            for caller_module, caller in self.calls(func.name):
                caller_scope = self.scope(caller_module, caller, {})
                bound = self.bind(func, caller, caller_scope)
                if any(t != (HOLE,) for p in params for t in bound.get(p, [])):
                    callers.append((caller_scope, bound))
            if callers:
                return [
                    Kind(t, where, caller_scope.cls)
                    for caller_scope, bound in callers
                    for t in self.message(message, _Scope(module, scope.cls, func, bound), where)
                ]
        return [Kind(t, where, scope.cls) for t in self.message(message, scope, where)]


def _fixed_words(expr: ast.expr) -> bool:
    """A string literal, or a choice between string literals (`"a" if ... else "b"`)."""
    if isinstance(expr, ast.IfExp):
        return _fixed_words(expr.body) and _fixed_words(expr.orelse)
    return isinstance(expr, ast.Constant) and isinstance(expr.value, str)


def _kinds_in_format(kind: SchemaKind) -> set[str]:
    """The names of the schema kinds (Text, Number, ...) a declared format is built from."""
    names: set[str] = set()
    stack, seen = [kind], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names.add(type(current).__name__)
        for value in vars(current).values():
            for part in value if isinstance(value, tuple) else (value,):
                inner = part.kind if isinstance(part, Field) else part
                if isinstance(inner, SchemaKind):
                    stack.append(inner)
    return names


@functools.cache
def error_kinds() -> tuple[Kind, ...]:
    """Every kind of error a framework file can have, as the checker's source states it."""
    source = _Source()
    found: list[Kind] = []
    for module, tree in source.trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            # The schema reports errors with three arguments; a fourth is a severity (warn).
            checker = module == "checks" and node.func.attr == "_error"
            schema = module == "schema" and node.func.attr == "report" and len(node.args) == 3
            if checker or schema:
                found += source.kinds(module, node, node.args[2])
    used = _kinds_in_format(FRAMEWORK) | {"_Semantics"}
    unique = {k.template: k for k in found if k.cls in used}
    return tuple(unique.values())


def _shown_by_corpus() -> dict[Template, list[str]]:
    """For each kind, the broken files that show it: a file's `# expect:` line names the kind
    (it holds the template's first words; a line may stop early) and picks an error (the one
    the parametrised test checks) whose whole message is that template, the most specific
    template when several fit."""
    kinds = error_kinds()
    shown: dict[Template, list[str]] = {}
    for path in BROKEN:
        expected, _ = _expectations(path)
        for fragment in expected:
            picked = next((p for p in _errors(path) if fragment in str(p)), None)
            if picked is None:
                continue  # test_broken_framework_reports_message_and_line says so
            fits = [k for k in kinds if k.head in fragment and k.pattern.fullmatch(picked.message)]
            best = max((k.literal for k in fits), default=0)
            for kind in fits:
                if kind.literal == best:
                    shown.setdefault(kind.template, []).append(path.name)
    return shown


def test_every_error_kind_reads_as_words() -> None:
    """The source was read, and every kind has words an `# expect:` line can name it by."""
    kinds = error_kinds()
    assert {k.cls for k in kinds} > {"_Semantics", "Record", "Number", "Text"}
    assert [k.text for k in kinds if not k.head] == []


def test_broken_corpus_covers_every_kind_of_error() -> None:
    kinds = {k.text: k for k in error_kinds()}
    shown = _shown_by_corpus()
    missing = [
        f"{k.source}: {text}"
        for text, k in kinds.items()
        if k.template not in shown and text not in UNREACHABLE
    ]
    assert missing == [], "no file in tests/data/frameworks/broken/ shows these kinds"
    assert [t for t in UNREACHABLE if t not in kinds] == [], "stale UNREACHABLE entries"
    assert [t for t in UNREACHABLE if kinds[t].template in shown] == [], "reachable after all"


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_framework_reports_message_and_line(path: Path) -> None:
    """Each file is checked as `frameworks validate` checks it: on its own, then against the
    catalogue (items asked in another framework, change records)."""
    expected, line = _expectations(path)
    assert expected, f"{path.name} has no '# expect:' line"
    errors = _errors(path)
    rendered = [str(p) for p in errors]
    for fragment in expected:
        matching = [p for p in errors if fragment in str(p)]
        assert matching, f"{fragment!r} not in {rendered}"
        if line is not None:
            assert matching[0].line == line, rendered
        assert str(matching[0]).startswith(str(path))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    broken = source.replace("scale: agree3", "scale: agree9\n        wieght: 2").replace(
        "owner: practice_manager", "owner: boss"
    )
    path = tmp_path / "many.yaml"
    path.write_text(broken)
    with pytest.raises(InputError) as info:
        load_framework(path)
    messages = [p.message for p in info.value.problems if p.severity == "error"]
    assert len(messages) == 3, messages


def test_user_framework_replaces_bundled_one_with_same_id_and_version(tmp_path: Path) -> None:
    source = (frameworks_dir() / "npt-3.0.0.yaml").read_text()
    (tmp_path / "npt-local.yaml").write_text(source.replace("NoMAD questionnaire", "NoMAD"))
    catalogue = load_catalogue([tmp_path])
    npt = catalogue.require("npt")
    assert npt.path == tmp_path / "npt-local.yaml"
    assert catalogue.overridden["npt@3.0.0"].name == "npt-3.0.0.yaml"
    assert catalogue.versions_of("npt") == ["1.0.0", "2.0.0", "3.0.0"]


def test_one_framework_version_in_two_user_folders_is_refused(tmp_path: Path) -> None:
    """Which of two user copies of npt 3.0.0 is used would depend on the order the folders
    are given in: refused, naming both. One folder given twice is read once."""
    source = (frameworks_dir() / "npt-3.0.0.yaml").read_text()
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        (folder / "npt-local.yaml").write_text(source.replace("NoMAD questionnaire", "NoMAD"))
    with pytest.raises(InputError) as info:
        load_catalogue([first, second])
    [problem] = info.value.problems
    assert problem.file == second / "npt-local.yaml"
    assert f"framework 'npt' version 3.0.0 is also defined in {first / 'npt-local.yaml'}" in (
        problem.message
    )
    assert problem.line == source.splitlines().index('version: "3.0.0"') + 1
    catalogue = load_catalogue([first, first])
    assert catalogue.require("npt").path == first / "npt-local.yaml"


def test_user_framework_with_a_new_version_is_added_beside_and_becomes_default(
    tmp_path: Path,
) -> None:
    source = (frameworks_dir() / "npt-3.0.0.yaml").read_text()
    (tmp_path / "npt-local.yaml").write_text(
        source.replace('version: "3.0.0"', 'version: "3.1.0-local"').replace(
            'from: "2.0.0"', 'from: "3.0.0"'
        )
    )
    catalogue = load_catalogue([tmp_path])
    assert catalogue.versions_of("npt") == ["1.0.0", "2.0.0", "3.0.0", "3.1.0-local"]
    assert catalogue.require("npt").version == "3.1.0-local"
    assert catalogue.require("npt@3.0.0").path.name == "npt-3.0.0.yaml"
    assert not catalogue.overridden


def test_a_wrong_top_level_field_hides_no_other_problem(tmp_path: Path) -> None:
    """A wrong scoring block (or version, title, change record) made the whole framework
    invalid before its rules were checked, so an item's unknown scale was told only on the
    next run. Each is told at once, and still no framework is made."""
    source = (DATA / "frameworks" / "minimal.yaml").read_text()
    broken = source.replace("scale: agree3", "scale: agree9", 1)
    assert broken != source
    path = tmp_path / "two.yaml"
    path.write_text(broken + "scoring: [min_coverage]\n")
    with pytest.raises(InputError) as info:
        load_framework(path)
    messages = [str(p) for p in info.value.problems if p.severity == "error"]
    assert any("scoring: must be a mapping" in m for m in messages), messages
    assert any("unknown scale 'agree9'" in m for m in messages), messages
    assert len(messages) == 2, messages


def test_a_wrong_item_is_one_problem_not_a_change_record_s_missing_items(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """A weight of 0 on one item of five mechanisms 3.0.0 is told once, at its line: the
    item is still in the file for its change record to account for, so the record is not
    also said to name items the framework lacks (which advice would corrupt it)."""
    text = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    broken = text.replace("      - id: SD1\n", "      - id: SD1\n        weight: 0\n", 1)
    assert broken != text
    path = tmp_path / "five-mechanisms-3.0.0.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run_cli("frameworks", "validate", path)
    assert result.exit_code == 1
    problems = [line for line in result.out.splitlines() if line.startswith(f"{path}:")]
    assert len(problems) == 2, problems  # the problem, and the count
    assert "items[SD1].weight: must be at least 0.000001, not 0" in problems[0]
    assert problems[1] == f"{path}: 1 problem"


@pytest.mark.parametrize(
    ("gate", "warning"),
    [
        ("critical_threshold: 0", "no score is below 0, so this gate can never fail"),
        ("unknown_caps: ready", "'ready' is the top band, so an unknown answer caps nothing"),
        (
            "unknown_caps: not_ready",
            "an unknown answer would hold the band at 'not_ready', lower than a failed one does "
            "('emerging', the cap_band)",
        ),
    ],
)
def test_a_gate_that_cannot_do_what_a_gate_does_is_warned_about(
    gate: str, warning: str, tmp_path: Path, run_cli: RunCli
) -> None:
    """Five mechanisms 3.0.0's funding gate FU1 (critical, passing at 75) set so that it can
    never fail, caps nothing while unknown, or holds an unknown answer lower than a failed
    one: valid, but worth a word at the line."""
    text = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    changed = text.replace("        critical_threshold: 75\n", f"        {gate}\n", 1)
    assert changed != text
    path = tmp_path / "five-mechanisms-3.0.0.yaml"
    path.write_text(changed, encoding="utf-8")
    result = run_cli("frameworks", "validate", path)
    assert result.exit_code == 0, result.out
    assert f"items[FU1].{gate.split(':')[0]}: warning: {warning}" in result.out


def test_a_scale_no_item_answers_on_is_warned_about(tmp_path: Path, run_cli: RunCli) -> None:
    """A scale left over from an edit (or one an item meant to name) is said, as an action no
    item raises is; the framework is still valid."""
    text = (REPO / "frameworks" / "five-mechanisms-3.0.0.yaml").read_text(encoding="utf-8")
    spare = (
        "scales:\n"
        "  - id: spare\n"
        "    label: Spare\n"
        "    options:\n"
        "      - {code: 'yes', label: 'Yes', value: 1}\n"
        "      - {code: 'no', label: 'No', value: 0}\n"
    )
    changed = text.replace("scales:\n", spare, 1)
    assert changed != text
    path = tmp_path / "five-mechanisms-3.0.0.yaml"
    path.write_text(changed, encoding="utf-8")
    result = run_cli("frameworks", "validate", path)
    assert result.exit_code == 0, result.out
    assert "scales[spare]: warning: no item answers on this scale" in result.out
    assert (
        "warning: no item answers"
        not in run_cli(
            "frameworks", "validate", REPO / "frameworks" / "five-mechanisms-3.0.0.yaml"
        ).out
    )


def test_validate_refuses_a_version_another_file_of_the_folder_defines(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Two copies of npt 3.0.0 in one folder each validated as valid, and the folder was then
    refused by every command: validate says so at the version's line, whether it is given
    both files or one, and names the other. A file replacing the bundled npt is not one."""
    source = (frameworks_dir() / "npt-3.0.0.yaml").read_text()
    line = source.splitlines().index('version: "3.0.0"') + 1
    first, second = tmp_path / "npt-local.yaml", tmp_path / "npt-copy.yaml"
    first.write_text(source.replace("NoMAD questionnaire", "NoMAD"))
    alone = run_cli("frameworks", "validate", first)
    assert alone.exit_code == 0, alone.output
    second.write_text(source)
    both = run_cli("frameworks", "validate", first, second)
    assert both.exit_code == 1
    assert (
        f"{first}:{line}: version: framework 'npt' version 3.0.0 is also defined in {second}"
        in (both.out + both.err)
    )
    assert (
        f"{second}:{line}: version: framework 'npt' version 3.0.0 is also defined in {first}"
        in (both.out + both.err)
    )
    one = run_cli("frameworks", "validate", first)
    assert one.exit_code == 1 and f"is also defined in {second}" in one.out + one.err
    # A draft in another folder, validated beside the live copy, is no such clash.
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    second.rename(drafts / second.name)
    apart = run_cli("frameworks", "validate", first, drafts / second.name)
    assert apart.exit_code == 0, apart.output


def test_a_frameworks_folder_holding_no_framework_file_is_refused(tmp_path: Path) -> None:
    """--frameworks-dir given the folder above the user's files (theirs in a sub-folder),
    or an empty one, ran every command on the bundled frameworks without a word."""
    inner = tmp_path / "local" / "adapted"
    inner.mkdir(parents=True)
    (inner / "npt-local.yaml").write_text((frameworks_dir() / "npt-3.0.0.yaml").read_text())
    with pytest.raises(InputError) as raised:
        load_catalogue([tmp_path / "local"])
    [problem] = raised.value.problems
    assert problem.file == tmp_path / "local"
    assert "holds no framework file" in problem.message
    assert "adapted inside it does: give that folder" in problem.message
    assert load_catalogue([inner]).require("npt").adapted
