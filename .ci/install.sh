#!/usr/bin/env bash
# Everything the project needs beyond the .NET SDK, installed from Debian and npm (idempotent: apt-get runs only
# when something is missing).
set -euo pipefail
need=()
command -v python3 >/dev/null || need+=(python3)
command -v sqlite3 >/dev/null || need+=(sqlite3)
# The status page tests render the page in a real headless Chromium driven by Selenium
# (tests/HarvestOData.Server.Status.Tests expects /usr/bin/chromium and /usr/bin/chromedriver).
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
# The $metadata test validates the CSDL against OASIS's edmx.xsd with xmllint.
command -v xmllint >/dev/null || need+=(libxml2-utils)
# The PostgreSQL tests start a private cluster (tests/Shared/PostgresCluster.cs) from Debian's server binaries.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi
# The connector checks run on Node 20 (npm ci of the pinned @microsoft/powerquery-* packages, in connector/check/run.sh).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
