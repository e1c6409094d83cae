#!/bin/sh
# pmake.sh - the "pmake" workload of tests/workloads (Disco, SOSP '97,
# Fig. 5: a parallel make of many small files): a tree of small "source"
# files, each "compiled" by a few short busybox processes (sed, tr, wc,
# md5sum, cut), two jobs at a time as make -j2 would run them, then
# "linked" (cat, sort) and checked.  Many forks and execs, short
# processes, fresh pages, small files: the kernel's process and memory
# services dominate.  Usage: pmake.sh SCALE (8 * SCALE source files).
# Prints what it built; nothing depends on time.
scale=${1:-1}
n=$((8 * scale))
rm -rf /tmp/pmake && mkdir -p /tmp/pmake/src /tmp/pmake/obj && cd /tmp/pmake || exit 1
i=0
while [ $i -lt $n ]; do
	{
		echo "/* unit $i */"
		j=0
		while [ $j -lt 12 ]; do echo "int f${i}_$j(int x) { return x * $j + $i; }"; j=$((j + 1)); done
	} > src/u$i.c
	i=$((i + 1))
done
# one "compilation": a few short processes over one small file
cc1() {
	sed -e 's/int /long /g' -e 's/return/ret/' "src/$1.c" | tr 'a-z' 'A-Z' > "obj/$1.s"
	wc -l < "obj/$1.s" > "obj/$1.n"
	md5sum "obj/$1.s" | cut -d ' ' -f 1 > "obj/$1.o"
}
i=0
while [ $i -lt $n ]; do
	cc1 u$i &
	cc1 u$((i + 1)) &
	wait
	i=$((i + 2))
done
cat obj/*.o | sort > prog
echo "pmake: $(ls obj/*.o | wc -l) objects, $(cat obj/*.n | awk '{ s += $1 } END { print s }') lines, image $(md5sum < prog | cut -c 1-12)"
cd / && rm -rf /tmp/pmake
