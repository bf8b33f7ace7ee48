#!/usr/bin/env bash
# ctest entry for the browser tests: checks the tooling first. Missing node, chromium or
# node_modules/playwright-core is a failure in CI (CI=true) and a skip (exit 77) elsewhere.
# Usage: run.sh <source dir> <receipts binary> <receipts-gen binary> <output dir>
set -uo pipefail
src=$1
missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Debian: nodejs)")
chromium=${RECEIPTS_CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || missing+=("chromium at $chromium (Debian: chromium)")
[[ -d $src/node_modules/playwright-core ]] || missing+=("$src/node_modules/playwright-core (run: npm ci)")
if ((${#missing[@]})); then
  msg="browser tests need: ${missing[*]}; 'make test' installs them"
  if [[ ${CI:-} == true || ${CI:-} == 1 ]]; then
    echo "FAIL: $msg" >&2
    exit 1
  fi
  echo "SKIP: $msg"
  exit 77
fi
export RECEIPTS_BIN=$2 RECEIPTS_GEN=$3 RECEIPTS_BROWSER_OUT=$4 RECEIPTS_CHROMIUM=$chromium
mkdir -p "$4"
exec node --test --test-reporter=spec "$src/tests/browser/dashboard.test.mjs"
