#!/usr/bin/env bash
# Regenerates web/vendor/echarts.min.js: a tree-shaken build of Apache ECharts with only what
# web/js draws (bar and line series; grid, tooltip + axis pointer, legend incl. scroll; category,
# value and time axes; the canvas renderer), as a minified IIFE that sets window.echarts.
#
# Run by hand when web/js starts using another chart type or component, or to move to another
# ECharts version; commit the output and update README.md beside it (versions, sha256). The
# build and the tests never run this (DESIGN.md §2: npm once, the output committed).
#
# It installs the pinned packages with npm into a temp dir (deleted afterwards); echarts pins
# its own dependencies exactly (zrender, tslib), so the same versions give the same bytes.
#
#   web/vendor/build-echarts.sh           # writes web/vendor/echarts.min.js (+ zrender.LICENSE.txt)
set -euo pipefail

ECHARTS_VERSION=6.1.0
ESBUILD_VERSION=0.28.2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cat > "$TMP/package.json" <<JSON
{ "name": "receipts-echarts-build", "private": true,
  "dependencies": { "echarts": "$ECHARTS_VERSION", "esbuild": "$ESBUILD_VERSION" } }
JSON
(cd "$TMP" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

# What web/js uses. Add the matching import here when a page starts using another series type
# or component (echarts/charts, echarts/components, echarts/features).
cat > "$TMP/entry.js" <<'JS'
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);
window.echarts = echarts;
JS

ZRENDER_VERSION=$(node -p "require('$TMP/node_modules/zrender/package.json').version")
TSLIB_VERSION=$(node -p "require('$TMP/node_modules/tslib/package.json').version")
BANNER="/*! Apache ECharts $ECHARTS_VERSION (Apache-2.0, echarts.LICENSE.txt) with zrender $ZRENDER_VERSION (BSD-3-Clause, zrender.LICENSE.txt) and tslib $TSLIB_VERSION (0BSD): a custom build for receipts (web/vendor/build-echarts.sh): bar, line, grid, tooltip, legend, canvas */"

"$TMP/node_modules/.bin/esbuild" "$TMP/entry.js" --bundle --minify --format=iife --target=es2020 \
  --define:process.env.NODE_ENV='"production"' --legal-comments=none --banner:js="$BANNER" \
  --log-level=warning --outfile="$HERE/echarts.min.js"
cp "$TMP/node_modules/echarts/LICENSE" "$HERE/echarts.LICENSE.txt"
cp "$TMP/node_modules/zrender/LICENSE" "$HERE/zrender.LICENSE.txt"

echo "echarts $ECHARTS_VERSION, zrender $ZRENDER_VERSION, tslib $TSLIB_VERSION, esbuild $ESBUILD_VERSION"
echo "$(wc -c < "$HERE/echarts.min.js") bytes, sha256 $(sha256sum "$HERE/echarts.min.js" | cut -d' ' -f1)"
