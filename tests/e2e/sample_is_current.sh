#!/usr/bin/env bash
# The committed Wansheng sample is exactly what the deterministic generator writes.
set -euo pipefail
src="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$src/scripts/generate_wansheng.py" "$tmp" >/dev/null
cd "$src/layers/wansheng"
fail=0
for f in $(cd "$tmp" && find . -type f | sort); do
  if cmp -s "$f" "$tmp/$f"; then echo "same: $f"; else echo "DIFFERS: $f (run scripts/generate_wansheng.py)"; fail=1; fi
done
exit $fail
