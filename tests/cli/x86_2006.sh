# models/x86-2006.ini reproduces Adams and Agesen's micro-benchmarks
# (ASPLOS '06) per event: traces of k and 2k system calls, and of k and 2k
# first touches of fresh pages, replayed in hw, shadow and nested; the
# figure is the difference of the runs' hop cycles divided by k (what is
# common to both runs - the first fetch, the first page of the region -
# cancels).  The hop counts per event are checked too, so a figure cannot
# come out right by accident.
. "$TOP/tests/cli/lib.sh"
set -e
command -v jq >/dev/null || skip "jq not installed"
M=$TOP/models/x86-2006.ini
k=100

sys_trace() { # N OUT
	{ echo "fetch 0x400000 4"; i=0
	  while [ $i -lt "$1" ]; do echo "fetch 0x400004 4"; echo "trap syscall 20"; i=$((i + 1)); done
	} > "$2.txt"
	"$VMMSIM" trace convert --from text -o "$2.zst" "$2.txt"
}
pf_trace() { # N OUT: N fresh pages in one 2 MB region
	{ echo "fetch 0x400000 4"; i=0
	  while [ $i -lt "$1" ]; do printf 'load 0x%x 4\n' $((0x10000000 + i * 4096)); i=$((i + 1)); done
	} > "$2.txt"
	"$VMMSIM" trace convert --from text -o "$2.zst" "$2.txt"
}
sys_trace $k s1; sys_trace $((2 * k)) s2
pf_trace $k p1; pf_trace $((2 * k)) p2

hops() { # TRACE MODE [model options]: cycles charged to hops
	t=$1 m=$2; shift 2
	"$VMMSIM" --trace "$t.zst" --mode "$m" --model "$M" "$@" --json - -q |
		jq ".modes.$m | .cycles - .base_cycles"
}
per_event() { # KIND MODE [options]
	kind=$1; shift
	a=$(hops "${kind}1" "$@"); b=$(hops "${kind}2" "$@")
	[ $(( (b - a) % k )) = 0 ] || fail "$kind $*: difference $((b - a)) not a multiple of $k"
	echo $(( (b - a) / k ))
}
count() { # TRACE MODE HOP: the hop's count
	"$VMMSIM" --trace "$1.zst" --mode "$2" --model "$M" --json - -q | jq ".modes.$2.hops.$3.count"
}

# native column
assert_eq "hw system call" 242 "$(per_event s hw)"
assert_eq "hw page fault" 1093 "$(per_event p hw)"
# the software VMM reflects system calls; the hardware VMM's shadow paging
# exits on the fault, the PTE write and the hidden fault
assert_eq "shadow system call (A&A software VMM)" 2308 "$(per_event s shadow)"
assert_eq "shadow page fault (A&A hardware VMM)" 11242 "$(per_event p shadow)"
sed -e 's/^vm_exit = .*/vm_exit = 0/' -e 's/^vm_entry = .*/vm_entry = 0/' "$M" > swvmm.ini
M=$PWD/swvmm.ini
pf_sw=$(per_event p shadow)
M=$TOP/models/x86-2006.ini
# A&A: 3927; three whole-cycle round trips give 3928
[ "$pf_sw" -ge 3926 ] && [ "$pf_sw" -le 3928 ] || fail "software VMM page fault: $pf_sw, A&A 3927"
# under VT-x system calls do not exit: nested = native; A&A measured 246
ns=$(per_event s nested)
assert_eq "nested system call = native" 242 "$ns"
[ $(( (246 - ns) * 100 )) -le $(( 2 * 246 )) ] || fail "nested system call $ns not within 2% of 246"

# the events behind the figures: one system call, one page fault per event
# (and one more fault: the first fetch's page)
f=$((2 * k + 1))
for m in hw shadow nested; do
	assert_eq "$m syscalls" $((2 * k)) "$(count s2 $m syscall)"
	assert_eq "$m page faults" $f "$(count p2 $m page_fault)"
done
assert_eq "shadow: a reflection per system call" $((2 * k)) "$(count s2 shadow syscall_reflect)"
assert_eq "shadow: a PTE trap per fault" $f "$(count p2 shadow shadow_pte_trap)"
assert_eq "shadow: a hidden fault per fault" $f "$(count p2 shadow shadow_hidden_fault)"
assert_eq "shadow: three exits per fault" $((3 * f)) "$(count p2 shadow vm_exit)"
# (the one exit of both runs backs the first fetch's frame)
assert_eq "nested: no exit per system call" "$(count s1 nested vm_exit)" "$(count s2 nested vm_exit)"
# uncached nested walks on this model: 24 references per completed walk
"$VMMSIM" --trace p2.zst --mode hw,nested --model "$M" --json r.json -q
w=$(jq .modes.nested.walks r.json)
assert_eq "nested walks = hw walks" "$(jq .modes.hw.walks r.json)" "$w"
echo "ok: 242/1093 native, 2308/11242 shadow, $pf_sw software-VMM fault, $ns nested syscall"
