"""Drawing a sample straight into an audit, extending it, and the strata it records.

The drawn rows become records of one checklist through the import
(``ops.importing.plan_table`` and ``write_import``), and the draw is stored in the
same transaction (``AuditStore.record_sample_draw``): the population file's name and
hash, its rows, each stratum's population and sample, the parameters, the seed and
the algorithm, and each record's stratum and rank. Extending takes the next units
from the same population and seed: every record drawn before stays, and no
stratum is given fewer than it had.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from workbench.core.audit import Actor
from workbench.core.errors import InputRejected, Problem
from workbench.core.sampling import ALGORITHM, PopulationDraw, SamplingError
from workbench.io.population import PopulationFile
from workbench.io.tabular import Table, file_sha256
from workbench.ops import changes_audit
from workbench.ops.forms import available_forms
from workbench.ops.importing import ImportResult, plan_table, write_import
from workbench.ops.progress import Progress
from workbench.ops.sampling import SampleRequest, draw_sample, refuse_keys, sample_rows
from workbench.store.audit_store import AuditStore, PopulationStratum, StoredDraw
from workbench.store.writing import Write


@dataclass(frozen=True)
class SampledIntoAudit:
    """A draw (or an extension) written to an audit."""

    draw_id: int
    step: int                  # 0 the first draw, 1, 2, ... an extension
    draw: PopulationDraw
    imported: ImportResult


@changes_audit
def draw_into_audit(store: AuditStore, actor: Actor, request: SampleRequest, form_id: str,
                    progress: Progress | None = None) -> SampledIntoAudit:
    """Draw from ``request.population`` and import the sample as records of checklist ``form_id``.

    Raises
    ------
    InputRejected
        The file or a row is unusable, or the checklist is unknown.
    SamplingError
        The draw cannot be made as asked, the population was drawn into this audit
        before (extend that draw instead), or a drawn key is already a record.
    """
    _check_form(store, form_id, Path(request.population).name)

    def not_drawn_before(population: PopulationFile) -> None:
        for d in store.sample_draws():
            if d.sha256 == population.sha256:
                raise SamplingError(f"this audit already holds a sample drawn from {population.file_name} (draw {d.id}, "
                                    f"{d.size:,} records); extend it (--extend-to) instead of drawing again")

    result = draw_sample(request, progress, accept=not_drawn_before, drawn_by=actor.name)
    units = [(u.key, u.stratum, u.rank) for u in result.draw.units]
    already = sorted(store.existing_record_digests([key for key, _, _ in units]))
    if already:
        refuse_keys("are already records of this audit", already)
    draw_fields = {
        "form_id": form_id, "file_name": result.file_name, "sha256": result.sha256, "sheet": result.sheet,
        "population_rows": result.population_rows, "key_column": result.key_column, "strata_column": result.strata_column,
        "allocation": result.draw.spec.allocation, "seed": result.draw.spec.seed, "algorithm": ALGORITHM,
        "size": result.draw.spec.size,
    }
    drawn: list[int] = []

    def record(w: Write, stored) -> None:
        drawn.append(store.record_sample_draw(w, draw_fields, result.parameters(), result.strata_counts(), units,
                                              stored.import_id))

    imported = _import(store, actor, result, sample_rows(result), form_id, progress, record)
    return SampledIntoAudit(drawn[0], 0, result, imported)


@changes_audit
def extend_draw(store: AuditStore, actor: Actor, population: Path, size: int, form_id: str | None = None,
                progress: Progress | None = None) -> SampledIntoAudit:
    """Extend the audit's draw from ``population`` to ``size`` records, from the same seed.

    The draw is found by the file's SHA-256 (and ``form_id`` when one population
    was drawn into several checklists): a sample is extended only from the very
    file it was drawn from, with its own columns, allocation and seed.
    """
    population = Path(population)
    stored = _draw_of(store, population, form_id)
    if size <= stored.size:
        raise SamplingError(f"draw {stored.id} already holds {stored.size:,} records; extend it to more than that")
    request = _request_of(stored, population, size)
    before = {key: (stratum, rank) for key, stratum, rank, _step in store.sample_units(stored.id)}
    floors: dict[str, int] = {}
    for stratum, _rank in before.values():
        floors[stratum] = floors.get(stratum, 0) + 1

    def same_file(p: PopulationFile) -> None:
        if p.sha256 != stored.sha256:
            raise SamplingError(f"{p.file_name} changed while it was being read; try again")

    result = draw_sample(request, progress, floors, accept=same_file, drawn_by=actor.name)
    places = {u.key: (u.stratum, u.rank) for u in result.draw.units}
    lost = sorted(k for k, place in before.items() if places.get(k) != place)
    if lost:
        refuse_keys("drawn before are not drawn again in the same place (the draw cannot be reproduced)", lost)
    new = [u for u in result.draw.units if u.key not in before]
    units = [(u.key, u.stratum, u.rank) for u in new]
    already = sorted(store.existing_record_digests([key for key, _, _ in units]))
    if already:
        refuse_keys("are already records of this audit", already)
    steps: list[int] = []

    def record(w: Write, imported) -> None:
        steps.append(store.record_sample_extension(w, stored.id, size, result.strata_counts(), units, imported.import_id))

    rows = [(u.row, [c.strip() for c in u.payload]) for u in new]
    imported = _import(store, actor, result, rows, stored.form_id, progress, record)
    return SampledIntoAudit(stored.id, steps[0], result, imported)


def _request_of(stored: StoredDraw, population: Path, size: int) -> SampleRequest:
    """The request that repeats a stored draw at a larger size."""
    params = stored.parameters
    return SampleRequest(
        population, size, stored.seed, stored.strata_column or None, stored.allocation,
        {k: Fraction(v) for k, v in params.get("expected", {}).items()}, stored.key_column, stored.sheet or None,
        params.get("header_row", 1),
    )


def _draw_of(store: AuditStore, population: Path, form_id: str | None) -> StoredDraw:
    draws = store.sample_draws()
    if not draws:
        raise SamplingError("this audit holds no drawn sample to extend; draw one first (workbench sample --into)")
    sha = file_sha256(population) if population.is_file() else None
    found = [d for d in draws if d.sha256 == sha and (form_id is None or d.form_id == form_id)]
    if not found:
        files = ", ".join(sorted({d.file_name for d in draws}))
        raise SamplingError(f"no sample in this audit was drawn from {population.name} as it is now; a sample is extended "
                            f"only from the very file it was drawn from (drawn from: {files})")
    if len(found) > 1:
        raise SamplingError("this file was drawn into several checklists (" + ", ".join(d.form_id for d in found)
                            + "); say which with --form")
    stored = found[0]
    if stored.algorithm != ALGORITHM:
        raise SamplingError(f"draw {stored.id} was made with {stored.algorithm}; this workbench draws with {ALGORITHM} "
                            "and cannot extend it")
    return stored


def _check_form(store: AuditStore, form_id: str, file_name: str) -> None:
    forms = available_forms(store)
    if form_id not in forms:
        raise InputRejected(file_name, [Problem(f"there is no checklist '{form_id}'",
                                                hint="checklists are: " + ", ".join(sorted(forms)))])


def _import(store: AuditStore, actor: Actor, result: PopulationDraw, rows: list[tuple[int, list[str]]], form_id: str,
            progress: Progress | None, then: Callable) -> ImportResult:
    """The drawn rows through the import, with ``then`` recording the draw in its transaction."""
    table = Table(result.file_name, result.sheet, list(result.header), rows, result.sha256)
    plan = plan_table(store, table, form_id=form_id, key_column=result.key_column, fit_profile=False)
    return write_import(store, actor, plan, progress=progress, recheck=False, then=then)


def population_strata(store: AuditStore) -> dict[str, PopulationStratum]:
    """Per stratum of every draw in the audit: its population size and the keys of its sampled records.

    For the stratified estimate (each stratum weighted by its population share); see
    ``AuditStore.population_strata`` for how strata of several draws are named.
    """
    return store.population_strata()
