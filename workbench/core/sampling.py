"""Simple and stratified random sampling by permanent random numbers: the same draw everywhere.

The algorithm (``ALGORITHM``, recorded with every draw) uses no pseudo-random
generator, so a sample depends on nothing but the population, the seed and the
parameters: not on the platform, the Python version or the order of the rows.

1. Every unit of the population (a row, named by its key) gets a *permanent random
   number*: PRN = SHA-256 of the UTF-8 text ``"{seed}:{key}"`` read as a 256-bit
   big-endian whole number, so PRN / 2**256 is uniform on [0, 1) and independent
   from unit to unit. National statistics offices give every business such a
   number to draw and coordinate their samples (Ohlsson, "Coordination of samples
   using permanent random numbers", 1995).
2. Within each stratum (the whole population when there are no strata) the units
   are taken in ascending order of PRN; a sample of n_h takes the first n_h. The
   n_h smallest of independent uniform numbers are a simple random sample without
   replacement of the stratum.
3. Extending a sample takes the next units in the same order, and every stratum
   keeps at least the units it had: nothing drawn before is ever given back.

Allocation of the sample size n across strata (``allocate``):

- ``proportional``: n_h proportional to the stratum's population N_h;
- ``equal``: the same n_h in every stratum;
- ``neyman``: n_h proportional to N_h * S_h, with S_h = sqrt(p_h (1 - p_h)) the
  standard deviation of a rate expected to be p_h in the stratum (the last audit's
  rate, say). A stratum without an expected rate takes ``DEFAULT_EXPECTED`` (50%,
  the most variable); with one rate for every stratum, Neyman is proportional.

A stratum smaller than its share is taken whole and the rest is shared among the
others (the shares are bounded above by N_h and below by what an extended sample
already holds); whole numbers come from the largest remainders, so they add up to
n exactly. All of it is exact arithmetic (``Fraction``; Neyman's square roots in
``Decimal`` to 40 digits), so every platform gives the same allocation.
"""

from __future__ import annotations

import hashlib
import heapq
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from workbench.core.errors import WorkbenchError
from workbench.core.events import digest

#: Recorded with every draw: a later workbench reproduces a draw only with the same algorithm.
ALGORITHM = "prn-sha256/1"
ALGORITHM_WORDS = ("permanent random numbers: SHA-256 of \"seed:key\" for every unit; in each stratum "
                   "the units with the smallest numbers")
PROPORTIONAL, EQUAL, NEYMAN = "proportional", "equal", "neyman"
ALLOCATIONS = (PROPORTIONAL, EQUAL, NEYMAN)
#: The expected rate of a stratum given none (Neyman): 50% has the largest variance.
DEFAULT_EXPECTED = Fraction(1, 2)
#: Bounds on what a file or a user can ask for (every number from outside is bounded).
MAX_STRATA = 1_000
MAX_SAMPLE = 100_000
MAX_SEED = 10**18 - 1
#: A seed the workbench proposes has at most this many digits: easy to write down.
PROPOSED_SEED_DIGITS = 9
#: The name of the single stratum of a simple random sample.
WHOLE_POPULATION = ""
_SQRT = Context(prec=40)


class SamplingError(WorkbenchError, ValueError):
    """A draw that cannot be made as asked (the message says why and what to do)."""


class TooManyStrata(SamplingError):
    """The strata column has more distinct values than ``MAX_STRATA``: it is not a grouping."""

    def __init__(self, limit: int = MAX_STRATA):
        self.limit = limit
        super().__init__(f"the strata column has more than {limit:,} different values; choose a column that groups "
                         "the records (an area, a division), or draw without strata")


# -- permanent random numbers ------------------------------------------------------------------
def permanent_random_number(seed: int, key: str) -> int:
    """The unit's PRN: SHA-256 of ``"{seed}:{key}"`` (UTF-8) as a 256-bit whole number."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode("utf-8")).digest(), "big")


def check_seed(seed: object) -> int:
    """``seed`` as a whole number from 0 to ``MAX_SEED``; ``SamplingError`` otherwise."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise SamplingError(f"the seed must be a whole number from 0 to {MAX_SEED:,}, not {seed!r}")
    return seed


