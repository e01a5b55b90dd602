"""Samples drawn from a population into the audit: the draw, its strata, each record's place.

Written inside the import's transaction (``AuditStore.add_records(..., then=...)``),
so the records and the draw that chose them are kept together or not at all. Each
draw and each extension is one event (``sample.draw``, ``sample.extend``) carrying
digests of the strata and of the records drawn, so ``verify`` catches an edit of
these tables behind the log's back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.events import canonical_json, digest
from workbench.core.sampling import strata_digest, units_digest
from workbench.store.records import Records
from workbench.store.writing import Write

#: The columns of ``sample_draws`` a ``sample.draw`` event vouches for, as the event names them.
DRAW_FIELDS = ("form_id", "file_name", "sha256", "sheet", "population_rows", "key_column", "strata_column",
               "allocation", "seed", "algorithm", "size")


@dataclass(frozen=True)
class StoredDraw:
    """A draw as the audit holds it (``parameters`` decoded)."""

    id: int
    form_id: str
    file_name: str
    sha256: str
    sheet: str
    population_rows: int
    key_column: str
    strata_column: str
    allocation: str
    seed: int
    algorithm: str
    parameters: dict
    size: int
    drawn_by: str
    drawn_at: str
    event_seq: int


@dataclass(frozen=True)
class PopulationStratum:
    """One stratum of a draw: its population size and the keys of its sampled records (by rank)."""

    draw_id: int
    form_id: str
    stratum: str
    population: int
    keys: tuple[str, ...]


#: One sampled record: (key, stratum, rank in its stratum).
SampledUnit = tuple[str, str, int]


class Samples:
    """The ``sample_draws``, ``sample_strata`` and ``sample_records`` tables."""

    def __init__(self, db: Database, records: Records):
        self.db = db
        self.records = records

    # -- writing ----------------------------------------------------------------------------
    def add(self, w: Write, draw: Mapping, parameters: dict, strata: Mapping[str, tuple[int, int]],
            units: Sequence[SampledUnit], import_id: int | None) -> int:
        """Record a new draw inside ``w``: its row, its strata, its records; one ``sample.draw`` event.

        ``draw`` holds the ``DRAW_FIELDS``; the records must already be in the audit.
        """
        draw_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM sample_draws").fetchone()[0]
        detail = {name: draw[name] for name in DRAW_FIELDS}
        detail.update(draw_id=draw_id, parameters_digest=digest(parameters), strata_count=len(strata),
                      strata_digest=strata_digest(strata), units_digest=units_digest(units), import_id=import_id)
        event = w.log("sample.draw", detail)
        self.db.execute(
            f"INSERT INTO sample_draws (id, {', '.join(DRAW_FIELDS)}, parameters, drawn_by, drawn_at, event_seq)"
            f" VALUES ({', '.join('?' * (len(DRAW_FIELDS) + 5))})",
            (draw_id, *(draw[name] for name in DRAW_FIELDS), canonical_json(parameters), w.actor.name, w.at, event.seq),
        )
        self._write_strata(draw_id, strata)
        self._write_units(draw_id, 0, units)
        return draw_id

    def extend(self, w: Write, draw_id: int, size: int, strata: Mapping[str, tuple[int, int]],
               units: Sequence[SampledUnit], import_id: int | None) -> int:
        """Record an extension of draw ``draw_id`` inside ``w``; returns its step (1, 2, ...)."""
        step = self.db.execute("SELECT coalesce(max(step), 0) + 1 FROM sample_records WHERE draw_id = ?",
                               (draw_id,)).fetchone()[0]
        w.log("sample.extend", {"draw_id": draw_id, "step": step, "size": size, "added": len(units),
                                "strata_digest": strata_digest(strata), "units_digest": units_digest(units),
                                "import_id": import_id})
        self.db.execute("UPDATE sample_draws SET size = ? WHERE id = ?", (size, draw_id))
        self.db.execute("DELETE FROM sample_strata WHERE draw_id = ?", (draw_id,))
        self._write_strata(draw_id, strata)
        self._write_units(draw_id, step, units)
        return step

    def _write_strata(self, draw_id: int, strata: Mapping[str, tuple[int, int]]) -> None:
        self.db.conn.executemany(
            "INSERT INTO sample_strata (draw_id, stratum, population, sampled) VALUES (?, ?, ?, ?)",
            [(draw_id, name, pop, n) for name, (pop, n) in sorted(strata.items())],
        )

    def _write_units(self, draw_id: int, step: int, units: Sequence[SampledUnit]) -> None:
        ids = self.records.ids({key for key, _, _ in units})
        self.db.conn.executemany(
            "INSERT INTO sample_records (record_id, draw_id, stratum, draw_rank, step) VALUES (?, ?, ?, ?, ?)",
            [(ids[key], draw_id, stratum, rank, step) for key, stratum, rank in units],
        )

    # -- reading ----------------------------------------------------------------------------
    def draws(self) -> list[StoredDraw]:
        """Every draw in the audit, oldest first."""
        out = []
        for row in self.db.query("SELECT * FROM sample_draws ORDER BY id"):
            row["parameters"] = json.loads(row["parameters"])
            out.append(StoredDraw(**row))
        return out

    def strata(self, draw_id: int) -> dict[str, tuple[int, int]]:
        """``{stratum: (population, sampled)}`` of one draw."""
        return {name: (pop, n) for name, pop, n in self.db.execute(
            "SELECT stratum, population, sampled FROM sample_strata WHERE draw_id = ? ORDER BY stratum", (draw_id,))}

    def units(self, draw_id: int, step: int | None = None) -> list[tuple[str, str, int, int]]:
        """``(key, stratum, rank, step)`` of a draw's records (of one step), by stratum and rank."""
        sql = ("SELECT r.key, s.stratum, s.draw_rank, s.step FROM sample_records s JOIN records r ON r.id = s.record_id"
               " WHERE s.draw_id = ?")
        args: tuple = (draw_id,)
        if step is not None:
            sql += " AND s.step = ?"
            args += (step,)
        return [tuple(row) for row in self.db.execute(sql + " ORDER BY s.stratum, s.draw_rank", args)]

    def steps(self) -> list[tuple[int, int]]:
        """Every ``(draw id, step)`` that has records."""
        return [tuple(r) for r in self.db.execute("SELECT DISTINCT draw_id, step FROM sample_records ORDER BY 1, 2")]

    def population_strata(self) -> dict[str, PopulationStratum]:
        """Every stratum of every draw: its population size and its sampled record keys.

        Keyed by the stratum's value when the audit has one draw (``""`` for a simple
        random sample), else by ``"{checklist} (draw {id}) / {stratum}"``: each draw's
        population is then part of the whole, weighted by its own size (incident records
        and referrals are never pooled unweighted).
        """
        draws = self.draws()
        out: dict[str, PopulationStratum] = {}
        for d in draws:
            keys: dict[str, list[str]] = defaultdict(list)
            for key, stratum, _rank, _step in self.units(d.id):
                keys[stratum].append(key)
            for name, (population, _n) in self.strata(d.id).items():
                label = name if len(draws) == 1 else f"{d.form_id} (draw {d.id})" + (f" / {name}" if name else "")
                out[label] = PopulationStratum(d.id, d.form_id, name, population, tuple(keys.get(name, ())))
        return out
