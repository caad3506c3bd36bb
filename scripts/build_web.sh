#!/usr/bin/env bash
# Rebuild the web app's vendored libraries from the npm registry (docs/web.md):
# web/package.json pins Leaflet, topojson-client and world-atlas; their dist files and
# licences are copied into src/dateline/web/static/vendor/, which is committed, so
# installing dateline needs no npm. Run after changing web/package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v npm >/dev/null || { echo "build_web.sh: npm is needed (apt-get install npm)" >&2; exit 1; }
(cd web && npm ci --no-audit --no-fund --silent)
modules=web/node_modules
vendor=src/dateline/web/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/leaflet/images" "$vendor/topojson-client" "$vendor/world-atlas"
cp "$modules/leaflet/dist/leaflet.js" "$modules/leaflet/dist/leaflet.css" "$modules/leaflet/LICENSE" \
  "$vendor/leaflet/"
cp "$modules"/leaflet/dist/images/*.png "$vendor/leaflet/images/"
cp "$modules/topojson-client/dist/topojson-client.min.js" "$modules/topojson-client/LICENSE" \
  "$vendor/topojson-client/"
# Natural Earth 1:110m country outlines (public domain) as TopoJSON, by world-atlas (ISC).
cp "$modules/world-atlas/countries-110m.json" "$modules/world-atlas/LICENSE" "$vendor/world-atlas/"
for name in leaflet topojson-client world-atlas; do
  node -e "const p=require('./$modules/$name/package.json'); console.log(p.name+' '+p.version+' '+p.license)"
done > "$vendor/VERSIONS.txt"
echo "build_web.sh: vendored $(tr '\n' ';' < "$vendor/VERSIONS.txt") into $vendor"
