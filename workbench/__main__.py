"""``python -m workbench`` runs the command line."""

import sys

from workbench.cli import main

if __name__ == "__main__":   # not when a second process (``store.verify``) imports this module as its parent's main
    sys.exit(main())
