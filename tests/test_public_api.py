"""The public API is exactly diagrules.__all__, importable, documented, and lazily loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import diagrules

ROOT = Path(__file__).resolve().parent.parent


def test_every_exported_name_resolves():
    for name in diagrules.__all__:
        assert getattr(diagrules, name) is not None, name


def test_api_docs_are_up_to_date():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import gen_api_docs
    finally:
        sys.path.pop(0)
    current = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert current == gen_api_docs.render(), "docs/api.md is stale: run `python scripts/gen_api_docs.py`"


def test_import_is_lazy():
    code = "import sys, diagrules; print('pydantic' in sys.modules, 'cattrs' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
