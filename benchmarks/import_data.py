"""Realistic synthetic extracts for the import benchmarks (deterministic, seeded).

100,000 rows x 30 columns by default, shaped like a force's incident extract:
keys, checklist names, dates and date-times, codes, areas, collar numbers, and
four narrative columns of 200-1,000 characters each. Every name is invented.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

FORMS = ("incident", "incident", "incident", "referral", "cancelled_crime", "caution", "pnd")
AREAS = ("Fenlow Cross", "Hatherby", "Marsh End", "Kingsmoor", "Oakridge", "Westbrook", "Tollgate")
OFFENCES = ("Theft", "Burglary", "Criminal damage", "Assault", "Harassment", "Public order", "Fraud", "Robbery")
CLOSURES = ("Filed", "Crime recorded", "No crime", "Transferred", "Advice given")
WORDS = (
    "caller reports that an unknown male entered the premises through the rear door and left with property "
    "officers attended within the hour and spoke to the informant who was upset but uninjured the suspect "
    "was described as wearing a dark jacket and grey trousers neighbours heard shouting before the car drove "
    "off towards the ring road the victim states she has been followed several times this month and wants "
    "advice about a protective order no injuries reported damage to the front window estimated at two hundred "
    "pounds CCTV requested from the shop opposite statement taken and crime number issued at the scene"
).split()
HEADER = [
    "Incident ref", "Checklist", "Reported", "Recorded", "Closed", "Area", "Beat", "Offence", "HO code",
    "Outcome code", "Officer collar", "Supervisor", "Priority", "Grade", "Call source", "Victim age band",
    "Location type", "Postcode district", "Repeat caller", "Domestic flag", "Crime ref", "Closure",
    "Linked incidents", "Result", "Review date", "Checked by", "Opening log", "Officer narrative",
    "Supervisor review", "Closing summary",
]


def narrative(rng: random.Random, low: int, high: int) -> str:
    """A sentence-like text of ``low``-``high`` characters."""
    target = rng.randint(low, high)
    words: list[str] = []
    size = 0
    while size < target:
        word = rng.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)[:target]
    return text[0].upper() + text[1:] + "."


def rows(count: int, seed: int = 20241001):
    """The header, then ``count`` rows of synthetic extract (as Python values)."""
    rng = random.Random(seed)
    start = dt.datetime(2024, 1, 1)
    yield HEADER
    for i in range(count):
        reported = start + dt.timedelta(minutes=rng.randint(0, 525_600))
        recorded = reported + dt.timedelta(minutes=rng.randint(5, 4_000))
        yield [
            f"INC-{i + 1:07d}", rng.choice(FORMS), reported, recorded, (recorded + dt.timedelta(days=rng.randint(0, 60))).date(),
            rng.choice(AREAS), f"B{rng.randint(1, 40):02d}", rng.choice(OFFENCES), f"{rng.randint(1, 199):03d}/{rng.randint(1, 99):02d}",
            f"OC{rng.randint(1, 22)}", f"{rng.randint(1000, 9999)}", f"PS {rng.randint(100, 999)}", rng.randint(1, 4),
            rng.choice(("G1", "G2", "G3")), rng.choice(("999", "101", "Online", "Front counter")),
            rng.choice(("0-17", "18-24", "25-34", "35-49", "50-64", "65+")), rng.choice(("Dwelling", "Street", "Shop", "Licensed premises")),
            f"FX{rng.randint(1, 30)}", rng.choice(("Y", "N")), rng.choice(("Y", "N")), f"24/{rng.randint(1, 999_999):06d}/24",
            rng.choice(CLOSURES), rng.randint(0, 5), rng.choice(("Compliant", "Review", "")), (reported + dt.timedelta(days=30)).date(),
            f"Analyst {rng.randint(1, 12)}", narrative(rng, 200, 1000), narrative(rng, 200, 1000), narrative(rng, 200, 600),
            narrative(rng, 200, 800),
        ]


def text_of(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(path: Path, count: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        for row in rows(count):
            out.writerow([text_of(v) for v in row])
    return path


def write_xlsx(path: Path, count: int) -> Path:
    """An xlsx as Excel writes one: shared strings, date formats on the date columns."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("Extract")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows(count)):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            else:
                sheet.write(r, c, value)
    book.close()
    return path


def cached(folder: Path, count: int) -> tuple[Path, Path]:
    """The CSV and xlsx of ``count`` rows in ``folder``, written once and reused."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / f"extract-{count}.csv", folder / f"extract-{count}.xlsx"
    if not csv_path.exists():
        write_csv(csv_path.with_suffix(".part"), count).rename(csv_path)
    if not xlsx_path.exists():
        write_xlsx(xlsx_path.with_suffix(".partx"), count).rename(xlsx_path)
    return csv_path, xlsx_path
