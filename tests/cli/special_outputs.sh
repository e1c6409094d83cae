#!/bin/sh
# Outputs that are not regular files (a FIFO here; /dev/null in real use)
# are written in place: the all-or-nothing temp-and-rename of regular files
# must never replace them (a rename over /dev/null, as root, once did).
. "$TOP/tests/cli/lib.sh"
printf 'I  0400000,4\n L 7ff000,8\n S 7ff008,4\nI  0400004,4\n' > t.lackey
"$VMMSIM" trace convert --from lackey -o t.zst t.lackey || fail "convert"

mkfifo f
timeout 20 cat f > got.zst & pid=$!
"$VMMSIM" trace convert --from lackey -o f t.lackey || fail "convert to a FIFO"
wait $pid
[ -p f ] || fail "the FIFO was replaced by the trace writer"
cmp -s t.zst got.zst || fail "trace through a FIFO differs from the file"

timeout 20 cat f > got.json & pid=$!
"$VMMSIM" --trace t.zst --mode native -q --json f || fail "replay --json to a FIFO"
wait $pid
[ -p f ] || fail "the FIFO was replaced by the JSON output"
assert_eq "instructions through the FIFO" 2 "$(jq .modes.native.instructions got.json)"
ls | grep -q '\.tmp' && fail "temporary file left behind: $(ls)"
echo ok
