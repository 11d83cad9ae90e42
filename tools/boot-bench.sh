#!/bin/bash
# Time to marker: boot the Linux guest from tools/build-linux-guest.sh to its
# "FERRY-TEST: done" line (block test included, then poweroff) on ferry and
# on qemu-system-riscv64, same kernel, initramfs and disk, side by side in
# one run (median of several runs). Also ferry's guest instruction count.
# usage: tools/boot-bench.sh FERRY [GUEST_DIR] [RUNS]
set -u
ferry=$1 dir=${2:-build/linux-guest} runs=${3:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bootbench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in Image initramfs.cpio.gz disk.img; do
    [ -f "$dir/$f" ] || { echo "boot-bench: $dir/$f missing (run tools/build-linux-guest.sh)" >&2; exit 1; }
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# seconds until the marker appears (the guest powers off right after it)
to_marker() {
    local start end
    start=$(date +%s.%N)
    "$@" </dev/null 2>"$tmp/err" | grep -m1 -q 'FERRY-TEST: done' || { echo "nan"; return; }
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}

append="console=ttyS0 ferry.test=block"
ferry_cmd() {
    "$ferry" boot --headless --stats --timeout 120 "$@" -kernel "$dir/Image" -initrd "$dir/initramfs.cpio.gz" \
        -append "$append" --drive "$dir/disk.img,ro"
}
qemu_cmd() {
    qemu-system-riscv64 -M virt -m 256 -nographic -bios default -kernel "$dir/Image" \
        -initrd "$dir/initramfs.cpio.gz" -append "$append" \
        -drive "file=$dir/disk.img,format=raw,if=none,id=d0,readonly=on" -device virtio-blk-device,drive=d0
}

printf '%-28s %10s %14s\n' "boot to FERRY-TEST: done" seconds instructions
t=$(for _ in $(seq "$runs"); do to_marker ferry_cmd; done | median)
insns=$(ferry_cmd 2>&1 >/dev/null </dev/null | grep -oE '[0-9]+ instructions' | head -n 1 | cut -d' ' -f1)
printf '%-28s %10s %14s\n' "ferry (built-in SBI)" "$t" "${insns:-?}"
t=$(for _ in $(seq "$runs"); do to_marker ferry_cmd --interp; done | median)
printf '%-28s %10s %14s\n' "ferry --interp (built-in SBI)" "$t" ""
t=$(for _ in $(seq "$runs"); do to_marker ferry_cmd -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin; done | median)
printf '%-28s %10s %14s\n' "ferry (OpenSBI fw_dynamic)" "$t" ""
if command -v qemu-system-riscv64 >/dev/null; then
    t=$(for _ in $(seq "$runs"); do to_marker qemu_cmd; done | median)
    printf '%-28s %10s %14s\n' "qemu-system-riscv64 (OpenSBI)" "$t" ""
fi
