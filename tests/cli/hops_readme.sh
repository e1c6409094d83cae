# The README's hop table is exactly what `vmmsim model hops` prints from
# sim/machine/hops.def, and every hop with a model key has it in every model.
. "$TOP/tests/cli/lib.sh"
"$VMMSIM" model hops > hops.md
[ "$(head -n 1 hops.md)" = "| hop | modes | model key | what |" ] || fail "unexpected header: $(head -n 1 hops.md)"
# the README's block: from the header line to the first blank line after it
awk '/^\| hop \| modes \| model key \| what \|$/ {on = 1} on && /^$/ {exit} on' "$TOP/README.md" > readme.md
[ -s readme.md ] || fail "README.md has no hop table"
diff -u readme.md hops.md || fail "README's hop table differs from 'vmmsim model hops' (hops.def): paste its output"
n=$(grep -c '^HOP(' "$TOP/sim/machine/hops.def")
assert_eq "one row per hop" "$n" "$(($(wc -l < hops.md) - 2))"
# names are unique, and the first 30 keep their place (append only)
assert_eq "unique names" "$n" "$(cut -d'`' -f2 hops.md | tail -n +3 | sort -u | wc -l)"
assert_eq "first hop" '`exc_entry`' "$(sed -n 3p hops.md | cut -d' ' -f2)"
assert_eq "30th hop" '`machine_switch`' "$(sed -n 32p hops.md | cut -d' ' -f2)"
# every keyed hop is in every model file, and model show prints it
for m in "$TOP"/models/*.ini; do
	"$VMMSIM" model show "$m" > show.ini
	grep -o '`\[[a-z]*\] [a-z_]*`' hops.md | tr -d '`[]' > keys.txt
	[ "$(wc -l < keys.txt)" -ge 30 ] || fail "too few keyed hops"
	while read -r sec key; do
		# the key, in its section
		awk -v s="[$sec]" -v k="$key" '/^\[/ {in_s = ($0 == s)} in_s && $1 == k && $2 == "=" {f = 1} END {exit !f}' \
			"$m" || fail "$m: no key $key in section [$sec]"
		grep -q "^$key = " show.ini || fail "model show $m: no key $key"
	done < keys.txt
done
# model hops takes no arguments
expect_fail "$VMMSIM" model hops extra
echo ok
