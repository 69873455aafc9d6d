#!/usr/bin/env bash
# Set up riskpanel on SQLite, load the synthetic demo partnership, and serve it on
# http://127.0.0.1:8000 (sign-ins are printed). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export RISKPANEL_DATABASE_URL=${RISKPANEL_DATABASE_URL:-sqlite:///./riskpanel-demo.db}
.venv/bin/riskpanel db upgrade
export RISKPANEL_BASE_URL=${RISKPANEL_BASE_URL:-http://127.0.0.1:${PORT:-8000}}
.venv/bin/riskpanel demo   # idempotent: a second run changes nothing
exec .venv/bin/riskpanel serve --host 127.0.0.1 --port "${PORT:-8000}"
