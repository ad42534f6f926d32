"""``python -m diagrules`` runs the ``diagrules`` command."""

from diagrules.cli import main

if __name__ == "__main__":
    main()
