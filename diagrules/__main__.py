"""``python -m diagrules`` runs the ``diagrules`` command."""

from diagrules.cli.entry import run

if __name__ == "__main__":
    run()
