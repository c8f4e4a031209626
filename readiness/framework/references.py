"""Items asked once: a framework's `from: FRAMEWORK@VERSION/ITEM` items resolved to their home
item in the catalogue (its text, help, scale, roles and fact flag), or every problem found."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from readiness.errors import Problem
from readiness.framework.catalogue import Catalogue
from readiness.framework.changes import check_changes
from readiness.framework.model import Framework, Item
from readiness.schema import did_you_mean, known_list
from readiness.yamlio import line_in


def resolve_catalogue(
    catalogue: Catalogue, only: Iterable[Framework] | None = None
) -> list[Problem]:
    """Resolve every item asked once elsewhere (`from:`) and check every change record against
    the version it starts from; the problems found (the catalogue keeps only what resolves).

    `only` limits the problems reported to these frameworks (`frameworks validate FILE`)."""
    problems: list[Problem] = []
    reported = {id(f) for f in only} if only is not None else None
    # Frameworks that reuse nothing first, so each `from:` links to a resolved home.
    for framework in sorted(catalogue.all(), key=lambda f: bool(f.references)):
        found: list[Problem] = []
        resolved = _resolve(framework, catalogue, found)
        if resolved is not framework:
            catalogue.add(resolved)
        found.extend(check_changes(resolved, catalogue))
        if reported is None or id(framework) in reported:
            problems.extend(found)
    return problems


def _resolve(framework: Framework, catalogue: Catalogue, problems: list[Problem]) -> Framework:
    """The framework with each `from:` item carrying its home item's text, help, scale, roles
    and fact flag (and a link to its home framework)."""
    if not framework.references:
        return framework
    domains = []
    adapted = framework.adapted
    for domain in framework.domains:
        items = []
        for item in domain.items:
            if item.ref is None:
                items.append(item)
                continue
            home = _home(framework, item, catalogue, problems)
            if home is None:
                items.append(item)
                continue
            # Questions asked in an adapted framework are scored as adapted here too.
            adapted = adapted or home.adapted
            target = home.items[item.ref.item_id]
            ref = dataclasses.replace(item.ref, version=home.version, home=home)
            items.append(
                dataclasses.replace(
                    item,
                    text=target.text,
                    help=target.help,
                    scale=target.scale,
                    reverse=target.reverse,
                    roles=target.roles,
                    fact=target.fact,
                    known_by=target.known_by,
                    self_rated=target.self_rated,
                    cfir=target.cfir,
                    ref=ref,
                    text_template=target.text_template,
                    help_template=target.help_template,
                )
            )
        domains.append(dataclasses.replace(domain, items=tuple(items)))
    return dataclasses.replace(framework, domains=tuple(domains), adapted=adapted)


def _home(
    framework: Framework, item: Item, catalogue: Catalogue, problems: list[Problem]
) -> Framework | None:
    ref = item.ref
    assert ref is not None
    where = f"domains[{item.domain_id}].items[{item.id}].from"

    def report(message: str) -> None:
        problems.append(Problem(framework.path, line_in(framework.path, ref.at), where, message))

    home = catalogue.get(ref.framework_id, ref.version)
    if ref.framework_id not in catalogue.frameworks:
        report(
            f"refers to framework {ref.framework_id!r}, which is not in the catalogue"
            f"{did_you_mean(ref.framework_id, catalogue.ids())} (available: "
            f"{known_list(catalogue.ids())}); add its file to the frameworks folder"
        )
        return None
    if home is None:
        available = ", ".join(catalogue.versions_of(ref.framework_id))
        report(
            f"refers to {ref.framework_id} version {ref.version}, which is not available "
            f"(available: {available})"
        )
        return None
    target = home.items.get(ref.item_id)
    if target is None:
        report(
            f"{home.spec} has no item {ref.item_id!r}{did_you_mean(ref.item_id, list(home.items))}"
        )
        return None
    if target.ref is not None:
        report(
            f"{home.spec} {ref.item_id} is itself asked as {target.ref.spec}; refer to that "
            "item directly"
        )
        return None
    return home
