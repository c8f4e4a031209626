"""The frameworks available to a run, as a registry: every version of each framework side by
side (the newest is the default, and `npt@1.0.0` pins another) and the shared action library.

Reading them from disk is `load.py`'s job; resolving items asked once elsewhere is
`references.py`'s; checking change records is `changes.py`'s.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.framework.format import VERSION
from readiness.framework.library import ActionLibrary
from readiness.framework.model import Framework
from readiness.resources import is_bundled_framework
from readiness.schema import IDENTIFIER, did_you_mean, unknown

SPEC = re.compile(rf"(?P<id>{IDENTIFIER.pattern})(?:@(?P<version>{VERSION.pattern}))?")


def version_key(version: str) -> tuple[object, ...]:
    """A sort key that orders versions as people expect: 1.10.0 after 1.9.0, and a
    pre-release before its release (4.0.0-rc1 before 4.0.0), as semantic versioning does;
    build metadata (after '+') only breaks ties."""
    main, _, build = version.partition("+")
    core, dash, pre = main.partition("-")
    release = (0, _parts(pre)) if dash else (1, ())
    return (_parts(core), release, _parts(build))


def _parts(text: str) -> tuple[tuple[int, int | str], ...]:
    """Numbers compared as numbers, words as words, numbers before words."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"[._-]", text)
    )


def text_sha256(path: Path) -> str:
    """The SHA-256 of a framework file's text, whatever line endings a checkout gave it."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


# The bundled files do not change while readiness runs: each is read for this once.
bundled_sha256 = functools.cache(text_sha256)


def parse_spec(spec: str) -> tuple[str, str | None]:
    """`npt@1.0.0` -> ("npt", "1.0.0"); `npt` -> ("npt", None)."""
    match = SPEC.fullmatch(spec.strip())
    if match is None:
        return spec, None
    return match["id"], match["version"]


@dataclass
class Catalogue:
    """Frameworks by id (the default, newest version of each) in a stable order (bundled first,
    then user folders, by file name), every version of each, and the action library."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    overridden: dict[str, Path] = field(default_factory=dict)
    versions: dict[str, dict[str, Framework]] = field(default_factory=dict)
    library: ActionLibrary = field(default_factory=ActionLibrary)

    def __post_init__(self) -> None:
        for framework in self.frameworks.values():
            self.versions.setdefault(framework.id, {})[framework.version] = framework

    def add(self, framework: Framework) -> None:
        """Add (or replace) one version of a framework; the newest becomes the default."""
        by_version = self.versions.setdefault(framework.id, {})
        by_version[framework.version] = framework
        self.versions[framework.id] = dict(
            sorted(by_version.items(), key=lambda kv: version_key(kv[0]))
        )
        self.frameworks[framework.id] = list(self.versions[framework.id].values())[-1]

    def get(self, framework_id: str, version: str | None = None) -> Framework | None:
        """The framework with this id (and version; default: the newest), or None."""
        if version is None:
            return self.frameworks.get(framework_id)
        return self.versions.get(framework_id, {}).get(version)

    def ids(self) -> list[str]:
        return list(self.frameworks)

    def text_named(self, framework_id: str, version: str, digest: str | None) -> str | None:
        """A text of a framework version as a file records it (`digest`: the SHA-256 of a
        file of the user's, None for the bundled text), as this catalogue reads it: the
        bundled file's own SHA-256 is the bundled text (an unchanged copy, recorded by a
        readiness that counted it as the user's file)."""
        framework = self.get(framework_id, version)
        if digest is None or framework is None:
            return digest
        bundled = self.overridden.get(framework.spec)
        if bundled is None and is_bundled_framework(framework.path):
            bundled = framework.path
        if bundled is not None and bundled_sha256(Path(bundled)) == digest:
            return None
        return digest

    def all(self) -> list[Framework]:
        """Every version of every framework, by id, oldest version first."""
        return [f for fid in self.frameworks for f in self.versions[fid].values()]

    def versions_of(self, framework_id: str) -> list[str]:
        return list(self.versions.get(framework_id, {}))

    def problem_with(self, spec: str) -> str | None:
        """Why `spec` (an id, or id@version) names no framework here; None when it does."""
        framework_id, version = parse_spec(spec)
        if framework_id not in self.frameworks:
            return unknown("framework", framework_id, self.ids())
        if version is not None and version not in self.versions[framework_id]:
            versions = self.versions_of(framework_id)
            return (
                f"{framework_id} has no version {version!r}{did_you_mean(version, versions)}"
                f"; available: {', '.join(versions)} (leave the version out for the newest)"
            )
        return None

    def require(self, spec: str) -> Framework:
        """The framework an id (default version) or `id@version` names; ReadinessError
        (with a suggestion) when there is none."""
        problem = self.problem_with(spec)
        if problem:
            raise ReadinessError(problem)
        framework = self.get(*parse_spec(spec))
        assert framework is not None
        return framework

    def with_defaults(self, versions: dict[str, str]) -> Catalogue:
        """The same catalogue with other default versions (id -> version), for example the
        versions an assessment already uses."""
        defaults = dict(self.frameworks)
        for framework_id, version in versions.items():
            pinned = self.get(framework_id, version)
            if pinned is not None:
                defaults[framework_id] = pinned
        return Catalogue(defaults, dict(self.overridden), dict(self.versions), self.library)
