"""The views every report template shares: documented fields, bands, scores and dates.

The report (`context.py`), its progress section (`progress_view.py`) and the portfolio
(`portfolio.py`) all build on these, so none of them needs another's module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from readiness.assessment.plan import Status
from readiness.framework.model import Band, Framework
from readiness.report.wording import (
    WITHHELD,
    agreement_text,
    band_range_text,
    score_boundaries,
    score_text,
)


def doc(text: str) -> Any:
    """A dataclass field with documentation (shown in the README's template reference)."""
    return field(metadata={"doc": text})


@dataclass(frozen=True)
class BandView:
    id: str = doc("band id from the framework")
    label: str = doc("band name, e.g. 'Developing'")
    colour: str = doc("RAG colour name: red, amber, yellow, light_green or green")
    range_text: str = doc("the score range, e.g. '60 to under 80'")
    lower: float = doc("the lowest score in the band, e.g. 60")
    meaning: str = doc("what a site in this band should do (may be empty)")


@dataclass(frozen=True)
class ScoreView:
    value: float | None = doc("the score on 0–100, or None when there is none to show")
    text: str = doc("the score rounded half up for reading, or '–'")
    band: BandView | None = doc("the band holding the score, or None")
    label: str = doc("the band label, or why there is no score ('Insufficient data'...)")
    interval_text: str = doc("the 90% interval for reading, e.g. '44–58', or ''")
    bands_text: str = doc("the band, or 'Emerging or Developing' when the interval spans two")
    withheld: bool = doc("true when a score exists but too few people are behind it to show")


def _band(band: Band, upper: float | None) -> BandView:
    text = band_range_text(band.min, upper)
    return BandView(band.id, band.label, band.colour, text, band.min, band.meaning or "")


class ScoreViews:
    """Turns a framework's numbers into ScoreViews."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        uppers: list[float | None] = [b.min for b in framework.bands[1:]]
        uppers.append(None)
        self.bands = {
            b.id: _band(b, upper) for b, upper in zip(framework.bands, uppers, strict=True)
        }
        self.boundaries = score_boundaries(framework)
        self.agreement_cutoff = framework.scoring.agreement_cutoff

    def agreement(self, value: float | None) -> str:
        """An r_wg for reading (`agreement_text`), or '' when there is none."""
        return agreement_text(value, self.agreement_cutoff)

    def view(
        self,
        value: float | None,
        band: Band | None = None,
        interval: tuple[float, float] | None = None,
        missing: str = "Insufficient data",
        withheld: bool = False,
        spanned: Sequence[Band] | None = None,
    ) -> ScoreView:
        """A score for reading; `spanned`: the bands its interval reaches when they are not
        simply those its ends fall in (a framework's, after its gates)."""
        if value is None:
            label = WITHHELD if withheld else missing
            return ScoreView(None, "–", None, label, "", label, withheld)
        band = band or self.framework.band_for(value)
        shown = self.bands[band.id]
        interval_text = ""
        bands_text = shown.label
        if interval is not None:
            low, high = (score_text(end, self.boundaries) for end in interval)
            interval_text = f"{low}–{high}"
            if spanned is None:
                spanned = self.framework.bands_between(*interval)
            if len(spanned) > 1:
                bands_text = " or ".join(b.label for b in spanned)
        return ScoreView(
            value,
            score_text(value, self.boundaries),
            shown,
            shown.label,
            interval_text,
            bands_text,
            False,
        )


STATUS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.DONE: "Done",
    Status.DROPPED: "Dropped",
}


def format_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"
