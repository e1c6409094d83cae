# Helpers for command-line tests (sourced).  Each test runs in its own empty
# directory; $VMMSIM is the binary under test, $TOP the source tree,
# $SANITIZED is set when the binary is built with ASan+UBSan.
# Tests run with set -e: any command that fails ends the test (failing it),
# so a command expected to fail goes through expect_fail, or `|| rc=$?`
# when its status is checked.
set -eu
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "$*"; exit 77; }
# assert_eq WHAT EXPECTED ACTUAL
assert_eq() { [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"; }
# expect_fail STATUS_VAR_NAME CMD...: runs CMD, requires non-zero exit; stderr in err.txt
expect_fail() {
	if "$@" >out.txt 2>err.txt; then fail "expected failure: $*"; fi
	[ "$(wc -l < err.txt)" -ge 1 ] || fail "no error message: $*"
}
# golden NAME FILE: compare FILE with $TOP/tests/golden/NAME (UPDATE_GOLDEN=1 rewrites)
golden() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$TOP/tests/golden/$1"; return 0; fi
	diff -u "$TOP/tests/golden/$1" "$2" || fail "output differs from tests/golden/$1"
}
