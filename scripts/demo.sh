#!/usr/bin/env bash
# Set up (apt-get + Release build) and run parkgis on the bundled Wansheng sample.
# Writes out/wansheng.gpkg and out/wansheng_boundary_points.txt, prints the area table.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh"
cd "$here"
./build/parkgis run layers/wansheng/project.yaml -o out/wansheng.gpkg "$@"
