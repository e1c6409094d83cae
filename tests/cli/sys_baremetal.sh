#!/bin/sh
# The CPU in system mode against qemu-system-mipsel, through `vmmsim boot`:
# every bare-metal kernel of guests/sys/ (one .c each besides rt.c, linked
# with start.S and rt.c by sys.ld) runs under
#   qemu-system-mipsel -M malta -cpu 24Kf -m 64 -nographic -no-reboot
#                      -kernel K -d int -D LOG
# and under `vmmsim boot --mem 64 --json`.  The console must be identical,
# both runs must end by SOFTRES (vmmsim: exit 0, "end": "softres"), and the
# exceptions by ExcCode and the TLB refills must equal those of QEMU's log
# (one "mips_cpu_do_interrupt: PC <vector> EPC .. cause N" line per
# exception, a refill when the vector's offset is 0x000; QEMU does not log
# interrupts, which the kernels check through their console).  The same
# kernels also run with 48 and 64 TLB entries (their output does not depend
# on the size beyond the lines that show it).
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v qemu-system-mipsel >/dev/null || skip "qemu-system-mipsel missing"
command -v jq >/dev/null || skip "jq missing"

S=$TOP/guests/sys
n=0
for src in "$S"/*.c; do
	t=$(basename "$src" .c)
	[ "$t" = rt ] && continue
	n=$((n + 1))
	(cd "$S" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 -no-pie -O2 \
		-march=mips32r2 -Wall -Werror -Wl,--build-id=none -T sys.ld -o "$OLDPWD/$t" start.S rt.c "$t.c" -lgcc) ||
		fail "$t: build"
	timeout 120 qemu-system-mipsel -M malta -cpu 24Kf -m 64 -nographic -no-reboot \
		-kernel "$t" -d int -D "$t.qlog" </dev/null >"$t.qout" 2>"$t.qerr" || fail "$t: qemu: $(cat "$t.qerr")"
	"$VMMSIM" boot --mem 64 --max-insns 100000000 --json "$t.json" "$t" >"$t.out" 2>"$t.err"
	rc=$?
	[ $rc = 0 ] || fail "$t: vmmsim boot exit $rc: $(cat "$t.err")"
	cmp -s "$t.qout" "$t.out" || { diff "$t.qout" "$t.out" | head -20; fail "$t: console differs from qemu"; }
	assert_eq "$t: end" softres "$(jq -r .end "$t.json")"
	# exceptions by cause: "name count" lines, only non-zero, sorted
	awk '/^mips_cpu_do_interrupt: PC / { c[$7]++; if (($7 == 2 || $7 == 3) && $3 ~ /000$/) r++ }
	     END { for (k in c) print k, c[k]; print "refills", r + 0 }' "$t.qlog" |
		awk 'BEGIN { split("Int Mod TLBL TLBS AdEL AdES IBE DBE Sys Bp RI CpU Ov Tr", n, " ") }
		     $1 == "refills" { print; next } { print n[$1 + 1], $2 }' | sort > "$t.qcounts"
	jq -r '.modes.none as $m | ($m.exceptions | to_entries[] | select(.value > 0 and .key != "Int")
	       | "\(.key) \(.value)"), "refills \($m.tlb_refills)"' "$t.json" | sort > "$t.counts"
	grep -q '^refills' "$t.counts" || fail "$t: no counts in the JSON"
	cmp -s "$t.qcounts" "$t.counts" || { paste "$t.qcounts" "$t.counts"; fail "$t: exception counts differ from qemu"; }
	for e in 48 64; do
		"$VMMSIM" boot -q --mem 64 --tlb-entries $e --max-insns 100000000 "$t" > "$t.$e.out" ||
			fail "$t: --tlb-entries $e: exit $?"
		grep -Ev '^(entries|tlb_entries|config1|wired_w1)=' "$t.out" > a.txt
		grep -Ev '^(entries|tlb_entries|config1|wired_w1)=' "$t.$e.out" > b.txt
		cmp -s a.txt b.txt || fail "$t: --tlb-entries $e: console differs"
	done
	echo "$t: console $(wc -c < "$t.out") bytes, $(tr '\n' ' ' < "$t.counts")"
done
[ $n -ge 6 ] || fail "only $n kernels in guests/sys"
