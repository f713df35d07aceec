#!/usr/bin/env bash
# Idempotent install of everything Argosy and its tests need on a fresh Debian/Ubuntu machine.
set -euo pipefail
cd "$(dirname "$0")/.."
# System tools used by tests and benchmarks (util-linux unshare for step isolation, GNU make as the bench baseline).
need=()
command -v unshare >/dev/null 2>&1 || need+=(util-linux)
command -v make >/dev/null 2>&1 || need+=(make)
# A C compiler builds the host runtime's step spawner (npm run build:native); without one steps start slower.
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
# PostgreSQL and MariaDB for the store tests: started when installed but not answering (never fails).
bash scripts/ensure-databases.sh
# Debian's Chromium for the web UI's browser tests (never a browser download).
bash scripts/ensure-chromium.sh
# Podman, its API socket and the local images the container runtime tests use (docs/runtimes.md).
bash scripts/container-setup.sh
