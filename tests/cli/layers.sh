# Layers without cycles, at the level of headers too: every #include "X/..."
# in sim/L/ names L itself or a layer the Makefile's DEPS_L lets L use
# (the link of each layer alone, 'make layers', catches calls; this catches
# a header-only use such as an enum or a macro from a layer above).
. "$TOP/tests/cli/lib.sh"
grep -E '^DEPS_[a-z]+ *=' "$TOP/Makefile" | sed 's/^DEPS_//; s/=//' > deps.txt
[ "$(wc -l < deps.txt)" -ge 8 ] || fail "too few DEPS_ lines in the Makefile: $(cat deps.txt)"
n=0
for f in "$TOP"/sim/*/*.c "$TOP"/sim/*/*.h "$TOP"/sim/*/*.def; do
	[ -f "$f" ] || continue
	l=$(basename "$(dirname "$f")")
	allowed=" $l $(awk -v l="$l" '$1 == l { $1 = ""; print }' deps.txt) "
	grep -q "^$l " deps.txt || fail "sim/$l is not a layer of the Makefile (LAYERS, DEPS_$l)"
	for x in $(sed -n 's/^#include "\([a-z_]*\)\/.*/\1/p' "$f" | sort -u); do
		case $allowed in *" $x "*) ;; *) fail "${f#$TOP/} includes $x/, which layer $l may not use (DEPS_$l:$allowed)" ;; esac
		n=$((n + 1))
	done
done
[ $n -gt 50 ] || fail "only $n includes checked"
echo "ok: $n includes across layers"
