#!/usr/bin/env bash
# Prepares a checkout for the notebooks: the local tools (.config/dotnet-tools.json), the .NET
# kernel for Jupyter, and the kit's build output that the notebooks reference
# (artifacts/notebooks/). Run from anywhere; needs the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet tool restore
if command -v jupyter > /dev/null; then
    dotnet dotnet-interactive jupyter install
fi
dotnet build lib/MetaHarmony.Notebooks.Runner -c Release
if ! command -v chromium > /dev/null && ! command -v google-chrome > /dev/null; then
    echo "No Chromium found: figures will be saved as HTML only (apt-get install chromium)."
fi
