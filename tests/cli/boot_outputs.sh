#!/bin/sh
# vmmsim boot's outputs (--json, --csv, --record, --console) and those of a
# full-system replay, as README's "Commands at a glance" promises for every
# command: an output that is the same file as an input (the kernel, an
# initrd, the model, a --vm's kernel or initrd; by name, hard or symbolic
# link) is refused before anything is written, the input intact; an output
# that cannot be created is reported in one line before the guest runs (no
# console output), and no other output is left behind; --csv without a
# ledger (--mode none) is a bad command line, refused before the run.
. "$TOP/tests/cli/lib.sh"
command -v mipsel-linux-gnu-gcc >/dev/null || skip "mipsel-linux-gnu-gcc missing"
command -v jq >/dev/null || skip "jq missing"
(cd "$TOP/guests/sys" && mipsel-linux-gnu-gcc -ffreestanding -nostdlib -fno-pic -mno-abicalls -G0 \
	-no-pie -O2 -march=mips32r2 -Wall -Werror -I. -T sys.ld -o "$T/k" start.S rt.c hashk.c -lgcc) ||
	fail "cannot build guests/sys/hashk.c"
printf 'an initrd\n' > rd
"$VMMSIM" model show > m.ini
ln k hard
ln -s k sym
sums() { cksum k rd m.ini; }
before=$(sums)
# bad WANT ARGS...: exit WANT, one line on stderr, no console, no output left
bad() {
	want=$1; shift
	rm -f j.json c.csv r.zst con.txt
	rc=0
	"$VMMSIM" "$@" >out.txt 2>err.txt || rc=$?
	[ $rc = "$want" ] || fail "$*: exit $rc, expected $want ($(cat err.txt))"
	[ "$(wc -l < err.txt)" = 1 ] || fail "$*: not one line of error: $(cat err.txt)"
	grep -q '^vmmsim: ' err.txt || fail "$*: error without the vmmsim: prefix: $(cat err.txt)"
	[ ! -s out.txt ] || fail "$*: the guest ran (console: $(head -c 200 out.txt))"
	for f in j.json c.csv r.zst con.txt; do
		[ ! -e $f ] || fail "$*: $f was left behind"
	done
}
# ---- an output that is an input
for o in k hard sym; do
	for opt in --json --csv --record --console; do
		bad 2 boot --mode native k $opt $o
		grep -qF "$o: is the input k; refusing to overwrite it" err.txt || fail "$opt $o: $(cat err.txt)"
	done
	bad 2 boot --mode all k --json $o
	bad 2 boot --mode all k --csv $o
	bad 2 boot --mode virt --vm k --vm k --json $o
	grep -qF "$o: is the input k" err.txt || fail "--vm --json $o: $(cat err.txt)"
done
bad 2 boot --mode native k --initrd rd --json rd
grep -qF "rd: is the input rd" err.txt || fail "--initrd: $(cat err.txt)"
bad 2 boot --mode native k --model m.ini --csv m.ini
grep -qF "m.ini: is the input m.ini" err.txt || fail "--model: $(cat err.txt)"
bad 2 boot --mode virt --vm k,rd,console=ttyS0 --vm k --json rd
grep -qF "rd: is the input rd" err.txt || fail "--vm's initrd: $(cat err.txt)"
assert_eq "the inputs are intact" "$before" "$(sums)"

# ---- two outputs naming one file: the second replaced the first (the
# JSON lost to the CSV, the console to the JSON)
bad 2 boot --mode native k --json o.out --csv o.out
grep -qF "o.out: given to both --json and --csv" err.txt || fail "--json --csv one file: $(cat err.txt)"
bad 2 boot --mode native k --json o.out --record o.out
bad 2 boot --mode native k --console o.out --json o.out
bad 2 boot --mode all k --console o.out --csv o.out
[ ! -e o.out ] || fail "two outputs in one file: o.out left"

