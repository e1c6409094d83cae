#!/bin/sh
# Disco's four workloads (guests/workloads/: pmake, database, engineering,
# raytrace) inside Debian's Linux under vmmsim boot --mode all, through
# tests/workloads/run.sh at its smallest scale.  Asserts:
#   - every mode ran to its end and sampled the eight marks, in order;
#   - each workload's console output (between its marks) is identical in
#     native, virt and swtlb, and is what the program prints;
#   - every workload's span in the CSV: base + hops = its cycles, virt
#     cycles >= native, swtlb's within virt's;
#   - each workload has the character it stands for: database the most
#     system calls per instruction, engineering the most TLB refills per
#     instruction, raytrace the largest share of user (base) cycles, pmake
#     the most page faults per instruction;
#   - `vmmsim plot breakdown` accepts the CSV (if gnuplot is installed).
# (The monitor's own identities are tests/cli/boot_vmm_linux.sh's.)
. "$TOP/tests/cli/lib.sh"
[ -z "${SANITIZED:-}" ] || skip "too slow under the sanitizers (billions of instructions)"
. "$TOP/tests/guests/linux-env.sh"
[ -z "$LINUX_MISSING" ] || skip "$LINUX_MISSING"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"

rc=0
VMMSIM=$VMMSIM TOP=$TOP sh "$TOP/tests/workloads/run.sh" --scale 1 --out . > table.txt 2> err.txt || rc=$?
[ $rc = 0 ] || { cat table.txt err.txt; fail "run.sh exited $rc"; }
cat table.txt

for m in native virt swtlb; do
	assert_eq "$m: end" '"poweroff"' "$(jq --arg m $m .modes[\$m].end workloads.json)"
	assert_eq "$m: marks" '["begin pmake","end pmake","begin database","end database","begin engineering","end engineering","begin raytrace","end raytrace"]' \
		"$(jq -c --arg m $m '[.modes[$m].marks[].name]' workloads.json)"
done
# the output of each workload, from the consoles
for w in pmake database engineering raytrace; do
	for m in native virt swtlb; do
		sed -n "/^vmmsim-mark begin $w/,/^vmmsim-mark end $w/p" console-$m.txt | tr -d '\r' > $w.$m
	done
	[ "$(wc -l < $w.native)" -ge 3 ] || fail "$w: no output"
	diff -u $w.native $w.virt || fail "$w: output differs under virt"
	diff -u $w.native $w.swtlb || fail "$w: output differs under swtlb"
done
# what the programs print, against qemu-mipsel running the same binaries
# (the arguments init gives them at scale 1); pmake's image hash is the one
# the script gives on the host (its own sh, sed, tr, md5sum)
grep -q '^pmake: 8 objects, 104 lines, image 8c817b848f5a$' pmake.native || fail "pmake: $(cat pmake.native)"
if command -v qemu-mipsel >/dev/null; then
	for w in "database 4" "engineering 2" "raytrace 16"; do
		set -- $w
		qemu-mipsel "$TOP/build/workloads/bin/$1" $2 > $1.qemu
		sed '1d;$d' $1.native | diff -u $1.qemu - || fail "$1: the output differs from qemu-mipsel's"
	done
fi

# the spans in the CSV
awk -F, 'NR > 1 && $1 != "vmlinuz" {
	k = $1 "," $3; sum[k] += $6; tot[k] = $9; cyc[$1, $3] = $9; n[$1]++
	if ($4 == "syscall") sys[$1] = $5 / $8
	if ($4 == "page_fault") pf[$1] = $5 / $8
	if ($4 == "base" && $3 == "native") base[$1] = $6 / $9
	if ($3 == "native") { ins[$1] = $8; miss[$1] = $10 / $8 }
}
END {
	bad = 0
	for (k in sum) if (sum[k] != tot[k]) { print "base + hops != cycles: " k ": " sum[k] " " tot[k]; bad = 1 }
	split("pmake database engineering raytrace", w, " ")
	for (i = 1; i <= 4; i++) {
		x = w[i]
		if (!(x in n)) { print "no rows for " x; bad = 1; continue }
		if (cyc[x, "virt"] < cyc[x, "native"]) { print x ": virt < native"; bad = 1 }
		if (cyc[x, "swtlb"] > cyc[x, "virt"]) { print x ": swtlb > virt"; bad = 1 }
		if (ins[x] < 10000000) { print x ": only " ins[x] " instructions"; bad = 1 }
	}
	for (i = 1; i <= 4; i++) {
		x = w[i]
		if (x != "database" && sys[x] >= sys["database"]) { print "database is not the most system-call heavy: " x; bad = 1 }
		if (x != "engineering" && miss[x] >= miss["engineering"]) { print "engineering is not the most TLB heavy: " x; bad = 1 }
		if (x != "raytrace" && base[x] >= base["raytrace"]) { print "raytrace is not the most user-bound: " x; bad = 1 }
		if (x != "pmake" && pf[x] >= pf["pmake"]) { print "pmake has not the most page faults: " x; bad = 1 }
	}
	exit bad
}' workloads.csv || fail "the workloads' spans"
if command -v gnuplot >/dev/null; then
	[ -s workloads.png ] || fail "no plot"
fi
exit 0
