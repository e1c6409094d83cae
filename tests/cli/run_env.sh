#!/bin/sh
# Issue 12, item 10: `vmmsim run` gives the guest a fixed environment
# (PATH=/usr/local/bin:/usr/bin:/bin HOME=/), not the host's, so results do
# not depend on the directory name (PWD), time zone (TZ) or anything else
# of the user's: two runs in differently named directories with different
# TZ and variables give byte-identical output and JSON.  --env NAME=VALUE
# sets or replaces a variable, --inherit-env starts from the host's.
. "$TOP/tests/cli/lib.sh"
sh "$TOP/tests/guests/build.sh" || { rc=$?; [ $rc = 77 ] && skip "cross compilers missing"; fail "guest build failed"; }
G=$TOP/build/guests
mkdir a a-directory-with-a-much-longer-name-than-the-other
for d in a a-directory-with-a-much-longer-name-than-the-other; do
	cp "$G/special/hostile_env" "$G/el/printf_formats" "$d/"
done
(cd a && TZ=UTC LANG=C FOO=1 "$VMMSIM" run -q --mode all --json ../a.json -- ./hostile_env >../a.out) ||
	fail "first run failed"
(cd a-directory-with-a-much-longer-name-than-the-other &&
	TZ=America/New_York LANG=de_DE.UTF-8 BAR=something-longer "$VMMSIM" run -q --mode all --json ../b.json -- ./hostile_env >../b.out) ||
	fail "second run failed"
cmp -s a.out b.out || { diff a.out b.out; fail "the guest's output depends on the host's environment"; }
cmp -s a.json b.json || { diff a.json b.json | head; fail "the JSON depends on the host's environment"; }
assert_eq "the fixed environment" "env PATH=/usr/local/bin:/usr/bin:/bin
env HOME=/
cwd /
time 2023-11-14 22:13:20 UTC" "$(cat a.out)"
# a glibc program's instruction count too (printf_formats: locale, stdio)
(cd a && TZ=UTC "$VMMSIM" run -q --mode native --json ../c.json -- ./printf_formats >/dev/null) || fail "printf_formats run"
(cd a-directory-with-a-much-longer-name-than-the-other &&
	TZ=Asia/Tokyo XYZ=1 "$VMMSIM" run -q --mode native --json ../d.json -- ./printf_formats >/dev/null) || fail "printf_formats run 2"
cmp -s c.json d.json || fail "printf_formats: JSON depends on the host's environment"
# --env sets and replaces, in order; the last one wins
cd a || exit 1
"$VMMSIM" run -q --env TZ=JST-9 --env HOME=/home/g --env X=1 --env X=2 -- ./hostile_env >out.txt
assert_eq "--env" "env PATH=/usr/local/bin:/usr/bin:/bin
env HOME=/home/g
env TZ=JST-9
env X=2
cwd /
time 2023-11-15 07:13:20 JST" "$(cat out.txt)"
# --inherit-env: the host's environment, then --env
env -i A=1 TZ=UTC0 "$VMMSIM" run -q --inherit-env --env B=2 -- ./hostile_env >out.txt
assert_eq "--inherit-env" "env A=1
env TZ=UTC0
env B=2
cwd /
time 2023-11-14 22:13:20 UTC" "$(cat out.txt)"
echo ok
