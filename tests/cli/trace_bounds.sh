# trace_bounds: tiny traces cannot demand huge work.  An access (fetch,
# load, store) is at most 65536 bytes (traces/FORMAT.md): the lackey, din
# and text importers refuse larger ones naming the file and line, the reader
# refuses a hand-made trace holding one naming the record; trace info counts
# every page an access spans, as replay charges them; running out of memory
# is reported at the record it happens, not after the whole trace.
. "$TOP/tests/cli/lib.sh"
one_line() { # err.txt: exactly one line, equal to $1
	assert_eq "message" "$1" "$(cat err.txt)"
}
# importers: 65536 is accepted, 65537 is not
printf 'I  1000,4\n L 2000,65536\n' > ok.lackey
$VMMSIM trace convert --from lackey -o ok.zst ok.lackey || fail "65536 refused"
printf 'I  1000,4\n L 2000,65537\n' > big.lackey
expect_fail $VMMSIM trace convert --from lackey -o x.zst big.lackey
one_line "vmmsim: big.lackey:2: size above the format's limit of 65536 bytes: ' L 2000,65537'"
printf 'I  1000,4294967295\n' > big2.lackey
expect_fail $VMMSIM trace convert --from lackey -o x.zst big2.lackey
one_line "vmmsim: big2.lackey:1: size above the format's limit of 65536 bytes: 'I  1000,4294967295'"
printf 'r 1000 4\nw 2000 10001\n' > big.din
expect_fail $VMMSIM trace convert --from din -o x.zst big.din
one_line "vmmsim: big.din:2: size above the format's limit of 0x10000 bytes: 'w 2000 10001'"
printf 'fetch 0x10 4\nstore 0x20 65537\n' > big.txt
expect_fail $VMMSIM trace convert --from text -o x.zst big.txt
one_line "vmmsim: big.txt:2: size above the format's limit of 65536 bytes: 'store 0x20 65537'"
[ ! -e x.zst ] || fail "an output was written"

# the reader: a raw stream made by hand (header, three predicted-size
# fetches, a fetch with an explicit varint size 2^32-1), compressed
hdr='VMMTRACE\001\000\000\040\000\020\000\000\000\000'
printf "$hdr"'\204\204\204\240\377\377\377\377\017\204\204' | zstd -q -c > bigf.zst
for cmd in "trace info" "trace cat" "--mode all --trace"; do
	expect_fail $VMMSIM $cmd bigf.zst
	grep -q "^vmmsim: bigf.zst: record 3 (.*): an access of 4294967295 bytes, above the format's limit of 65536$" err.txt ||
		fail "$cmd: $(cat err.txt)"
done
# a load with an escaped size (opcode 0xc7: data, size code 7)
printf "$hdr"'\204\204\307\201\200\004\000\204' | zstd -q -c > bigl.zst
expect_fail $VMMSIM trace info bigl.zst
grep -q "record 2 (.*): an access of 65537 bytes, above the format's limit of 65536$" err.txt ||
	fail "load: $(cat err.txt)"

# trace info counts the pages an access spans, as replay does: 0x2000 +
# 65536 spans pages 2..17, plus the fetch's page 1
$VMMSIM trace info --json ok.zst > info.json || fail "trace info"
assert_eq "pages" 17 "$(jq .pages info.json)"
$VMMSIM --trace ok.zst --mode native --json r.json -q || fail "replay"
assert_eq "page faults" 17 "$(jq .modes.native.hops.page_fault.count r.json)"
# an access that wraps at the top of the address space: its first page
printf 'I  1000,4\n L ffffffffffffff00,4096\n' > wrap.lackey
$VMMSIM trace convert --from lackey -o wrap.zst wrap.lackey || fail "wrap"
assert_eq "pages (wrap)" 2 "$($VMMSIM trace info --json wrap.zst | jq .pages)"
# a page-size hint below 1 KB does not make every byte a page: trace info
# counts 1 KB pages then (a 300-byte trace of 3000 accesses of 64 KiB with
# the hint 1 asked for 196 M pages and gigabytes of memory)
awk 'BEGIN { print "# page-size: 1"; for (i = 0; i < 3000; i++) printf "load 0x%x 65536\n", i * 65536 }' > p1.txt
$VMMSIM trace convert --from text -o p1.zst p1.txt || fail "convert p1"
# (ASan reserves terabytes of address space: no -v limit under it)
(ulimit -t 20; [ -n "${SANITIZED:-}" ] || ulimit -v 1000000; exec $VMMSIM trace info --json p1.zst) > p1.json ||
	fail "trace info, hint 1"
assert_eq "pages (hint 1: 1 KB pages)" "3000 64 1024" "$(jq -r '"\(.loads) \(.pages / 3000) \(.page_bytes)"' p1.json)"
$VMMSIM trace info p1.zst | grep -q "^page size hint:  1$" || fail "the hint itself is shown"
$VMMSIM trace info p1.zst | grep -q "^distinct pages:  192000 (1024-byte pages)$" || fail "pages, text"
printf '# page-size: 2048\nload 0x0 4096\n' | $VMMSIM trace convert --from text -o p2k.zst - || fail "convert p2k"
assert_eq "pages (hint 2048)" 2 "$($VMMSIM trace info --json p2k.zst | jq .pages)"

# out of memory is reported where it happens: 2 M records touching 16 M
# pages in a 266-byte trace, replayed in 400 MB of address space
if [ -z "${SANITIZED:-}" ]; then
	awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "I  1000,4\n L %x,65536\n", 268435456 + i * 65536 }' |
		$VMMSIM trace convert --from lackey -o oom.zst - || fail "oom trace"
	(ulimit -v 400000; exec $VMMSIM --trace oom.zst --mode native -q) > out.txt 2> err.txt && fail "no out of memory"
	grep -q "^vmmsim: oom.zst: by record [0-9]*: out of memory for per-page state$" err.txt || fail "oom: $(cat err.txt)"
	at=$(sed 's/.*by record \([0-9]*\).*/\1/' err.txt)
	[ "$at" -lt 1500000 ] || fail "out of memory reported late: record $at of 2000000"
fi
exit 0
