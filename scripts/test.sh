#!/usr/bin/env bash
# The whole suite — ruff, mypy --strict, the unit tests, the rule cases, the example plugins'
# tests and the README walk-through — in its own environment, .venv-test (DIAGRULES_TEST_VENV
# names another). The example plugins and the test tools are installed only there, so the
# runtime environment the README's first command made (.venv) stays exactly as it was: the
# same `diagrules plugins`, the same demo. Arguments are passed to pytest.
#
# The installs are editable (static path entries, see pyproject.toml's package-dir) and are
# redone only when a pyproject.toml changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${DIAGRULES_TEST_VENV:-.venv-test}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
py="$PWD/$venv/bin/python"
stamp="$venv/.diagrules-installed"
wanted="$(cat pyproject.toml plugins/*/pyproject.toml | sha256sum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  "$py" -m pip install --quiet --upgrade pip
  "$py" -m pip install --quiet -e ".[test,dask]"
  for plugin in plugins/*/; do
    if [ -f "$plugin/pyproject.toml" ]; then
      "$py" -m pip install --quiet -e "$plugin"
    fi
  done
  echo "$wanted" >"$stamp"
fi
export VIRTUAL_ENV="$PWD/$venv" PATH="$PWD/$venv/bin:$PATH"
ruff check diagrules
mypy diagrules
status=0
python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  # pytest's "no tests collected": a green run that tested nothing must not pass for one.
  echo "scripts/test.sh: pytest collected no tests (exit 5); check the arguments: $*" >&2
fi
exit "$status"
