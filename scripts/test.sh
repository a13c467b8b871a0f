#!/usr/bin/env bash
# Set up (apt-get), build, and run every test through ctest.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$here/scripts/setup.sh" "$@"
cd "$here/build"
ctest --output-on-failure -j"$(nproc)"
