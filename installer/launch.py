"""The frozen bundle's entry point: what the ``workbench`` console script runs.

PyInstaller needs a script, not an entry point; this one does exactly what
``[project.scripts] workbench = "workbench.cli:main"`` does.
"""

import sys

from workbench.cli import main

if __name__ == "__main__":
    sys.exit(main())
