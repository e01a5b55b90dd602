"""The audit's settings from the command line: the population of each stratum.

``workbench populations AUDIT incident=12000 referral=800`` records how many records
of each record source the sample was drawn from (a logged change of the audit's
settings); with them the overall recording rate is weighted by population.
"""

from __future__ import annotations

import argparse

from workbench.cli.common import EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.errors import WorkbenchError


def parse_populations(items: list[str]) -> dict[str, int]:
    """``["incident=12000", "referral=800"]`` -> ``{"incident": 12000, "referral": 800}`` (checked by the settings)."""
    out: dict[str, int] = {}
    for item in items:
        stratum, sep, size = item.partition("=")
        digits = size.replace(",", "").replace("_", "").strip()
        if not sep or not stratum.strip() or not digits.isdigit():
            raise WorkbenchError(f"'{item}' is not STRATUM=RECORDS; write it like incident=12000.")
        out[stratum.strip()] = int(digits)
    return out


def cmd_populations(args: argparse.Namespace) -> int:
    from workbench.ops.audits import update_settings

    with open_store(args) as store:
        settings = store.settings()
        if args.clear or args.population:
            populations = {} if args.clear else {**settings.population_sizes, **parse_populations(args.population)}
            settings = settings.changed(populations=populations)
            update_settings(store, actor(args), settings)
    sizes = settings.population_sizes
    if not sizes:
        print("No populations set: where an audit samples several record sources, the overall recording rate is "
              "that of incident records, with the others beside it.")
    for stratum, size in sizes.items():
        print(printable(f"{stratum}: {size:,} records"))
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("populations", cmd_populations, "Show or set the population of each stratum (record source): the "
            "number of records the sample was drawn from, so the overall recording rate is weighted by them.")
    p.add_argument("population", nargs="*", metavar="STRATUM=N",
                   help="a checklist id and its population in records, e.g. incident=12000 referral=800")
    p.add_argument("--clear", action="store_true", help="forget every population")
    add_who(p)
