"""Radar chart geometry for domain scores (the template draws it as inline SVG)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from readiness.report.views import doc
from readiness.textmatch import apart


@dataclass(frozen=True)
class Axis:
    number: int = doc("the domain's number, printed at the end of its axis")
    x: float = doc("where the axis line ends (SVG x)")
    y: float = doc("where the axis line ends (SVG y)")
    label_x: float = doc("where the number sits (SVG x), just beyond the axis")
    label_y: float = doc("where the number sits (SVG y)")
    anchor: str = doc("the number's SVG text-anchor: start, middle or end")
    has_score: bool = doc("whether the domain has a score to plot")


@dataclass(frozen=True)
class Radar:
    width: float = doc("the chart's width in SVG units")
    height: float = doc("the chart's height in SVG units")
    cx: float = doc("the centre (SVG x)")
    cy: float = doc("the centre (SVG y)")
    rings: tuple[tuple[int, str], ...] = doc(
        "the grid rings: (score 20..100, polygon points) for each"
    )
    axes: tuple[Axis, ...] = doc("one axis per domain, the first pointing up")
    shape: str = doc("polygon points through the scored domains ('' when fewer than 3)")
    dots: tuple[tuple[float, float], ...] = doc("a dot (x, y) at each scored domain")
    alt: str = doc("the chart in words, read by screen readers")


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def radar(scores: list[tuple[str, float | None, str]], radius: float = 92.0) -> Radar:
    """Geometry for a radar of (label, score 0-100 or None, the score as the report prints
    it) in order, first axis pointing up."""
    count = len(scores)
    margin = 22.0
    cx = cy = radius + margin
    size = 2 * (radius + margin)

    def point(index: int, fraction: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        return cx + radius * fraction * math.cos(angle), cy + radius * fraction * math.sin(angle)

    rings = tuple(
        (
            level,
            " ".join(
                f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, level / 100) for i in range(count))
            ),
        )
        for level in (20, 40, 60, 80, 100)
    )
    axes = []
    for index, (_, score, _) in enumerate(scores):
        x, y = point(index, 1.0)
        lx, ly = point(index, 1.14)
        dx = lx - cx
        anchor = "middle" if abs(dx) < 8 else ("start" if dx > 0 else "end")
        axes.append(
            Axis(
                index + 1,
                round(x, 1),
                round(y, 1),
                round(lx, 1),
                round(ly + 3.5, 1),
                anchor,
                score is not None,
            )
        )
    dots = tuple(
        (round(point(i, s / 100)[0], 1), round(point(i, s / 100)[1], 1))
        for i, (_, s, _) in enumerate(scores)
        if s is not None
    )
    shape = " ".join(f"{x},{y}" for x, y in dots) if len(dots) >= 3 else ""
    # Read aloud as printed (rule 15): 39.58 is 39.6 in its band, never 40 in the next.
    described = "; ".join(
        f"{n}. {apart(label)}: {'no data' if s is None else text}"
        for n, (label, s, text) in enumerate(scores, 1)
    )
    alt = f"Radar chart of domain scores out of 100. {described}."
    return Radar(size, size, cx, cy, rings, tuple(axes), shape, dots, alt)
