"""The report's template context: a documented contract."""

from __future__ import annotations

import dataclasses

from readiness import api
from readiness.report import context as report_context

from ..helpers import OAKFIELD


def test_every_context_field_is_documented() -> None:
    classes = [getattr(report_context, name) for name in dir(report_context)]
    views = [
        c
        for c in classes
        if dataclasses.is_dataclass(c) and c.__module__ == report_context.__name__
    ]
    assert len(views) >= 8
    for view in views:
        for field in dataclasses.fields(view):
            assert field.metadata.get("doc"), f"{view}.{field.name} has no doc"


def test_strongest_and_weakest_never_overlap() -> None:
    context = report_context.build_context(api.score(OAKFIELD))
    for fw in context.frameworks:
        strong = {d.id for d in fw.strongest}
        weak = {d.id for d in fw.weakest}
        assert not strong & weak
    delivery = context.frameworks[1]
    assert len(delivery.strongest) == 2  # six scored domains: two each way