def propose_seed() -> int:
    """A fresh seed from the operating system's random source (shown to the user and recorded)."""
    return secrets.randbelow(10**PROPOSED_SEED_DIGITS - 1) + 1


class Unit(NamedTuple):
    """A unit drawn: its PRN, key, stratum, rank in its stratum (1 = smallest PRN),
    row in the population file, and whatever the reader attached (the row's cells)."""

    prn: int
    key: str
    stratum: str
    rank: int
    row: int
    payload: Any = None


class Selector:
    """Keeps, for each stratum, the ``keep`` units with the smallest PRN seen so far.

    Feed it the whole population one unit at a time (``add``); it holds only the
    units kept (a max-heap per stratum), the count of each stratum and the set of
    keys seen (to find a key used twice). ``keep`` is the largest sample any
    stratum could be given: the whole sample size.
    """

    def __init__(self, seed: int, keep: int, max_strata: int = MAX_STRATA):
        self.seed = check_seed(seed)
        self.keep = keep
        self.max_strata = max_strata
        #: ``(row, key)`` of every unit whose key was seen before.
        self.repeated: list[tuple[int, str]] = []
        # stratum -> [count, heap of (-PRN, row, key, payload), the largest digest kept once full]
        self._strata: dict[str, list] = {}
        self._keys: set[str] = set()
        self._prefix = f"{self.seed}:".encode("utf-8")

    @property
    def populations(self) -> dict[str, int]:
        """``{stratum: units counted}``, in the order the strata were first seen."""
        return {name: state[0] for name, state in self._strata.items()}

    def add(self, key: str, stratum: str, row: int, payload: Any = None) -> None:
        """Count the unit in its stratum and keep it if its PRN is among the smallest."""
        keys = self._keys
        if key in keys:
            self.repeated.append((row, key))
        else:
            keys.add(key)
        # The digest's bytes sort as its number does: most units are turned away by one
        # comparison of bytes, and only those kept become whole numbers.
        found = hashlib.sha256(self._prefix + key.encode("utf-8")).digest()
        state = self._strata.get(stratum)
        if state is None:
            if len(self._strata) >= self.max_strata:
                raise TooManyStrata(self.max_strata)
            state = self._strata[stratum] = [0, [], None]
        state[0] += 1
        heap = state[1]
        if state[2] is None:
            heapq.heappush(heap, (-int.from_bytes(found, "big"), row, key, payload))
            if len(heap) == self.keep:
                state[2] = (-heap[0][0]).to_bytes(32, "big")
        elif found < state[2]:
            heapq.heapreplace(heap, (-int.from_bytes(found, "big"), row, key, payload))
            state[2] = (-heap[0][0]).to_bytes(32, "big")

    def take(self, allocation: Mapping[str, int]) -> list[Unit]:
        """The first ``allocation[h]`` units of each stratum h, in draw order (ascending PRN)."""
        units = []
        for stratum, n in allocation.items():
            heap = self._strata[stratum][1] if stratum in self._strata else []
            kept = sorted((-neg, row, key, payload) for neg, row, key, payload in heap)
            if n > len(kept):
                raise SamplingError(f"cannot take {n} units from a stratum of which {len(kept)} were kept")
            units += [Unit(prn, key, stratum, rank, row, payload)
                      for rank, (prn, row, key, payload) in enumerate(kept[:n], start=1)]
        units.sort()
        return units


# -- allocation ---------------------------------------------------------------------------------
def allocate(populations: Mapping[str, int], size: int, method: str = PROPORTIONAL,
             expected: Mapping[str, Fraction] | None = None, floors: Mapping[str, int] | None = None) -> dict[str, int]:
    """Share a sample of ``size`` among strata of the given populations.

    Parameters
    ----------
    populations
        N_h of every stratum (each at least 1).
    size
        n, from 1 to the whole population.
    method
        ``proportional``, ``equal`` or ``neyman`` (see the module docstring).
    expected
        Neyman: the expected rate p_h (0 < p_h < 1) of strata that have one.
    floors
        What each stratum holds already (an extension): it is never given less.

    Returns
    -------
    dict
        n_h for every stratum, in the order of ``populations``; they add up to n,
        and no n_h exceeds N_h or falls below its floor.
    """
    floors = dict(floors or {})
    check_allocation(populations, size, method, expected, floors)
    weights = {h: _weight(method, n_h, (expected or {}).get(h, DEFAULT_EXPECTED)) for h, n_h in populations.items()}
    lower = {h: floors.get(h, 0) for h in populations}
    quotas = _bounded_quotas(weights, Fraction(size), lower, dict(populations))
    return _largest_remainder(quotas, size, populations)


