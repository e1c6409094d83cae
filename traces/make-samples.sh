#!/bin/sh
# traces/make-samples.sh - regenerates the bundled sample traces
# (traces/README.md): valgrind lackey traces of three real Debian programs on
# small fixed inputs, converted by 'vmmsim trace convert --from lackey'.
#   sh traces/make-samples.sh            (needs valgrind and build/vmmsim)
# The traces depend on this machine's binaries and libraries (Debian's
# coreutils, gzip and glibc), so a rerun elsewhere gives similar, not
# identical, traces.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
VMMSIM=${VMMSIM:-$top/build/vmmsim}
out=$top/traces
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmmsim-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"
lic=/usr/share/common-licenses
# inputs: the first 2000 words of the GPL-3 text, one per line; the GPL-3 text
tr -s ' \t' '\n\n' < "$lic/GPL-3" | head -n 2000 > words
cp "$lic/GPL-3" GPL-3
# record NAME COMMAND...: lackey trace of COMMAND (run in $tmp) -> traces/NAME.zst
record() {
	name=$1
	shift
	echo "recording $*" >&2
	valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$@" 3>&1 >/dev/null 2>/dev/null |
		"$VMMSIM" trace convert --from lackey -o "$out/$name.zst" -
}
record sort sort words
record gzip gzip -9 -c GPL-3
record ls ls -l "$lic"
for t in sort gzip ls; do
	"$VMMSIM" trace info --json "$out/$t.zst" |
		jq -r '"\(.file): \(.records) records, \(.pages) pages, \(.bytes) bytes"' >&2
done
