"""``python -m diagrules`` runs the ``diagrules`` command."""

from diagrules.cli.main import main

if __name__ == "__main__":
    main()