def check_allocation(populations: Mapping[str, int], size: int, method: str,
                     expected: Mapping[str, Fraction] | None, floors: Mapping[str, int]) -> None:
    """Raise ``SamplingError`` saying what is wrong with an allocation's inputs."""
    total = sum(populations.values())
    if method not in ALLOCATIONS:
        raise SamplingError(f"unknown allocation '{method}'; use one of: {', '.join(ALLOCATIONS)}")
    if not populations or total < 1:
        raise SamplingError("the population is empty: there is nothing to draw from")
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise SamplingError(f"the sample size must be a whole number of at least 1, not {size!r}")
    if size > total:
        raise SamplingError(f"the sample size {size:,} is larger than the population ({total:,} records)")
    if size > MAX_SAMPLE:
        raise SamplingError(f"the sample size {size:,} is over the limit of {MAX_SAMPLE:,}")
    unknown = sorted(set(expected or {}) - set(populations))
    if unknown:
        raise SamplingError("expected rates were given for strata that are not in the population: "
                            + ", ".join(repr(u) for u in unknown[:10]))
    for name, p in (expected or {}).items():
        if not 0 < p < 1:
            raise SamplingError(f"the expected rate of stratum {name!r} must be between 0% and 100%, not {float(p):.0%}")
    for name, held in floors.items():
        if name not in populations or held > populations[name]:
            raise SamplingError(f"the sample already holds {held:,} records of stratum {name!r}, which the population "
                                "does not have; extend a draw only from the population it was drawn from")
    held = sum(floors.values())
    if held > size:
        raise SamplingError(f"the sample already holds {held:,} records; it can only be extended to a larger size")


def _weight(method: str, population: int, expected: Fraction) -> Fraction:
    if method == EQUAL:
        return Fraction(1)
    if method == PROPORTIONAL:
        return Fraction(population)
    p = _SQRT.divide(Decimal(expected.numerator), Decimal(expected.denominator))
    return Fraction(population) * Fraction(_SQRT.sqrt(_SQRT.multiply(p, _SQRT.subtract(Decimal(1), p))))


def _bounded_quotas(weights: dict[str, Fraction], size: Fraction, lower: dict[str, int],
                    upper: dict[str, int]) -> dict[str, Fraction]:
    """q_h = clamp(t * w_h, lower_h, upper_h) with the t that makes them add up to ``size``.

    The sum is piecewise linear and increasing in t; its corners are where a stratum
    reaches a bound (lower_h / w_h, upper_h / w_h). Walk the corners to the segment
    holding ``size`` and solve that segment's line exactly.
    """
    def total(t: Fraction) -> Fraction:
        return sum((min(max(t * w, lower[h]), upper[h]) for h, w in weights.items()), Fraction(0))

    corners = sorted({Fraction(b) / w for h, w in weights.items() for b in (lower[h], upper[h])})
    start = Fraction(0)
    for corner in corners:
        if total(corner) >= size:
            free = sum((w for h, w in weights.items() if lower[h] <= start * w and corner * w <= upper[h]), Fraction(0))
            t = start + (size - total(start)) / free if free else corner
            break
        start = corner
    else:
        t = start
    return {h: min(max(t * w, lower[h]), upper[h]) for h, w in weights.items()}


