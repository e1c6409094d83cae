#!/bin/sh
# Compiles the guest programs guests/c/*.c once into a cache:
#   build/guests/el/NAME   mipsel-linux-gnu-gcc -static -O2  (every program)
#   build/guests/eb/NAME   mips-linux-gnu-gcc -static -O2    (the BE list below)
# A binary is rebuilt only when its source is newer, so the ASan rerun of
# the suite reuses them.  Prints nothing on success; exits 77 (skip) when a
# cross compiler is missing.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/guests
BE_LIST="int_arith int64 float_basic printf_formats strings qsort_bsearch malloc_heavy packed bits
hashes crc32 file_io fork_wait exit_code abort fp_conv stdin_stats setjmp signals siginfo
wait_sigchld"
command -v mipsel-linux-gnu-gcc >/dev/null || { echo "mipsel-linux-gnu-gcc missing"; exit 77; }
command -v mips-linux-gnu-gcc >/dev/null || { echo "mips-linux-gnu-gcc missing"; exit 77; }
mkdir -p "$out/el" "$out/eb"
jobs=$out/jobs.$$
trap 'rm -f "$jobs"' EXIT
: >"$jobs"
for src in "$top"/guests/c/*.c; do
	n=$(basename "$src" .c)
	if [ ! -x "$out/el/$n" ] || [ "$src" -nt "$out/el/$n" ]; then
		echo "mipsel-linux-gnu-gcc $src $out/el/$n" >>"$jobs"
	fi
done
for n in $BE_LIST; do
	src=$top/guests/c/$n.c
	if [ ! -x "$out/eb/$n" ] || [ "$src" -nt "$out/eb/$n" ]; then
		echo "mips-linux-gnu-gcc $src $out/eb/$n" >>"$jobs"
	fi
done
# each job: compile to a temporary name, then rename (an interrupted build
# leaves no half-written binary)
xargs -r -P 2 -L 1 sh -c '"$0" -static -O2 -w -o "$2.tmp$$" "$1" -latomic -lm && mv "$2.tmp$$" "$2"' <"$jobs"
# special programs (not in the differential suite)
mkdir -p "$out/special"
s=$top/guests/special
if [ ! -x "$out/special/spin" ] || [ "$s/spin.c" -nt "$out/special/spin" ]; then
	mipsel-linux-gnu-gcc -static -O2 -o "$out/special/spin.tmp" "$s/spin.c" && mv "$out/special/spin.tmp" "$out/special/spin"
fi
if [ ! -x "$out/special/freestanding" ] || [ "$s/freestanding.c" -nt "$out/special/freestanding" ]; then
	mipsel-linux-gnu-gcc -static -nostdlib -ffreestanding -fno-pic -mno-abicalls -O2 -e __start \
		-o "$out/special/freestanding.tmp" "$s/freestanding.c" && mv "$out/special/freestanding.tmp" "$out/special/freestanding"
fi
if [ ! -x "$out/special/dynamic" ] || [ "$top/guests/c/exit_code.c" -nt "$out/special/dynamic" ]; then
	mipsel-linux-gnu-gcc -O2 -o "$out/special/dynamic.tmp" "$top/guests/c/exit_code.c" && mv "$out/special/dynamic.tmp" "$out/special/dynamic"
fi
if [ ! -x "$out/special/fsprobe" ] || [ "$s/fsprobe.c" -nt "$out/special/fsprobe" ]; then
	mipsel-linux-gnu-gcc -static -O2 -o "$out/special/fsprobe.tmp" "$s/fsprobe.c" && mv "$out/special/fsprobe.tmp" "$out/special/fsprobe"
fi
# hostile guests (tests/cli/run_hostile*.sh): every guests/special/hostile_*.c
for src in "$s"/hostile_*.c; do
	n=$(basename "$src" .c)
	if [ ! -x "$out/special/$n" ] || [ "$src" -nt "$out/special/$n" ]; then
		mipsel-linux-gnu-gcc -static -O2 -o "$out/special/$n.tmp" "$src" && mv "$out/special/$n.tmp" "$out/special/$n"
	fi
done
