#!/usr/bin/env bash
# Generate tests/unit/rvc_cases.inc: a table of {half, xlen, expected32, text}
# for the RVC expander unit test (tests/unit/test_rv_rvc.c).
#
# The expected values come from the GNU cross assembler, not from ferry:
# every case is written twice, once as an explicit compressed "c.*"
# instruction (assembled with the C extension enabled) and once as the
# uncompressed base instruction it is defined to expand to (assembled with
# ".option norvc").  Both files are linked (so pc-relative offsets are
# resolved) and dumped as raw binaries; the i-th halfword of the first is
# paired with the i-th word of the second.
#
# Usage: tests/unit/gen_rvc_cases.sh > tests/unit/rvc_cases.inc
# Needs: riscv64-linux-gnu-{as,ld,objcopy} (binutils >= 2.40 for the HINT
# mnemonics such as c.slli64 / "c.nop imm"), od.
set -euo pipefail

CROSS=${CROSS:-riscv64-linux-gnu-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------------------
# Case list. Each emitted line is "compressed|uncompressed".
# ---------------------------------------------------------------------------
XLEN=64
out() { printf '%s|%s\n' "$1" "$2"; }

CREGS=(x8 x9 x10 x11 x12 x13 x14 x15)          # rd'/rs1'/rs2' registers
CFREGS=(f8 f9 f10 f11 f12 f13 f14 f15)
XREGS_SAMPLE=(x1 x2 x3 x5 x8 x10 x15 x16 x20 x31)
FREGS_SAMPLE=(f0 f1 f7 f8 f15 f16 f31)

# Signed 6-bit immediates: each single bit, extremes, zero, -1.
SIMM6=(1 2 4 8 16 31 -32 -1 -2 -16 -31 21 -22)
SIMM6_NZ=(1 2 4 8 16 31 -32 -1 -2 -16 -31 21 -22)

# Rotate through a register list by index.
pick() { local -n arr=$1; echo "${arr[$(( $2 % ${#arr[@]} ))]}"; }

gen_common() {
    local i imm r r2 s

    # --- Quadrant 0 -------------------------------------------------------
    # c.addi4spn: nzuimm in [4, 1020], multiple of 4
    i=0
    for imm in 4 8 16 32 64 128 256 512 1020 1016 4 12 508 516 680 340; do
        r=$(pick CREGS $i); i=$((i+1))
        out "c.addi4spn $r, sp, $imm" "addi $r, sp, $imm"
    done
    # c.lw / c.sw: uimm in [0, 124], multiple of 4
    i=0
    for imm in 0 4 8 16 32 64 124 120 84 40; do
        r=$(pick CREGS $i); r2=$(pick CREGS $((i+3))); i=$((i+1))
        out "c.lw $r, $imm($r2)" "lw $r, $imm($r2)"
        out "c.sw $r, $imm($r2)" "sw $r, $imm($r2)"
    done
    # c.fld / c.fsd: uimm in [0, 248], multiple of 8
    i=0
    for imm in 0 8 16 32 64 128 248 240 168 80; do
        r=$(pick CFREGS $i); r2=$(pick CREGS $((i+5))); i=$((i+1))
        out "c.fld $r, $imm($r2)" "fld $r, $imm($r2)"
        out "c.fsd $r, $imm($r2)" "fsd $r, $imm($r2)"
    done

    # --- Quadrant 1 -------------------------------------------------------
    out "c.nop" "addi x0, x0, 0"
    for imm in 1 31 -32 -1 5; do                       # HINT: c.nop imm
        out "c.nop $imm" "addi x0, x0, $imm"
    done
    i=0
    for imm in "${SIMM6_NZ[@]}"; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.addi $r, $imm" "addi $r, $r, $imm"
    done
    for r in x1 x10 x31; do                             # HINT: c.addi rd, 0
        out "c.addi $r, 0" "addi $r, $r, 0"
    done
    out "c.addi x0, 7" "addi x0, x0, 7"                 # HINT: rd = x0
    i=0
    for imm in "${SIMM6[@]}" 0; do
        r=$(pick XREGS_SAMPLE $((i+4))); i=$((i+1))
        out "c.li $r, $imm" "addi $r, x0, $imm"
    done
    out "c.li x0, 5" "addi x0, x0, 5"                   # HINT: rd = x0
    out "c.li x0, -32" "addi x0, x0, -32"
    # c.addi16sp: nzimm in [-512, 496], multiple of 16
    for imm in 16 32 64 128 256 496 -512 -16 -32 -496 272 -240; do
        out "c.addi16sp sp, $imm" "addi sp, sp, $imm"
    done
    # c.lui: nzimm in [1, 31] U [0xfffe0, 0xfffff]; rd != x2
    i=0
    for imm in 1 2 4 8 16 31 0xfffe0 0xfffff 0xffff0 0xfffe1 21; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        [ "$r" = x2 ] && r=x3
        out "c.lui $r, $imm" "lui $r, $imm"
    done
    out "c.lui x0, 1" "lui x0, 1"                       # HINT: rd = x0
    out "c.lui x0, 0xfffff" "lui x0, 0xfffff"
    # c.srli / c.srai
    i=0
    for s in 1 2 4 8 16 31 7; do
        r=$(pick CREGS $i); i=$((i+1))
        out "c.srli $r, $s" "srli $r, $r, $s"
        out "c.srai $r, $s" "srai $r, $r, $s"
    done
    for r in x8 x15; do                                 # HINT: shamt = 0
        out "c.srli64 $r" "srli $r, $r, 0"
        out "c.srai64 $r" "srai $r, $r, 0"
    done
    # c.andi: 6-bit signed, zero allowed
    i=0
    for imm in "${SIMM6[@]}" 0; do
        r=$(pick CREGS $i); i=$((i+1))
        out "c.andi $r, $imm" "andi $r, $r, $imm"
    done
    # c.sub/xor/or/and
    for i in 0 1 2 3 4 5 6 7; do
        r=$(pick CREGS $i); r2=$(pick CREGS $((7-i)))
        out "c.sub $r, $r2" "sub $r, $r, $r2"
        out "c.xor $r, $r2" "xor $r, $r, $r2"
        out "c.or $r, $r2"  "or $r, $r, $r2"
        out "c.and $r, $r2" "and $r, $r, $r2"
    done
    # c.j: offset in [-2048, 2046], even
    for imm in 2 4 8 16 32 64 128 256 512 1024 2046 -2048 -2 -4 -1024 -512 \
               1366 -1366 0 682 -682; do
        out "c.j .+($imm)" "jal x0, .+($imm)"
    done
    # c.beqz / c.bnez: offset in [-256, 254], even
    i=0
    for imm in 2 4 8 16 32 64 128 254 -256 -2 -128 -64 170 -170 0 84; do
        r=$(pick CREGS $i); i=$((i+1))
        out "c.beqz $r, .+($imm)" "beq $r, x0, .+($imm)"
        out "c.bnez $r, .+($imm)" "bne $r, x0, .+($imm)"
    done

    # --- Quadrant 2 -------------------------------------------------------
    i=0
    for s in 1 2 4 8 16 31 13; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.slli $r, $s" "slli $r, $r, $s"
    done
    out "c.slli x0, 3" "slli x0, x0, 3"                 # HINT: rd = x0
    out "c.slli x0, 31" "slli x0, x0, 31"
    for r in x1 x10 x31; do                             # HINT: shamt = 0
        out "c.slli64 $r" "slli $r, $r, 0"
    done
    # c.fldsp / c.fsdsp: uimm in [0, 504], multiple of 8
    i=0
    for imm in 0 8 16 32 64 128 256 504 496 336 168; do
        r=$(pick FREGS_SAMPLE $i); i=$((i+1))
        out "c.fldsp $r, $imm(sp)" "fld $r, $imm(sp)"
        out "c.fsdsp $r, $imm(sp)" "fsd $r, $imm(sp)"
    done
    out "c.fldsp f0, 8(sp)" "fld f0, 8(sp)"
    out "c.fsdsp f0, 8(sp)" "fsd f0, 8(sp)"
    # c.lwsp / c.swsp: uimm in [0, 252], multiple of 4
    i=0
    for imm in 0 4 8 16 32 64 128 252 248 168 84; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.lwsp $r, $imm(sp)" "lw $r, $imm(sp)"
        out "c.swsp $r, $imm(sp)" "sw $r, $imm(sp)"
    done
    out "c.swsp x0, 4(sp)" "sw x0, 4(sp)"
    # c.jr / c.jalr / c.mv / c.add / c.ebreak
    for r in x1 x2 x5 x10 x15 x16 x31; do
        out "c.jr $r" "jalr x0, 0($r)"
        out "c.jalr $r" "jalr x1, 0($r)"
    done
    for i in 0 1 2 3 4 5 6 7 8 9; do
        r=$(pick XREGS_SAMPLE $i); r2=$(pick XREGS_SAMPLE $((i*3+1)))
        out "c.mv $r, $r2" "add $r, x0, $r2"
        out "c.add $r, $r2" "add $r, $r, $r2"
    done
    out "c.mv x0, x10" "add x0, x0, x10"                # HINT: rd = x0
    out "c.add x0, x31" "add x0, x0, x31"               # HINT: rd = x0
    out "c.ebreak" "ebreak"
}

gen_rv32() {
    local i imm r r2
    XLEN=32
    gen_common
    i=0
    for imm in 0 4 8 16 32 64 124 120 84 40; do
        r=$(pick CFREGS $i); r2=$(pick CREGS $((i+2))); i=$((i+1))
        out "c.flw $r, $imm($r2)" "flw $r, $imm($r2)"
        out "c.fsw $r, $imm($r2)" "fsw $r, $imm($r2)"
    done
    for imm in 2 4 8 16 32 64 128 256 512 1024 2046 -2048 -2 -1024 1366 -1366 0; do
        out "c.jal .+($imm)" "jal x1, .+($imm)"
    done
    i=0
    for imm in 0 4 8 16 32 64 128 252 248 168 84; do
        r=$(pick FREGS_SAMPLE $i); i=$((i+1))
        out "c.flwsp $r, $imm(sp)" "flw $r, $imm(sp)"
        out "c.fswsp $r, $imm(sp)" "fsw $r, $imm(sp)"
    done
}

gen_rv64() {
    local i imm r r2 s
    XLEN=64
    gen_common
    # c.ld / c.sd
    i=0
    for imm in 0 8 16 32 64 128 248 240 168 80; do
        r=$(pick CREGS $i); r2=$(pick CREGS $((i+3))); i=$((i+1))
        out "c.ld $r, $imm($r2)" "ld $r, $imm($r2)"
        out "c.sd $r, $imm($r2)" "sd $r, $imm($r2)"
    done
    # c.addiw (imm 0 allowed; rd != x0)
    i=0
    for imm in "${SIMM6[@]}" 0; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.addiw $r, $imm" "addiw $r, $r, $imm"
    done
    # 6-bit shift amounts
    i=0
    for s in 32 63 33 48; do
        r=$(pick CREGS $i); i=$((i+1))
        out "c.srli $r, $s" "srli $r, $r, $s"
        out "c.srai $r, $s" "srai $r, $r, $s"
    done
    i=0
    for s in 32 63 33 48; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.slli $r, $s" "slli $r, $r, $s"
    done
    out "c.slli x0, 32" "slli x0, x0, 32"
    # c.subw / c.addw
    for i in 0 1 2 3 4 5 6 7; do
        r=$(pick CREGS $i); r2=$(pick CREGS $((i+2)))
        out "c.subw $r, $r2" "subw $r, $r, $r2"
        out "c.addw $r, $r2" "addw $r, $r, $r2"
    done
    # c.ldsp / c.sdsp
    i=0
    for imm in 0 8 16 32 64 128 256 504 496 336 168; do
        r=$(pick XREGS_SAMPLE $i); i=$((i+1))
        out "c.ldsp $r, $imm(sp)" "ld $r, $imm(sp)"
        out "c.sdsp $r, $imm(sp)" "sd $r, $imm(sp)"
    done
    out "c.sdsp x0, 8(sp)" "sd x0, 8(sp)"
}

# ---------------------------------------------------------------------------
# Assemble, link and dump one XLEN's worth of cases.
# ---------------------------------------------------------------------------
build() { # build <xlen> <listfile>
    local xlen=$1 list=$2 march mabi emul n
    if [ "$xlen" = 32 ]; then
        march=rv32; mabi=ilp32; emul=elf32lriscv
    else
        march=rv64; mabi=lp64; emul=elf64lriscv
    fi
    n=$(wc -l < "$list")

    { echo ".option rvc"; echo ".globl _start"; echo "_start:"; cut -d'|' -f1 "$list"; } > "$TMP/c$xlen.s"
    { echo ".option norvc"; echo ".globl _start"; echo "_start:"; cut -d'|' -f2 "$list"; } > "$TMP/u$xlen.s"

    "${CROSS}as" -march=${march}gc -mabi=$mabi -mno-relax -o "$TMP/c$xlen.o" "$TMP/c$xlen.s"
    "${CROSS}as" -march=${march}g -mabi=$mabi -mno-relax -o "$TMP/u$xlen.o" "$TMP/u$xlen.s"
    for k in c u; do
        "${CROSS}ld" -m $emul --no-relax -Ttext=0x100000 -o "$TMP/$k$xlen.elf" "$TMP/$k$xlen.o"
        "${CROSS}objcopy" -O binary -j .text "$TMP/$k$xlen.elf" "$TMP/$k$xlen.bin"
    done

    # Every compressed case must be exactly 2 bytes and every expansion 4.
    if [ "$(stat -c %s "$TMP/c$xlen.bin")" -ne $((2 * n)) ] ||
       [ "$(stat -c %s "$TMP/u$xlen.bin")" -ne $((4 * n)) ]; then
        echo "gen_rvc_cases: size mismatch for xlen=$xlen" >&2
        exit 1
    fi

    od -An -v -tx2 -w2 "$TMP/c$xlen.bin" | tr -d ' ' > "$TMP/c$xlen.hex"
    od -An -v -tx4 -w4 "$TMP/u$xlen.bin" | tr -d ' ' > "$TMP/u$xlen.hex"
    paste -d'|' "$TMP/c$xlen.hex" "$TMP/u$xlen.hex" "$list" |
    while IFS='|' read -r h w casm uasm; do
        printf '    { 0x%s, %s, 0x%s, "%s -> %s" },\n' "$h" "$xlen" "$w" "$casm" "$uasm"
    done
}

gen_rv32 > "$TMP/l32"
gen_rv64 > "$TMP/l64"

cat <<EOF
/*
 * GENERATED FILE - do not edit by hand.
 * Regenerate with:  tests/unit/gen_rvc_cases.sh > tests/unit/rvc_cases.inc
 * Generated by GNU as ($("${CROSS}as" --version | head -n1)).
 *
 * Each entry: { compressed halfword, xlen, expected 32-bit expansion, text }.
 * The halfword comes from assembling the "c.*" form with the C extension and
 * the expansion from assembling the base instruction under .option norvc.
 */
EOF
build 32 "$TMP/l32"
build 64 "$TMP/l64"
