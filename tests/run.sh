#!/bin/sh
# Runs every test: the cmocka unit programs in $BUILD/tests/, then every
# command-line test tests/cli/*.sh (exit 0 pass, 77 skip, else fail) with
# VMMSIM=$BUILD/vmmsim.  Ends with the line "N passed, N failed, N skipped".
# TESTS=pattern runs only the tests whose name contains pattern.
BUILD=${BUILD:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
VMMSIM=$top/$BUILD/vmmsim
TOP=$top
export VMMSIM BUILD TOP
TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/vmmsim-test.XXXXXX")
export TMPROOT
trap 'rm -rf "$TMPROOT"' EXIT INT TERM
pass=0 fail=0 skip=0 failed=
run_one() { # name, command...
	name=$1; shift
	case $name in *"${TESTS:-}"*) ;; *) return ;; esac
	log=$TMPROOT/$(echo "$name" | tr '/' '_').log
	start=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ $rc = 0 ]; then
		pass=$((pass + 1)); echo "PASS $name (${secs}s)"
	elif [ $rc = 77 ]; then
		skip=$((skip + 1)); echo "SKIP $name: $(tail -n 1 "$log")"
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL $name (exit $rc)"; tail -n 30 "$log" | sed 's/^/    /'
	fi
}
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case $t in *.d) continue ;; esac
	# a binary left in the build directory by a test whose source is gone
	[ -f "tests/unit/$(basename "$t").c" ] || continue
	# its temporary files under the suite's own directory ($TMPDIR)
	d=$TMPROOT/unit_$(basename "$t")
	mkdir -p "$d"
	run_one "unit/$(basename "$t")" env TMPDIR="$d" "$t"
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	[ "$(basename "$t")" = lib.sh ] && continue
	run_one "cli/$(basename "$t" .sh)" env T="$TMPROOT/$(basename "$t" .sh)" sh -c 'mkdir -p "$T" && cd "$T" && exec sh "$0"' "$top/$t"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
