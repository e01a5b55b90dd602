"""``workbench profiles``: the mapping profiles an audit holds."""

from __future__ import annotations

import argparse
import json

from workbench.cli.common import EXIT_OK, AddCommand, open_store, printable


def cmd_profiles(args: argparse.Namespace) -> int:
    from workbench.ops.profiles import list_profiles, mapping_words, profile_as_dict

    with open_store(args) as store:
        profiles = list_profiles(store)
    if args.json:
        print(json.dumps([profile_as_dict(p) for p in profiles], ensure_ascii=False, indent=2))
        return EXIT_OK
    if not profiles:
        print("No mapping profiles yet: save one with 'workbench import AUDIT FILE --save-profile NAME'.")
        return EXIT_OK
    for profile in profiles:
        print(printable(f"{profile.name}  (saved by {profile.saved_by}, {profile.saved_at[:16].replace('T', ' ')}; "
                        f"{len(profile.headings)} headings)"))
        print(printable("  " + "; ".join(mapping_words(profile.mapping))))
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("profiles", cmd_profiles, "List the audit's mapping profiles: the columns each uses, and who saved it. "
            "A file whose headings are a profile's (in any order) is imported with it.")
    p.add_argument("--json", action="store_true", help="print them as JSON, with the headings each was saved from")
