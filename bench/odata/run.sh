#!/usr/bin/env bash
# One command for the OData benchmark: builds the server, the reference peer and the bench in Release, installs the
# CAP peer (once, unless --skip-cap), then measures. Extra arguments go to the bench (e.g. --rows 200000, --rounds 5,
# --rebuild, --skip-cap).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
dotnet build -c Release src/HarvestOData.Server -v quiet -nologo
dotnet build -c Release bench/odata/reference -v quiet -nologo
dotnet build -c Release bench/odata -v quiet -nologo
if [[ " $* " != *" --skip-cap "* ]] && [ ! -d bench/odata/cap/node_modules/@sap/cds ]; then
  (cd bench/odata/cap && npm ci --no-audit --no-fund)
fi
exec dotnet bench/odata/bin/Release/net10.0/HarvestOData.Bench.OData.dll "$@"
