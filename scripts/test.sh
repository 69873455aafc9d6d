#!/usr/bin/env bash
# Set up and run the whole test suite: lint and types once, then pytest on SQLite and on
# PostgreSQL (127.0.0.1:5432; each run creates and drops its own fresh databases).
#   bash scripts/test.sh                              # both backends
#   RISKPANEL_TEST_BACKEND=postgresql bash scripts/test.sh
# Tests that never touch the database run once, in the SQLite pass.
# Each pass runs on RISKPANEL_TEST_WORKERS pytest-xdist workers (default 2; 0 = none), a
# test file per worker at a time (module fixtures such as the demo build run once); each
# pass ends with its 20 slowest tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

if [ "${RISKPANEL_SKIP_LINT:-0}" != 1 ]; then
  .venv/bin/ruff check src tests bench migrations
  .venv/bin/ruff format --check src tests bench migrations
  .venv/bin/mypy
fi

# Python may keep compiled bytecode. With PYTHONDONTWRITEBYTECODE set (CI machines often set
# it), every process the suite starts (xdist workers, each `riskpanel serve` the crash,
# sign-in and browser tests start and restart, CLI runs) compiled riskpanel's 450 modules
# again, about 4 s of CPU each, and pytest re-wrote every test module's asserts per process.
# Compile once here; the tests' own processes then read and write the caches as usual.
unset PYTHONDONTWRITEBYTECODE
.venv/bin/python -m compileall -q src tests bench migrations >/dev/null

backends=${RISKPANEL_TEST_BACKEND:-"sqlite postgresql"}
workers=(-n "${RISKPANEL_TEST_WORKERS:-2}" --dist loadfile --durations=20)
for backend in $backends; do
  echo "== pytest on $backend"
  if [ "$backend" = postgresql ]; then
    pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    RISKPANEL_TEST_BACKEND=postgresql .venv/bin/pytest "${workers[@]}" -m "not nodb" "$@"
  else
    RISKPANEL_TEST_BACKEND=sqlite .venv/bin/pytest "${workers[@]}" "$@"
  fi
done
