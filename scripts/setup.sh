#!/usr/bin/env bash
# Idempotent install of everything Argosy and its tests need on a fresh Debian/Ubuntu machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# System tools used by tests and benchmarks (util-linux unshare for step isolation, GNU make as the bench baseline).
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v make >/dev/null 2>&1 || need+=(make)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
