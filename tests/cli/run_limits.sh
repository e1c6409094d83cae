#!/bin/sh
# Issue 12, item 3: guests cannot take the host down.  --max-procs (fork
# beyond: EAGAIN, as RLIMIT_NPROC) and --max-mem (memory mapped by all the
# guests together; brk, mmap, fork beyond: ENOMEM, as strict overcommit)
# reach the guest as its own errors; a fork bomb and a memory hog end
# within their bounds with the host's memory use small.  The guests
# (guests/special/hostile_forkbomb.c, hostile_memhog.c) print what they
# got and the errno of the failure.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests/special
EAGAIN=11 ENOMEM=12  # MIPS errno values (the same as the host's here)
run() { # expected status, args after "run"...: output in out.txt, stderr in err.txt
	want=$1; shift
	st=0
	timeout 120 "$VMMSIM" run -q "$@" >out.txt 2>err.txt || st=$?
	[ "$st" = "$want" ] || { cat err.txt; fail "run $*: exit status $st, expected $want"; }
}
in_range() { # what, value, lo, hi
	[ "$2" -ge "$3" ] && [ "$2" -le "$4" ] || fail "$1: $2 is not in $3..$4"
}
# --max-procs: the first process and 19 children, then EAGAIN; all reaped
run 0 --max-procs 20 -- "$G/hostile_forkbomb" count
assert_eq "max-procs 20" "forks 19 errno $EAGAIN
reaped 19" "$(cat out.txt)"
assert_eq "max-procs warning, once" 1 "$(grep -c 'warning: guest fork refused: 20 processes alive (--max-procs): EAGAIN' err.txt)"
# the defaults: memory (2 GiB, 9 MiB and more per process) runs out first
run 0 -- "$G/hostile_forkbomb" count
n=$(awk '/^forks/ {print $2}' out.txt)
in_range "default limits: forks" "$n" 200 255
assert_eq "default limits: errno" "errno $ENOMEM" "$(awk '/^forks/ {print $3, $4}' out.txt)"
grep -q "^reaped $n\$" out.txt || fail "default limits: not every child reaped"
# a real fork bomb: every process forks forever; ends by --max-insns
if [ -z "${SANITIZED:-}" ]; then
	st=0
	/usr/bin/time -f %M -o rss.txt timeout 120 "$VMMSIM" run -q --max-insns 30000000 -- "$G/hostile_forkbomb" bomb >/dev/null 2>err.txt || st=$?
	assert_eq "fork bomb: exit status" 124 "$st"
	rss=$(tail -n 1 rss.txt)
	in_range "fork bomb: host memory (KiB)" "$rss" 1 400000
else
	run 124 --max-insns 5000000 -- "$G/hostile_forkbomb" bomb
fi
# --max-mem 64M: the stack (8 MiB) and the image are mapped already
run 0 --max-mem 64M -- "$G/hostile_memhog" brk
in_range "brk: MiB" "$(awk '{print $2}' out.txt)" 50 56
assert_eq "brk: errno" "errno $ENOMEM" "$(awk '{print $3, $4}' out.txt)"
assert_eq "max-mem warning, once" 1 "$(grep -c 'warning: guest memory request refused: .* --max-mem 67108864: ENOMEM' err.txt)"
run 0 --max-mem 64M -- "$G/hostile_memhog" mmap
assert_eq "mmap 16 MiB blocks" "mmap 48 errno $ENOMEM" "$(cat out.txt)"
run 0 --max-mem 64M -- "$G/hostile_memhog" touch
in_range "touched: MiB" "$(awk '{print $2}' out.txt)" 50 56
assert_eq "touched: errno" "errno $ENOMEM" "$(awk '{print $3, $4}' out.txt)"
# fork copies the address space: 30 MiB + 9 do not fit twice in 64
run 0 --max-mem 64M -- "$G/hostile_memhog" fork 30
assert_eq "fork beyond --max-mem" "fork -1 errno $ENOMEM" "$(cat out.txt)"
run 0 --max-mem 64M -- "$G/hostile_memhog" fork 20
assert_eq "fork within --max-mem" "fork 1 errno 0" "$(cat out.txt)"
# the default --max-mem (2 GiB): untouched mappings cost the host nothing
if [ -z "${SANITIZED:-}" ]; then
	/usr/bin/time -f %M -o rss.txt timeout 120 "$VMMSIM" run -q -- "$G/hostile_memhog" mmap >out.txt 2>err.txt ||
		fail "default --max-mem: run failed"
	in_range "default --max-mem: host memory (KiB)" "$(tail -n 1 rss.txt)" 1 100000
else
	run 0 -- "$G/hostile_memhog" mmap
fi
in_range "default --max-mem: MiB" "$(awk '{print $2}' out.txt)" 1900 2048
# a program too big for --max-mem is refused with one line
run 1 --max-mem 1M -- "$G/hostile_memhog" brk
[ "$(wc -l < err.txt)" = 1 ] && grep -q "more than --max-mem allows" err.txt || { cat err.txt; fail "--max-mem 1M: message"; }
# bad values
for bad in "--max-procs 0" "--max-procs x" "--max-procs 70000" "--max-mem 0" "--max-mem 1000" "--max-mem 5T" "--env NOEQUALS" "--env =x"; do
	# shellcheck disable=SC2086
	expect_fail "$VMMSIM" run $bad -- "$G/hostile_memhog"
	[ "$(wc -l < err.txt)" = 1 ] || fail "$bad: expected one line"
done
echo ok
