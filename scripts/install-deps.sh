#!/usr/bin/env bash
# Installs the Debian packages receipts builds and tests with, only those that are missing.
# Usage: scripts/install-deps.sh [--bench|--test]
#   --bench adds what bench/ needs; --test adds the browser tests' chromium and node, then
#   installs playwright-core from package-lock.json (npm ci; the build itself never runs npm).
set -euo pipefail
pkgs=(build-essential cmake pkg-config tzdata
      libsimdjson-dev libsqlite3-dev sqlite3 libcli11-dev libfmt-dev libhowardhinnant-date-dev
      libtomlplusplus-dev nlohmann-json3-dev robin-map-dev libcpp-httplib-dev libssl-dev libgtest-dev libgmock-dev libbenchmark-dev)
# node and npm may come from elsewhere than Debian (the machine image ships a newer Node.js, whose
# npm conflicts with Debian's npm package): install them from Debian only when missing.
node_pkgs=()
command -v node >/dev/null 2>&1 || node_pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || node_pkgs+=(npm)
if [[ "${1:-}" == "--bench" ]]; then pkgs+=(hyperfine time wrk "${node_pkgs[@]}"); fi
if [[ "${1:-}" == "--test" ]]; then pkgs+=(chromium "${node_pkgs[@]}"); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [[ "${1:-}" == "--test" ]]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  if [[ ! -d "$root/node_modules/playwright-core" ]]; then
    echo "installing playwright-core (browser tests) with npm"
    if [[ -f "$root/package-lock.json" ]]; then (cd "$root" && npm ci --no-audit --no-fund); else (cd "$root" && npm install --no-audit --no-fund); fi
  fi
fi
