"""Commands that draw a sample from a population and say how large it should be."""

from __future__ import annotations

import argparse
from fractions import Fraction
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.audit import DEFAULT_MARKING, MARKINGS
from workbench.core.errors import WorkbenchError
from workbench.core.sample_size import CONFIDENCE_LEVELS
from workbench.core.sampling import ALLOCATIONS, PROPOSED_SEED_DIGITS, PopulationDraw, propose_seed, stratum_label


class UsageError(WorkbenchError):
    """Options that do not go together, in words."""


def percent(text: str) -> Fraction:
    """ "90", "90%" or "2.5" (percentages) as a fraction: 0.9, 0.9, 0.025."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage (write 90 for 90%)") from None
    return value / 100


def confidence(text: str) -> float:
    """ "0.95", "95" or "95%" as 0.95; only the levels offered are accepted."""
    cleaned = text.strip().removesuffix("%").strip()
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"'{text}' is not a confidence level (0.90, 0.95 or 0.99)") from None
    if value > 1:
        value /= 100
    if float(value) not in CONFIDENCE_LEVELS:
        raise argparse.ArgumentTypeError(f"the confidence must be 0.90, 0.95 or 0.99, not {text}")
    return float(value)


def stratum_rate(text: str) -> tuple[str, Fraction]:
    """ "Northgate=85" -> ("Northgate", 0.85)."""
    name, sep, rate = text.rpartition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"'{text}' is not STRATUM=PERCENT (e.g. Northgate=85)")
    return name.strip(), percent(rate)


def cmd_sample(args: argparse.Namespace) -> int:
    _check_options(args)
    from workbench.ops.sampling import SampleRequest

    if args.extend_to is not None:
        return _extend(args)
    request = SampleRequest(Path(args.population), args.size, args.seed, args.strata, args.allocation,
                            dict(args.rate or []), args.key_column, args.sheet, args.header_row)
    if args.output:
        from workbench.ops.sampling import save_sample

        saved = save_sample(request, Path(args.output), actor(args).name, args.marking)
        _print_draw(saved.draw)
        print(printable(f"Wrote {saved.path.name}: the sample on sheet 'Sample', how it was drawn on sheet 'Draw'."))
        for note in saved.notes:
            print(printable(f"  note: {note}"))
        return EXIT_OK
    from workbench.ops.sample_audit import draw_into_audit

    with open_store(_audit_args(args)) as store:
        done = draw_into_audit(store, actor(args), request, args.form)
    _print_draw(done.draw)
    print(printable(f"Added {done.imported.added:,} record(s) of checklist {args.form} to {Path(args.into).name} "
                    f"(draw {done.draw_id})."))
    return EXIT_OK


def _extend(args: argparse.Namespace) -> int:
    from workbench.ops.sample_audit import extend_draw

    with open_store(_audit_args(args)) as store:
        done = extend_draw(store, actor(args), Path(args.population), args.extend_to, args.form)
    _print_draw(done.draw)
    print(printable(f"Extended draw {done.draw_id} to {args.extend_to:,} records: {done.imported.added:,} added to "
                    f"{Path(args.into).name}; every record drawn before is kept."))
    return EXIT_OK


def _check_options(args: argparse.Namespace) -> None:
    if args.extend_to is not None:
        if not args.into:
            raise UsageError("--extend-to extends a sample drawn into an audit: give --into AUDIT")
        given = [name for name, value in (("--size", args.size), ("--seed", args.seed), ("--strata", args.strata),
                                          ("--key-column", args.key_column), ("--rate", args.rate)) if value]
        if given:
            raise UsageError(f"an extension uses the first draw's seed, columns and allocation; leave out {', '.join(given)}")
        return
    if args.size is None:
        raise UsageError("give the sample size (--size N), or --extend-to N to extend a sample already drawn")
    if args.seed is None:
        raise UsageError(f"give a seed (--seed S) so that the draw can be repeated; for example this fresh one: "
                         f"--seed {propose_seed()}")
    if args.into and not args.form:
        raise UsageError("--into needs the checklist the drawn records are audited with (--form ID)")
    if args.rate and args.allocation != "neyman":
        raise UsageError("--rate gives expected rates for the Neyman allocation: add --allocation neyman")


def _audit_args(args: argparse.Namespace) -> argparse.Namespace:
    return argparse.Namespace(audit=args.into)


def _print_draw(result: PopulationDraw) -> None:
    spec = result.draw.spec
    how = (f"stratified by {result.strata_column} ({spec.allocation} allocation)" if result.stratified
           else "a simple random sample")
    print(printable(f"Drew {spec.size:,} of {result.population_rows:,} records from {result.file_name}, {how}, "
                    f"seed {spec.seed}. SHA-256 of the file: {result.sha256}."))
    if not result.stratified:
        return
    names = {h: stratum_label(h, True) for h in result.draw.strata}
    width = min(max(len("stratum"), *(len(n) for n in names.values())), 40)
    print(printable(f"  {'stratum':<{width}}  {'population':>12}  {'sample':>8}"))
    for h, s in result.draw.strata.items():
        print(printable(f"  {names[h][:width]:<{width}}  {s.population:>12,}  {s.sampled:>8,}"))


def cmd_sample_size(args: argparse.Namespace) -> int:
    from workbench.core.sample_size import required_sample_size, sample_size_words

    working = required_sample_size(float(args.expected), float(args.margin), args.population, args.confidence)
    for line in sample_size_words(working):
        print(line)
    if args.population is None:
        print("Give --population N (the records the sample is drawn from) to apply the finite population correction.")
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("sample", cmd_sample, "Draw a simple or stratified random sample from a population extract (CSV or xlsx), "
            "reproducibly from a seed, into a workbook (-o) or straight into an audit (--into).", audit=False)
    p.add_argument("population", metavar="POPULATION", help="the population extract: .csv or .xlsx, one row per record")
    p.add_argument("--size", type=int, metavar="N", help="how many records to draw")
    p.add_argument("--seed", type=int, metavar="S",
                   help=f"the seed (a whole number, e.g. {PROPOSED_SEED_DIGITS} digits): the same seed and population "
                   "give the same sample")
    p.add_argument("--strata", metavar="COL", help="draw separately within each value of this column (an area, a division)")
    p.add_argument("--allocation", choices=ALLOCATIONS, default="proportional",
                   help="how the size is shared among strata (default proportional)")
    p.add_argument("--rate", action="append", type=stratum_rate, metavar="STRATUM=PERCENT",
                   help="Neyman: a stratum's expected rate (repeat for each; others are taken as 50%%)")
    p.add_argument("--key-column", metavar="COL", help="the column holding each record's unique key (default: 'key')")
    p.add_argument("--sheet", metavar="S", help="the sheet of a workbook (default: the first)")
    p.add_argument("--header-row", type=int, default=1, metavar="N",
                   help="the row holding the column headings, when title rows sit above it (default 1)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--output", metavar="SAMPLE.xlsx", help="write the sample and how it was drawn to a workbook")
    where.add_argument("--into", metavar="AUDIT", help="import the sample into this audit as records of --form")
    p.add_argument("--form", metavar="ID", help="with --into: the checklist of the drawn records")
    p.add_argument("--extend-to", type=int, metavar="N",
                   help="with --into: extend the sample drawn from this population to N records, keeping every record drawn")
    p.add_argument("--marking", choices=MARKINGS, default=DEFAULT_MARKING,
                   help="with -o: the protective marking on every page (default OFFICIAL-SENSITIVE)")
    add_who(p)

    p = add("sample-size", cmd_sample_size, "How many records to sample to estimate a rate within a margin "
            "(n0 = z^2 p(1-p)/E^2, with the finite population correction).", audit=False)
    p.add_argument("--expected", type=percent, required=True, metavar="P", help="the rate you expect, in percent (e.g. 90)")
    p.add_argument("--margin", type=percent, required=True, metavar="E", help="the margin of error, in percentage points (e.g. 2)")
    p.add_argument("--population", type=int, metavar="N", help="the records the sample is drawn from (applies the correction)")
    p.add_argument("--confidence", type=confidence, default=0.95, metavar="C", help="0.90, 0.95 or 0.99 (default 0.95)")