def _largest_remainder(quotas: dict[str, Fraction], size: int, populations: Mapping[str, int]) -> dict[str, int]:
    """Whole numbers from the quotas: floors, then one more for the largest remainders.

    Ties go to the larger stratum, then to the stratum whose name sorts first.
    """
    whole = {h: q.numerator // q.denominator for h, q in quotas.items()}
    left = size - sum(whole.values())
    order = sorted(quotas, key=lambda h: (-(quotas[h] - whole[h]), -populations[h], h))
    for h in order[:left]:
        whole[h] += 1
    return {h: whole[h] for h in populations}


# -- a draw -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DrawSpec:
    """What to draw: size, seed, allocation and (Neyman) the strata's expected rates."""

    size: int
    seed: int
    allocation: str = PROPORTIONAL
    expected: Mapping[str, Fraction] | None = None

    def parameters(self) -> dict:
        """The parameters recorded with the draw (JSON-ready)."""
        out: dict = {"allocation": self.allocation}
        if self.allocation == NEYMAN:
            out["expected"] = {h: str(p) for h, p in sorted((self.expected or {}).items())}
            out["default_expected"] = str(DEFAULT_EXPECTED)
        return out


@dataclass(frozen=True)
class StratumDraw:
    """One stratum of a draw: its population and how many of it are in the sample."""

    name: str
    population: int
    sampled: int


@dataclass(frozen=True)
class Draw:
    """A finished draw: the units in draw order and every stratum's counts."""

    spec: DrawSpec
    units: list[Unit]
    strata: dict[str, StratumDraw]

    @property
    def population(self) -> int:
        return sum(s.population for s in self.strata.values())


def draw(selector: Selector, spec: DrawSpec, floors: Mapping[str, int] | None = None) -> Draw:
    """Allocate ``spec.size`` over the strata ``selector`` counted and take each stratum's share."""
    allocation = allocate(selector.populations, spec.size, spec.allocation, spec.expected, floors)
    units = selector.take(allocation)
    strata = {h: StratumDraw(h, selector.populations[h], allocation[h]) for h in sorted(selector.populations)}
    return Draw(spec, units, strata)


def draw_from(units: Iterable[tuple[str, str]], spec: DrawSpec, floors: Mapping[str, int] | None = None) -> Draw:
    """Draw from ``(key, stratum)`` pairs held in memory (their position is their row, from 1)."""
    selector = Selector(spec.seed, spec.size)
    for row, (key, stratum) in enumerate(units, start=1):
        selector.add(key, stratum, row)
    return draw(selector, spec, floors)


def strata_digest(strata: Mapping[str, tuple[int, int]]) -> str:
    """A digest of ``{stratum: (population, sampled)}`` (for the log: names may be free text)."""
    return digest(sorted([name, int(pop), int(n)] for name, (pop, n) in strata.items()))


def units_digest(units: Iterable[tuple[str, str, int]]) -> str:
    """A digest of ``(key, stratum, rank)`` triples, in stratum and rank order."""
    return digest(sorted([key, stratum, int(rank)] for key, stratum, rank in units))


@dataclass(frozen=True)
class PopulationDraw:
    """A draw from a population file: where from, by which columns, when, by whom, and the draw.

    The units' ``payload`` is ``(cells)``: the row as read, for the sample's output.
    """

    file_name: str
    sheet: str
    sha256: str
    header: tuple[str, ...]
    header_row: int
    key_column: str
    strata_column: str          # "" for a simple random sample
    draw: Draw
    drawn_at: str
    drawn_by: str = ""

    @property
    def population_rows(self) -> int:
        return self.draw.population

    @property
    def stratified(self) -> bool:
        return bool(self.strata_column)

    def parameters(self) -> dict:
        """What is recorded of the draw's parameters (JSON-ready)."""
        out = self.draw.spec.parameters()
        if self.header_row != 1:
            out["header_row"] = self.header_row
        return out

    def strata_counts(self) -> dict[str, tuple[int, int]]:
        """``{stratum: (population, sampled)}``."""
        return {h: (s.population, s.sampled) for h, s in self.draw.strata.items()}


def stratum_label(name: str, stratified: bool) -> str:
    """A stratum's name as shown: "(all records)" without strata, "(blank)" for an empty value."""
    if not stratified:
        return "(all records)"
    return name if name else "(blank)"
