"""One verdict for a site (rule 18): the readiness its weakest framework allows.

R = MC² treats readiness as multiplicative: a site is as ready as its weakest essential part
allows, so the verdict is the lowest of the frameworks' bands, read on one four-step scale
(each framework's bands, lowest to highest, mapped onto it), never their average.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.framework.model import Band, Framework
from readiness.scoring.model import AssessmentResult, FrameworkResult

# The site-level scale, weakest first; its words are five mechanisms', which asks the
# readiness question directly.
LEVELS = ("not_ready", "emerging", "developing", "ready")


@dataclass(frozen=True)
class Verdict:
    """The site's readiness on the four-step scale, and how sure it is."""

    level: int  # index into LEVELS
    lowest: int  # the lowest level the frameworks' intervals allow
    highest: int  # the highest level they allow
    set_by: tuple[FrameworkResult, ...]  # the frameworks whose band sets the level
    unscored: tuple[Framework, ...]  # frameworks with too few answers to score
    scored: int = 0  # how many frameworks have a score
    # Unscored frameworks whose essential conditions cap the verdict, as they cap a scored
    # framework's band (rule 8): one shown to fail caps at `cap_band`, and one nobody could
    # answer at its `unknown_caps`. Whatever their score turns out to be, as things stand
    # their band can be no higher than the cap.
    capped_by: tuple[Framework, ...] = ()
    # Those of `capped_by` held at the ceiling only by an essential condition not known.
    capped_unknown: tuple[Framework, ...] = ()

    @property
    def id(self) -> str:
        return LEVELS[self.level]

    @property
    def certain(self) -> bool:
        return self.lowest == self.level == self.highest


def level_of(framework: Framework, band: Band) -> int:
    """A framework's band on the four-step scale: its bands, lowest first, spread evenly
    over the four steps (four bands map one to one)."""
    ordered = sorted(framework.bands, key=lambda b: b.min)
    position = ordered.index(band)
    if len(ordered) == 1:
        return len(LEVELS) - 1
    return round(position * (len(LEVELS) - 1) / (len(ordered) - 1))


def _range(result: FrameworkResult) -> tuple[int, int, int]:
    """A scored framework's level, and the lowest and highest its interval allows (each band
    it reaches as the gates leave it: a band capped by a gate cannot rise above the cap)."""
    framework = result.framework
    assert result.band is not None
    levels = [level_of(framework, b) for b in (result.band, *result.interval_bands)]
    return levels[0], min(levels), max(levels)


def _caps(result: FrameworkResult) -> tuple[int | None, int | None]:
    """The highest level an unscored framework allows, by its essential conditions (rule 8):
    (the cap of a failed one, at `cap_band`; the lowest cap of an unknown one with
    `unknown_caps`), None where none caps."""
    framework = result.framework
    failed = (
        level_of(framework, framework.band(framework.scoring.cap_band))
        if any(item.gate_failed for item in result.items)
        else None
    )
    unknown = [
        level_of(framework, framework.band(item.unknown_caps))
        for item in result.critical_unknown
        if item.unknown_caps
    ]
    return failed, min(unknown, default=None)


def site_verdict(result: AssessmentResult) -> Verdict | None:
    """The verdict, or None when no framework could be scored."""
    scored = [f for f in result.frameworks if f.score is not None and f.band is not None]
    if not scored:
        return None
    ranges = {f.framework.id: _range(f) for f in scored}
    unscored = [f for f in result.frameworks if f not in scored]
    by_gates = {f.framework.id: _caps(f) for f in unscored}
    caps = {
        framework_id: min(c for c in pair if c is not None)
        for framework_id, pair in by_gates.items()
        if pair != (None, None)
    }
    ceiling = min(caps.values(), default=len(LEVELS) - 1)
    level = min(min(r[0] for r in ranges.values()), ceiling)
    highest = min(min(r[2] for r in ranges.values()), ceiling)
    return Verdict(
        level=level,
        # A framework with no score to show could be on any step up to its cap.
        lowest=0 if unscored else min(min(r[1] for r in ranges.values()), level),
        highest=highest,
        set_by=tuple(f for f in scored if ranges[f.framework.id][0] == level),
        unscored=tuple(f.framework for f in unscored),
        scored=len(scored),
        capped_by=tuple(f.framework for f in unscored if caps.get(f.framework.id) == highest),
        capped_unknown=tuple(
            f.framework
            for f in unscored
            if caps.get(f.framework.id) == highest and by_gates[f.framework.id][0] != highest
        ),
    )
