# Sourced by the Linux boot test, the demo and the benchmark: fetches
# Debian's 4kc-malta kernel and busybox-static:mipsel (build/cache/) if
# needed and builds the test initramfs into build/linux/.  Sets KERNEL,
# INITRD and APPEND, or LINUX_MISSING with the reason.  Expects $TOP.
LINUX_MISSING=
KERNEL=$TOP/build/cache/linux-malta/vmlinuz
INITRD=$TOP/build/linux/initramfs.cpio.gz
# cryptomgr.notests: without it the crypto self-tests add ~1.4 billion
# instructions to every boot (MALTA.md); quiet keeps the console short
APPEND="console=ttyS0 quiet cryptomgr.notests"
[ -f "$KERNEL" ] || sh "$TOP/tests/guests/fetch-linux.sh" >/dev/null 2>&1 || true
[ -f "$TOP/build/cache/busybox-mipsel/bin/busybox" ] || sh "$TOP/tests/guests/fetch-busybox.sh" >/dev/null 2>&1 || true
if [ ! -f "$KERNEL" ]; then
	LINUX_MISSING="Debian's linux-image-*-4kc-malta:mipsel not fetched (make deps-linux)"
elif [ ! -f "$TOP/build/cache/busybox-mipsel/bin/busybox" ]; then
	LINUX_MISSING="busybox-static:mipsel not fetched (make deps-mipsel)"
elif ! command -v cpio >/dev/null; then
	LINUX_MISSING="cpio missing"
else
	mkdir -p "$TOP/build/linux"
	if [ ! -f "$INITRD" ] || [ "$TOP/tests/guests/linux/init" -nt "$INITRD" ] ||
	   [ "$TOP/tests/guests/build-initramfs.sh" -nt "$INITRD" ]; then
		sh "$TOP/tests/guests/build-initramfs.sh" "$INITRD" || LINUX_MISSING="initramfs not built"
	fi
fi
# the script's output: the lines between its markers
script_output() { sed -n '/=== vmmsim-script-begin ===/,/=== vmmsim-script-end ===/p' "$1" | tr -d '\r'; }
