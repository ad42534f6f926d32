"""pytest plugin: collects ``test_*.toml`` rule-case files (see :mod:`diagrules.testing`).

Registered through the ``pytest11`` entry point of the diagrules distribution, so any project
with diagrules installed — a third-party plugin's own test suite included — collects its case
files without a conftest. A ``test_*.toml`` without a ``[cases]`` table is not a case file and
is left alone. A malformed case file is a collection error naming the file and the problem;
a failing case shows the expectation, what the rule did instead, and the case's line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from diagrules.testing import RuleCase


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    from diagrules.testing import is_case_file

    if is_case_file(file_path):
        return RuleCaseFile.from_parent(parent, path=file_path)
    return None


class RuleCaseFile(pytest.File):
    """A case file: one test item per ``[cases.<name>]`` table."""

    def collect(self) -> Iterator[pytest.Item]:
        from diagrules.core.errors import DiagrulesError
        from diagrules.testing import load_cases

        try:
            cases = load_cases(self.path)
        except DiagrulesError as exc:
            raise self.CollectError(str(exc)) from None
        for case in cases:
            yield RuleCaseItem.from_parent(self, name=case.id, case=case)


class RuleCaseItem(pytest.Item):
    """One rule case, run through :func:`diagrules.testing.run_case`."""

    def __init__(self, *, case: RuleCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.add_marker(pytest.mark.diagrules_case)

    def runtest(self) -> None:
        from diagrules.testing import run_case

        run_case(self.case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from diagrules.core.errors import DiagrulesError

        if isinstance(excinfo.value, (AssertionError, DiagrulesError)):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.case.line - 1, 0), self.name


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "diagrules_case: a rule case collected from a test_*.toml case file"
    )
