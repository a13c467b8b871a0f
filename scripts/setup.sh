#!/usr/bin/env bash
# Install parkgis's Debian dependencies (idempotent, non-interactive) and build in Release.
# Usage: scripts/setup.sh [--no-install] [--build-dir DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$here/build"
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=0 ;;
    --build-dir) build_dir="$2"; shift ;;
    *) echo "setup.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

# Build and run-time libraries (see README, "Dependencies").
build_pkgs=(build-essential cmake pkg-config libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev libsqlite3-dev sqlite3 libssl-dev
  libgtest-dev libgeographiclib-dev libboost-dev libmapnik-dev libxlsxwriter-dev libjemalloc-dev fonts-noto-cjk)
# Test-only: GDAL's Python bindings (validate_gpkg, sample generator), headless QGIS, and PostgreSQL +
# PostGIS for the independent cross-check of the overlay (a private cluster the test starts and stops), and
# Chromium renders the report to PNG and prints it to PDF (poppler's pdftotext and pdfinfo read the PDF back);
# openpyxl and PIL read the workbook and the pages back.
# (Noto CJK is a run-time need: the report's maps label in Chinese with "Noto Sans CJK SC".)
# clang with its sanitizer and libFuzzer runtimes builds the ASan + UBSan test run and the fuzz targets.
test_pkgs=(python3-gdal qgis python3-qgis postgresql postgresql-postgis chromium python3-openpyxl python3-pil
  poppler-utils clang libclang-rt-14-dev)

missing=()
if [ "$install" = 1 ]; then
  for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

cmake -S "$here" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
