#!/usr/bin/env bash
# Install everything the tests need into .venv (unless a virtualenv is already active) and run
# the whole suite: lint, type check, unit tests, rule cases, example plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${VIRTUAL_ENV:-}" ]; then
  [ -d .venv ] || python3 -m venv .venv
  # shellcheck disable=SC1091
  . .venv/bin/activate
fi
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -e ".[test,dask]"
for plugin in plugins/*/; do
  [ -f "$plugin/pyproject.toml" ] && python -m pip install --quiet -e "$plugin"
done
ruff check diagrules
mypy diagrules
python -m pytest "$@"
