"""Regenerate the rule reference in docs/rules/ from the rule metadata of the built-in rule sets.

Usage: python scripts/gen_rule_docs.py [OUTPUT_DIR]   (default: docs/rules next to this script)

Only the rule sets shipped with diagrules are documented, whatever other plugins are installed;
``diagrules rules --format markdown --output-dir DIR`` documents everything installed instead.
tests/test_report_rule_docs.py fails when the committed pages differ from what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from diagrules.catalogue.catalogue import builtin_registry, write_rule_docs

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "docs" / "rules"


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else DEFAULT_DIR
    written = write_rule_docs(builtin_registry(), out_dir)
    print(f"wrote {len(written)} files to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
