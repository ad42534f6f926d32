"""The ``diagrules`` console script: ``--version`` answered before the command line is built.

Building the click command group imports click and the interface strings, several times the
cost of starting the interpreter; printing the version needs neither. Every other invocation
goes to :func:`diagrules.cli.main.main` unchanged.
"""

from __future__ import annotations

import sys


def run() -> None:
    """Entry point of the ``diagrules`` script (``[project.scripts]``)."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from diagrules._version import __version__

        sys.stdout.write(f"diagrules {__version__}\n")
        return
    from diagrules.cli.main import main

    main()
