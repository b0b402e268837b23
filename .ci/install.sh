#!/usr/bin/env bash
# Everything the project needs beyond the .NET SDK, installed from Debian and npm (idempotent).
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
command -v sqlite3 >/dev/null || need+=(sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
