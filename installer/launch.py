"""The frozen bundle's entry point: what the ``workbench`` console script runs.

PyInstaller needs a script, not an entry point; this one does exactly what
``[project.scripts] workbench = "workbench.cli:main"`` does.
"""

import multiprocessing
import sys

from workbench.cli import main

if __name__ == "__main__":
    # ``verify`` of a large audit shares its work with a second process of this bundle
    # (store.verify): frozen, that process starts here and must run its task, not the CLI.
    multiprocessing.freeze_support()
    sys.exit(main())
