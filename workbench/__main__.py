"""``python -m workbench`` runs the command line."""

import sys

if __name__ == "__main__":   # not when a second process (``store.verify``) imports this module as its parent's main:
    from workbench.cli import main   # that one imports only what its task needs

    sys.exit(main())
