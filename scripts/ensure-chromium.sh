#!/bin/sh
# Makes sure Debian's Chromium is installed for the UI's browser tests (playwright-core drives it;
# no browser is ever downloaded by Playwright). Idempotent: does nothing when chromium is on PATH.
set -e
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: chromium is missing; run as root: apt-get install -y chromium" >&2
  exit 1
fi
apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }
