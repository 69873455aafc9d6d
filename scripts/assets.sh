#!/usr/bin/env bash
# The web UI's front-end assets: GOV.UK Frontend (CSS, JS, images), htmx, and the API
# documentation viewers (Swagger UI for /docs, ReDoc for /redoc), installed with
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
mkdir -p "$vendor/govuk/images" "$vendor/htmx" "$vendor/swagger-ui" "$vendor/redoc"
# The GDS Transport font and the crown are for services on GOV.UK only: riskpanel ships
# neither, so the @font-face rules go and the text falls back to Arial (as GOV.UK allows).
sed -E -e 's/@font-face\{[^}]*\}//g' \
  -e 's#url\(/assets/images/#url(/static/vendor/govuk/images/#g' \
  "$govuk/govuk-frontend.min.css" >"$vendor/govuk/govuk-frontend.min.css"
cp "$govuk/govuk-frontend.min.js" "$vendor/govuk/govuk-frontend.min.js"
cp "$govuk/assets/images/favicon.ico" "$vendor/govuk/images/"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$vendor/htmx/LICENSE"  # GOV.UK Frontend: MIT, in package.json
# /docs and /redoc load these from riskpanel itself, so they work without internet.
swagger=node_modules/swagger-ui-dist
cp "$swagger/swagger-ui-bundle.js" "$swagger/swagger-ui.css" "$swagger/LICENSE" "$swagger/NOTICE" \
  "$vendor/swagger-ui/"
# ReDoc's sidebar shows Redocly's logo from their CDN (hidden when it fails to load): it
# gets an address that loads nothing, so the page asks nothing of any other host.
sed -e 's#"https://cdn.redoc.ly/redoc/logo-mini.svg"#"data:,"#g' \
  node_modules/redoc/bundles/redoc.standalone.js >"$vendor/redoc/redoc.standalone.js"
cp node_modules/redoc/LICENSE "$vendor/redoc/"
echo "$want" >"$stamp"
version() { node -p "require('./node_modules/$1/package.json').version"; }
echo "assets: GOV.UK Frontend $(version govuk-frontend), htmx $(version htmx.org)," \
  "Swagger UI $(version swagger-ui-dist) and ReDoc $(version redoc) in $vendor"
