"""The template context is a contract both ways: the bundled templates read only documented
fields, and every documented field is read by a template or listed as data for user templates.

Each template's Jinja2 syntax tree is walked with the types of the values it is given: an
attribute read (`report.frameworks`, `fw.score.label`) resolves against the dataclass fields,
a loop variable takes the element type of what it loops over (`tuple[DomainView, ...]`, read
with `typing.get_type_hints`), a macro's parameters take the types of the arguments it is
called with, and `{% extends %}` walks the parent with the child's blocks in place.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any

import pytest
from jinja2 import nodes

from readiness.render import environment
from readiness.report.context import FrameworkView, ReportContext
from readiness.report.portfolio.context import PortfolioContext

from ..helpers import REPO

TEMPLATES = REPO / "templates"

# What each bundled template is given (report/document.py, report/portfolio/document.py).
CONTEXTS: dict[str, dict[str, Any]] = {
    "report.html": {"report": ReportContext},
    "summary.html": {
        "report": ReportContext,
        # What the short report leaves out to keep to four pages (report/document.py).
        "left_out": tuple[FrameworkView, ...],
        "strip": tuple[FrameworkView, ...],
        "strip_left_out": tuple[FrameworkView, ...],
    },
    "portfolio.html": {"portfolio": PortfolioContext, "ranking_note": str},
}
# Templates rendered from values that are not a documented context.
NOT_CONTEXT = {
    "tables.html": "a library of macros (data tables in labelled regions), imported by the "
    "report and portfolio templates; its macros read only their arguments",
    "questionnaire.html": "the fillable questionnaire, rendered by collect/pdf_form.py from "
    "the framework model, not from a report context",
    "checklist.html": "the reviewer's fillable checklist, rendered by audit/pdf_form.py from "
    "the checklist model, not from a report context",
}

# Documented fields no bundled template reads, kept as data for `--template-dir` templates
# (README: user templates receive the documented context), each with the reason.
FOR_USER_TEMPLATES: dict[str, str] = {
    # ids: ours print labels and link by `anchor`; a template may style or key by id
    "ActionView.id": "to key an action by id (ours prints its text)",
    "BandView.id": "to style a band by id (ours styles by colour)",
    "DomainView.id": "to key a domain by id (ours links by anchor)",
    "FrameworkProgressView.id": "to key a framework's progress by id (ours shows its title)",
    "RoleView.role": "to style a role by id (ours prints its label)",
    "StepView.id": "to key an adopted action by id (ours prints its text)",
    "ActionView.frameworks": "to group actions by framework id (ours names what raised them)",
    "StepView.status_id": "to style a status (ours prints the status for reading)",
    "NotComparableView.level": "to group what was not compared (ours lists it in one table)",
    "FrameworkTableView.version": "to key a heat table by version (ours prints shown_version)",
    "WeakDomainView.id": "to key a weak domain by id (ours prints its title)",
    # detail our layout leaves out
    "BandView.lower": "a band's lower bound as a number (ours prints range_text)",
    "CellView.interval_text": "a heat-map cell holds the score and band only",
    "WeakDomainView.median_score": "the median unrounded (ours prints median)",
    "ChangeView.baseline_id": "an item's id at the baseline when renamed (ours shows today's)",
    "DomainView.roles_shown": "a test for shown roles (ours filters roles by `suppressed`)",
    "DomainView.withheld_items": "how many items were withheld (ours marks each item)",
    "ItemView.fact": "to mark facts apart from opinions (ours does not)",
    "FrameworkView.critical_threshold": "the default gate threshold (ours lists gate_thresholds)",
    "ItemView.gate_failed": "per item (ours lists failed gates as FrameworkView.critical_failed)",
    "ItemView.respondents": "people behind an item score (ours shows answer counts)",
    "ItemView.roles": "an item by role (ours shows roles for domains only)",
    "ResponseView.rate": "a role's response rate as a percentage (ours prints n of invited)",
    "SiteRowView.assessed_on": "each site's date (the portfolio cover gives the latest)",
    "SiteRowView.kind": "each site's kind (ours shows kinds only as group labels)",
    "ActionView.closed": "to mark one action closed (ours lists them apart, as closed)",
    "VerdictView.label": "the level alone (ours prints the statement, with its uncertainty)",
    "ProgressView.newly_weak": "what made actions new priorities (ours lists new_priorities)",
}

# Jinja2's own globals, and `loop` inside a for loop.
JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace"}


class _Loop:
    """The type of `loop` in a for loop."""


class _Opaque:
    """A value the walk does not follow (text, a number, a filter's result)."""


class _MacroLibrary:
    """An imported template of macros (`{% import "tables.html" as tables %}`)."""


LOOP: Any = _Loop
OPAQUE: Any = _Opaque
MACRO_LIBRARY: Any = _MacroLibrary


@dataclass
class _Walk:
    """What a walk over templates found: the fields read (with where) and what it could not
    resolve."""

    reads: dict[tuple[type, str], set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    template: str = ""  # the file being walked, for locations
    # The macros defined so far (with the scope and file they were defined in), and the
    # blocks a child template puts in its parent's place (with the child's name).
    macros: dict[str, tuple[nodes.Macro, dict[str, Any], str]] = field(default_factory=dict)
    blocks: dict[str, tuple[str, nodes.Block]] = field(default_factory=dict)

    def where(self, node: nodes.Node) -> str:
        return f"{self.template}:{node.lineno}"

    # types -------------------------------------------------------------------------------
    @staticmethod
    def unwrap(kind: Any) -> Any:
        """X for `X | None`."""
        if typing.get_origin(kind) in (types.UnionType, typing.Union):
            inner = [a for a in typing.get_args(kind) if a is not type(None)]
            return inner[0] if len(inner) == 1 else OPAQUE
        return kind

    @staticmethod
    def element(kind: Any) -> Any:
        """The element type of a sequence type, or OPAQUE."""
        kind = _Walk.unwrap(kind)
        args = typing.get_args(kind)
        homogeneous = (len(args) == 2 and args[1] is Ellipsis) or len(set(args)) == 1
        if typing.get_origin(kind) in (tuple, list) and args and homogeneous:
            return args[0]
        return OPAQUE

    def attribute(self, kind: Any, name: str, node: nodes.Node) -> Any:
        """Read `name` of a value of type `kind`: record the read, return the field's type."""
        kind = self.unwrap(kind)
        if kind is LOOP or kind is MACRO_LIBRARY:
            return OPAQUE
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
            what = "an untyped value" if kind is OPAQUE else repr(kind)
            self.problems.append(f"{self.where(node)}: reads .{name} of {what}")
            return OPAQUE
        self.reads.setdefault((kind, name), set()).add(self.where(node))
        return typing.get_type_hints(kind).get(name, OPAQUE)

    # expressions -------------------------------------------------------------------------
    def expr(self, node: nodes.Node, env: dict[str, Any]) -> Any:
        """The type of an expression, recording every attribute it reads."""
        if isinstance(node, nodes.Name):
            if node.name in env:
                return env[node.name]
            if node.name not in JINJA_GLOBALS:
                self.problems.append(f"{self.where(node)}: {node.name!r} is not defined")
            return OPAQUE
        if isinstance(node, nodes.Getattr):
            return self.attribute(self.expr(node.node, env), node.attr, node)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, env)
            key = node.arg
            if isinstance(key, nodes.Const) and isinstance(key.value, str):
                return self.attribute(base, key.value, node)
            if isinstance(key, nodes.Slice):  # items[:2] keeps the sequence's type
                for part in (key.start, key.stop, key.step):
                    if part is not None:
                        self.expr(part, env)
                return base
            self.expr(key, env)
            if isinstance(key, nodes.Const) and isinstance(key.value, int):
                args = typing.get_args(self.unwrap(base))
                if args and args[-1] is not Ellipsis and key.value < len(args):
                    return args[key.value]
            return self.element(base)
        if isinstance(node, nodes.Filter):
            return self.filter(node, env)
        if (
            isinstance(node, nodes.Call)
            and isinstance(node.node, nodes.Name)
            and node.node.name in self.macros
        ):
            self.call(node, env)
            return OPAQUE
        for child in node.iter_child_nodes():
            self.expr(child, env)
        return OPAQUE

    def filter(self, node: nodes.Filter, env: dict[str, Any]) -> Any:
        """Filters that keep a sequence's elements keep its type; those that name an
        attribute of its elements read it."""
        base = self.expr(node.node, env) if node.node is not None else OPAQUE
        for arg in (*node.args, *(k.value for k in node.kwargs)):
            self.expr(arg, env)
        names = [a.value for a in node.args if isinstance(a, nodes.Const)]
        names += [
            k.value.value
            for k in node.kwargs
            if k.key == "attribute" and isinstance(k.value, nodes.Const)
        ]
        element = self.element(base)
        if node.name in ("selectattr", "rejectattr", "sort", "map") and names:
            attr = names[0] if isinstance(names[0], str) else None
            if attr is not None:
                read = self.attribute(element, attr, node)
                if node.name == "map":
                    return tuple[read, ...]  # type: ignore[valid-type]
        if node.name in ("selectattr", "rejectattr", "sort", "list", "reverse", "unique"):
            return tuple[element, ...]  # type: ignore[valid-type]
        return OPAQUE

    # statements --------------------------------------------------------------------------
    def call(self, node: nodes.Call, env: dict[str, Any]) -> None:
        """Walk a macro's body with its parameters typed by this call's arguments."""
        assert isinstance(node.node, nodes.Name)
        macro, defined_in, template = self.macros[node.node.name]
        scope = dict(defined_in)
        for param in macro.args:
            scope[param.name] = OPAQUE
        for param, arg in zip(macro.args, node.args, strict=False):
            scope[param.name] = self.expr(arg, env)
        outer, self.template = self.template, template
        self.body(macro.body, scope)
        self.template = outer

    def body(self, body: list[nodes.Node], env: dict[str, Any]) -> None:
        for node in body:
            self.statement(node, env)

    def statement(self, node: nodes.Node, env: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            element = self.element(self.expr(node.iter, env))
            scope = {**env, "loop": LOOP}
            self.bind(node.target, element, scope)
            if node.test is not None:
                self.expr(node.test, scope)
            self.body(node.body, scope)
            self.body(node.else_, env)
        elif isinstance(node, nodes.Assign):
            self.bind(node.target, self.expr(node.node, env), env)
        elif isinstance(node, nodes.Macro):
            self.macros[node.name] = (node, env, self.template)
        elif isinstance(node, nodes.Block):
            template, block = self.blocks.get(node.name, (self.template, node))
            outer, self.template = self.template, template
            self.body(block.body, env)
            self.template = outer
        elif isinstance(node, (nodes.Include, nodes.Extends)):
            pass  # the CSS, and the parent (walked by `walk`)
        elif isinstance(node, nodes.Import):
            env[node.target] = MACRO_LIBRARY  # tables.html: its macros read only their arguments
        elif isinstance(node, nodes.AssignBlock):
            self.body(node.body, env)
            self.bind(node.target, OPAQUE, env)
        elif isinstance(node, nodes.Expr):
            self.expr(node, env)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Stmt):
                    self.statement(child, env)
                else:
                    self.expr(child, env)

    def bind(self, target: nodes.Node, kind: Any, env: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            env[target.name] = kind
        elif isinstance(target, nodes.Tuple):  # {% for label, n in pairs %}
            args = typing.get_args(self.unwrap(kind))
            same = len(args) == 2 and args[1] is Ellipsis
            for index, item in enumerate(target.items):
                one = args[0] if same else args[index] if index < len(args) else OPAQUE
                self.bind(item, one, env)


def _parse(name: str) -> nodes.Template:
    env = environment([TEMPLATES])
    return env.parse((TEMPLATES / name).read_text(), name)


def _walk_template(walk: _Walk, name: str, given: dict[str, Any]) -> None:
    """Walk a template as it renders: a child's blocks replace its parent's."""
    tree = _parse(name)
    extends = next(iter(tree.find_all(nodes.Extends)), None)
    walk.macros, walk.blocks = {}, {}
    if extends is None:
        walk.template = name
        walk.body(tree.body, dict(given))
        return
    assert isinstance(extends.template, nodes.Const)
    parent = str(extends.template.value).removeprefix("default:")
    walk.blocks = {b.name: (name, b) for b in tree.find_all(nodes.Block)}
    walk.template = parent
    walk.body(_parse(parent).body, dict(given))


@functools.cache
def _walked() -> _Walk:
    walk = _Walk()
    for name, given in CONTEXTS.items():
        _walk_template(walk, name, given)
    return walk


def _contract_classes() -> list[type]:
    """Every dataclass a template can reach from what it is given, in a stable order."""
    found: list[type] = []

    def visit(kind: Any) -> None:
        args = typing.get_args(kind)
        for arg in args:  # tuple[X, ...], X | None
            visit(arg)
        if dataclasses.is_dataclass(kind) and isinstance(kind, type) and kind not in found:
            found.append(kind)
            for hint in typing.get_type_hints(kind).values():
                visit(hint)

    for given in CONTEXTS.values():
        for kind in given.values():
            visit(kind)
    return sorted(found, key=lambda c: (c.__module__, c.__name__))


CLASSES = _contract_classes()


def _param(kind: type) -> Any:
    return pytest.param(kind, id=kind.__name__)


def test_every_template_is_given_a_documented_context_or_says_why_not() -> None:
    bundled = sorted(p.name for p in TEMPLATES.glob("*.html"))
    assert bundled == sorted([*CONTEXTS, *NOT_CONTEXT])


def test_templates_read_only_what_the_walk_can_resolve() -> None:
    """Every name is given or set, and attributes are read only from context dataclasses."""
    assert _walked().problems == []


def test_the_walk_reaches_nested_views_through_loops_macros_and_blocks() -> None:
    """A check on the walk itself: reads inside loops (`d` in `fw.domains`), a macro's body
    (`badge(score)`) and a child template's block (summary.html) are all recorded."""
    reads = _walked().reads
    locations = {where for found in reads.values() for where in found}
    names = {(kind.__name__, attr) for kind, attr in reads}
    assert {("DomainView", "number"), ("ScoreView", "band"), ("BandView", "colour")} <= names
    assert {("RoleView", "suppressed"), ("CellView", "weak")} <= names
    assert any(where.startswith("summary.html:") for where in locations)


def test_the_walk_catches_what_is_not_in_the_contract() -> None:
    source = "{% for fw in report.frameworks %}{{ fw.score.typo }}{{ nope.x }}{% endfor %}"
    walk = _Walk(template="inline")
    walk.body(environment([TEMPLATES]).parse(source).body, {"report": ReportContext})
    assert sorted((kind.__name__, attr) for kind, attr in walk.reads) == [
        ("FrameworkView", "score"),
        ("ReportContext", "frameworks"),
        ("ScoreView", "typo"),
    ]
    assert walk.problems == [
        "inline:1: 'nope' is not defined",
        "inline:1: reads .x of an untyped value",
    ]


@pytest.mark.parametrize("kind", [_param(c) for c in CLASSES])
def test_templates_read_only_documented_fields(kind: type) -> None:
    documented = {f.name for f in dataclasses.fields(kind) if f.metadata.get("doc")}
    undocumented = sorted(
        f"{kind.__name__}.{attr} at {', '.join(sorted(where))}"
        for (read_kind, attr), where in _walked().reads.items()
        if read_kind is kind and attr not in documented
    )
    assert undocumented == []


@pytest.mark.parametrize("kind", [pytest.param(c, id=c.__name__) for c in CLASSES])
def test_every_documented_field_is_read_or_kept_for_user_templates(kind: type) -> None:
    read = {attr for read_kind, attr in _walked().reads if read_kind is kind}
    unread = [
        f"{kind.__name__}.{f.name}"
        for f in dataclasses.fields(kind)
        if f.name not in read and f"{kind.__name__}.{f.name}" not in FOR_USER_TEMPLATES
    ]
    assert unread == [], "read these in a template, or list them in FOR_USER_TEMPLATES"


def test_fields_kept_for_user_templates_exist_and_are_unread() -> None:
    fields = {f"{c.__name__}.{f.name}" for c in CLASSES for f in dataclasses.fields(c)}
    read = {f"{kind.__name__}.{attr}" for kind, attr in _walked().reads}
    assert [name for name in FOR_USER_TEMPLATES if name not in fields] == []
    assert [name for name in FOR_USER_TEMPLATES if name in read] == []
