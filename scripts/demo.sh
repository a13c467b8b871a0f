#!/usr/bin/env bash
# Set up (apt-get + Release build) and run parkgis on the bundled Wansheng sample.
# Writes out/wansheng.gpkg, out/wansheng_boundary_points.txt and out/report/ (index.html, wansheng.xlsx,
# csv/), prints the area, indicator, jobs-housing and compliance tables.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here"
./build/parkgis run layers/wansheng/project.yaml -o out/wansheng.gpkg "$@"
