#!/usr/bin/env bash
# The web UI's front-end assets: GOV.UK Frontend (CSS, JS, images) and htmx, installed with
# npm from the pinned package-lock.json and copied into src/riskpanel/web/static/vendor/
# (git-ignored; served at /static/vendor). axe-core stays in node_modules for the browser
# tests. Idempotent and quiet: does nothing when the lock file has not changed.
# Without npm the web UI still works, unstyled (every page is plain HTML forms).
set -euo pipefail
cd "$(dirname "$0")/.."

vendor=src/riskpanel/web/static/vendor
stamp="$vendor/.lock-sha256"
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f node_modules/axe-core/axe.min.js ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "assets: npm not found; the web UI will run without GOV.UK Frontend styles" >&2
  exit 0
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null

govuk=node_modules/govuk-frontend/dist/govuk
rm -rf "$vendor"
mkdir -p "$vendor/govuk/images" "$vendor/htmx"
# The GDS Transport font and the crown are for services on GOV.UK only: riskpanel ships
# neither, so the @font-face rules go and the text falls back to Arial (as GOV.UK allows).
sed -E -e 's/@font-face\{[^}]*\}//g' \
  -e 's#url\(/assets/images/#url(/static/vendor/govuk/images/#g' \
  "$govuk/govuk-frontend.min.css" >"$vendor/govuk/govuk-frontend.min.css"
cp "$govuk/govuk-frontend.min.js" "$vendor/govuk/govuk-frontend.min.js"
cp "$govuk/assets/images/favicon.ico" "$vendor/govuk/images/"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$vendor/htmx/LICENSE"  # GOV.UK Frontend: MIT, in package.json
echo "$want" >"$stamp"
echo "assets: GOV.UK Frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version") and htmx $(node -p "require('./node_modules/htmx.org/package.json').version") in $vendor"
