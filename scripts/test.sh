#!/usr/bin/env bash
# Set up (apt-get), build, and run every test through ctest; then build the suite again with clang's
# AddressSanitizer + UndefinedBehaviorSanitizer (build-sanitize/, also holding the fuzz targets) and run the
# tests that exercise parkgis's own code under it: the unit tests, the CLI cases (sample, hostile inputs,
# kill during write, determinism) and every fuzz seed. Any sanitizer report fails the run.
# Usage: scripts/test.sh [--no-install] [--no-sanitize]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sanitize=1
setup_args=()
for a in "$@"; do
  case "$a" in
    --no-sanitize) sanitize=0 ;;
    *) setup_args+=("$a") ;;
  esac
done
"$here/scripts/setup.sh" "${setup_args[@]+"${setup_args[@]}"}"
cd "$here/build"
ctest --output-on-failure -j"$(nproc)"

[ "$sanitize" = 1 ] || exit 0
echo "test.sh: the ASan + UBSan build (build-sanitize/)"
cmake -S "$here" -B "$here/build-sanitize" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
      -DPARKGIS_SANITIZE=ON -DPARKGIS_FUZZ=ON >/dev/null
cmake --build "$here/build-sanitize" -j"$(nproc)"
cd "$here/build-sanitize"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export LSAN_OPTIONS="suppressions=$here/tests/sanitize/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# QGIS, Chromium and PostgreSQL load parkgis's outputs, not its code: they stay in the plain run above.
ctest --output-on-failure -j"$(nproc)" -E "qgis_output_loads|hostile_text_sinks|report_renders|postgis_crosscheck|sample_is_current"
