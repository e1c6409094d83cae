#!/bin/sh
# make demo: the main job on a bundled trace.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
for t in traces/*.zst; do
	[ -f "$t" ] || continue
	echo "== vmmsim trace info $t"
	build/vmmsim trace info "$t"
done
