#!/usr/bin/env bash
# Prepare a fresh Debian/Ubuntu machine for riskpanel: system libraries (Pango for
# WeasyPrint), a virtualenv in .venv with riskpanel installed, and the web UI's assets.
#   bash scripts/setup.sh          # to run riskpanel
#   bash scripts/setup.sh --dev    # also what the tests need (Chromium, wrk, dev tools)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$dev" = 1 ]; then
  packages+=(poppler-utils chromium wrk postgresql-client)
  command -v npm >/dev/null || packages+=(nodejs npm)  # keep a Node.js that is already there
fi
python3 -m venv --help >/dev/null 2>&1 || packages+=(python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
extras="postgres"
[ "$dev" = 1 ] && extras="dev"
.venv/bin/python -m pip install -q -e ".[$extras]" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import riskpanel, weasyprint" >/dev/null

if [ -f scripts/assets.sh ]; then
  bash scripts/assets.sh
fi
echo "setup: done (.venv/bin/riskpanel --help)"
