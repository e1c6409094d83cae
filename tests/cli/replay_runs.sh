# replay_runs: on every bundled trace (traces/*.zst), replaying with runs of
# sequential fetches (the default) gives byte for byte the table, JSON and
# CSV of --record-by-record, in every mode, with the model's defaults and
# with an LRU 8-entry TLB on 1 KiB pages; and a sweep gives the same CSV.
# (tests/unit/test_runs.c does the same on seeded random traces, with
# timers, quanta, several VMs and per-window rows.)
. "$TOP/tests/cli/lib.sh"
set -e
n=0
for t in "$TOP"/traces/*.zst; do
	for opts in "" "--tlb-policy lru --tlb-entries 8 --page-size 1024 --swtlb-entries 64"; do
		for m in native virt swtlb all; do
			# shellcheck disable=SC2086
			$VMMSIM --trace "$t" --mode $m $opts -q --json a.json --csv a.csv > a.txt ||
				fail "replay $t --mode $m $opts"
			# shellcheck disable=SC2086
			$VMMSIM --trace "$t" --mode $m $opts -q --json b.json --csv b.csv --record-by-record > b.txt ||
				fail "replay $t --mode $m $opts --record-by-record"
			for f in json csv txt; do
				cmp -s a.$f b.$f || fail "$t --mode $m $opts: the $f output differs with --record-by-record"
			done
			[ "$(jq "[.modes[].references] | min" a.json)" -gt 1000 ] ||
				fail "$t: no references replayed"
			n=$((n + 1))
		done
	done
	$VMMSIM sweep --trace "$t" --swtlb-entries 4..1024x4 --swtlb-assoc 2,inf -q --csv a.csv > a.txt || fail "sweep $t"
	$VMMSIM sweep --trace "$t" --swtlb-entries 4..1024x4 --swtlb-assoc 2,inf -q --csv b.csv --record-by-record > b.txt ||
		fail "sweep $t --record-by-record"
	cmp -s a.csv b.csv || fail "$t: the sweep's CSV differs with --record-by-record"
	cmp -s a.txt b.txt || fail "$t: the sweep's table differs with --record-by-record"
	[ "$(wc -l < a.csv)" -gt 5 ] || fail "$t: sweep CSV too short"
done
[ $n = 24 ] || fail "expected 24 comparisons, ran $n"
echo "ok: $n replays and 3 sweeps identical with and without runs"
