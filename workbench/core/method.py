"""What the Method section says: how the sample came about.

Plain facts gathered by ``ops`` from the audit file (the imports of the sample; a
sampling draw when the workbench made one) and laid out by
``core.findings_sections``: the population and its size, how records were
selected, the seed, the sample per stratum, and what the sample can and cannot
support.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SampleImport:
    """One file the sample was imported from."""

    file_name: str
    rows: int
    added: int
    imported_at: str
    imported_by: str


@dataclass(frozen=True)
class SampleDraw:
    """A random draw the workbench made: of which checklist, from what, how, and its seed."""

    form_id: str
    population_file: str
    population_rows: int
    size: int
    strata_column: str
    allocation: str
    algorithm: str
    seed: int


@dataclass(frozen=True)
class MethodFacts:
    imports: tuple[SampleImport, ...] = ()
    draws: tuple[SampleDraw, ...] = ()
