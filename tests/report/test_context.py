"""The report's template context: a documented contract."""

from __future__ import annotations

import dataclasses
from types import ModuleType

import pytest

from readiness import api
from readiness.report import context as report_context
from readiness.report import progress_view, views
from readiness.report.portfolio import context as portfolio

from ..helpers import OAKFIELD


@pytest.mark.parametrize(
    ("module", "views"),
    [(report_context, 8), (portfolio, 6), (progress_view, 6), (views, 2)],
    ids=["report", "portfolio", "progress", "views"],
)
def test_every_context_field_is_documented(module: ModuleType, views: int) -> None:
    """Templates see only documented dataclasses (the template context is a contract)."""
    found = [
        c
        for c in vars(module).values()
        if isinstance(c, type)
        and dataclasses.is_dataclass(c)
        and c.__module__ == module.__name__
        and c.__name__.endswith(("View", "Context"))
    ]
    assert len(found) >= views
    for view in found:
        for field in dataclasses.fields(view):
            assert field.metadata.get("doc"), f"{view.__name__}.{field.name} has no doc"


def test_strongest_and_weakest_never_overlap() -> None:
    context = report_context.build_context(api.score(OAKFIELD))
    for fw in context.frameworks:
        strong = {d.id for d in fw.strongest}
        weak = {d.id for d in fw.weakest}
        assert not strong & weak
    delivery = context.frameworks[1]
    assert len(delivery.strongest) == 2  # six scored domains: two each way