# ---- an output that cannot be created: said before the run, nothing left
bad 1 boot --mode native k --json nodir/j.json --csv c.csv --record r.zst --console con.txt
grep -qF "nodir/j.json: cannot create" err.txt || fail "--json nodir: $(cat err.txt)"
bad 1 boot --mode native k --json j.json --csv nodir/c.csv --record r.zst --console con.txt
grep -qF "nodir/c.csv: cannot create" err.txt || fail "--csv nodir: $(cat err.txt)"
bad 1 boot --mode native k --json j.json --csv c.csv --record nodir/r.zst
bad 1 boot --mode all k --json j.json --csv nodir/c.csv
grep -qF "nodir/c.csv: cannot create" err.txt || fail "all --csv nodir: $(cat err.txt)"
bad 1 boot --mode all k --json nodir/j.json --csv c.csv
grep -qF "nodir/j.json: cannot create" err.txt || fail "all --json nodir: $(cat err.txt)"
bad 1 boot --mode virt --vm k --vm k --json nodir/j.json
grep -qF "nodir/j.json: cannot create" err.txt || fail "--vm --json nodir: $(cat err.txt)"

# ---- --csv needs a ledger: a bad command line, refused before the run
bad 2 boot k --json j.json --csv c.csv
grep -qF -- "--csv needs a ledger" err.txt || fail "--mode none --csv: $(cat err.txt)"
bad 2 boot --mode none, k --json j.json --csv c.csv

# ---- --json - or --csv - where the console goes (standard output): refused
bad 2 boot --mode native k --json -
grep -qF "would share standard output" err.txt || fail "--json -: $(cat err.txt)"
bad 2 boot --mode native k --csv -
bad 2 boot --mode native k --json - --csv - --console con.txt
bad 2 boot --mode all k --json -
bad 2 boot --mode virt --vm k --vm k --json -
"$VMMSIM" boot --mode native k --json - --console con.txt -q >j.out || fail "--json - --console FILE"
jq -e '.modes.native.cycles > 0' j.out >/dev/null || fail "--json -: not the JSON alone: $(head -c 300 j.out)"
rm -f con.txt

# ---- options the run has no use for are refused, not ignored: the
# scheduler's without --vm, --console-dir without --vm or a list of modes,
# the software TLB's without swtlb
bad 2 boot --mode virt k --quantum 5000
bad 2 boot --mode native k --idle-detect off
bad 2 boot --mode native k --console-dir .
bad 2 boot --mode virt k --swtlb-entries 64
bad 2 boot --mode native,virt k --swtlb-assoc 2
bad 2 boot --mode virt --vm k --vm k --swtlb-entries 64
grep -qF -- "--swtlb-entries" err.txt || fail "--swtlb-entries with virt: $(cat err.txt)"
# (the modes of a list each get the options that apply to them)
"$VMMSIM" boot --mode native,swtlb k --swtlb-entries 64 --swtlb-assoc 2 --console-dir . --json j.json -q \
	>out.txt 2>err.txt || fail "--mode native,swtlb --swtlb-entries: $(cat err.txt)"
[ -s console-native.txt ] && [ -s console-swtlb.txt ] || fail "--console-dir with a list: $(ls)"
rm -f j.json console-*.txt

# ---- the replay of a recording: all outputs or none
"$VMMSIM" boot --mode native k --record rec.zst -q >/dev/null || fail "boot --record"
bad 1 replay --trace rec.zst --json j.json --csv nodir/c.csv -q
bad 1 replay --trace rec.zst --json nodir/j.json --csv c.csv -q

# ---- and when every output can be written, each is there
"$VMMSIM" boot --mode native k --json j.json --csv c.csv --record r.zst --console con.txt -q >out.txt ||
	fail "boot with every output"
[ -s j.json ] && [ -s c.csv ] && [ -s r.zst ] && [ -s con.txt ] || fail "an output is missing: $(ls -l)"
[ ! -s out.txt ] || fail "console on stdout despite --console"
exit 0
