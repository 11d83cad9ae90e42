/*
 * ferry - unit tests for the x86-64 code generator's system-mode memory
 * path (opts->tlb, cpu/x64/codegen.h): every load and store looks its page
 * up in a software TLB inline and calls a slow helper out of line for
 * anything the inline path cannot do.
 *
 * ir_interp knows no TLB, so unlike test_x64_codegen these tests are not
 * differential: each block is run on a hand-made TLB and its results are
 * compared with values worked out here. The set-up:
 *   - a TLB of 2^4 entries (2^8 in one test), every entry empty with tag
 *     0x800 (as RV_TLB_INVALID: bit 11 is never part of an access key, so
 *     an empty entry matches no access, aligned or not);
 *   - `ram`, two host pages standing for guest RAM: VA_PAGE maps to the
 *     first for loads and stores, VA_RO to the second for loads only;
 *   - `dev`, what the slow helpers read and write (little-endian, at the
 *     address's page offset, whatever the page): it holds other bytes than
 *     `ram`, so a value read tells which path ran, and the helpers' call
 *     log says it again;
 *   - a TlbEnv as the blocks' env: the table pointer and the trap flag are
 *     at nonzero offsets, so the code must really use table_off and
 *     trap_flag_off.
 * What is checked: hits read and write the host buffer exactly (sizes 1..8,
 * zero/sign extension, big-endian), misses/misaligned accesses/empty
 * entries call the helpers with the right arguments and use their results,
 * temps survive the out-of-line call, a helper's trap or a store's "leave
 * after" ends the block at the access's site with the register file exact,
 * and with code_pages a fast-path store into a code page leaves with its
 * physical address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "ir.h"
#include "x64/codegen.h"

/* ---- the guest: i64 registers g0..g9 and one i32, slot i at 8*i ----------- */

enum { G0, G1, G2, G3, G4, G5, G6, G7, G8, G9, GW, NG };
static const IrGuestReg guest_regs[NG] = {
    { "g0", IR_I64, 0 },  { "g1", IR_I64, 8 },  { "g2", IR_I64, 16 }, { "g3", IR_I64, 24 },
    { "g4", IR_I64, 32 }, { "g5", IR_I64, 40 }, { "g6", IR_I64, 48 }, { "g7", IR_I64, 56 },
    { "g8", IR_I64, 64 }, { "g9", IR_I64, 72 }, { "w", IR_I32, 80 },
};
static const IrGuest guest = { "tlbtest", NG, guest_regs };
static uint64_t regs[NG];
static uint8_t state_area[64];      /* load_state/store_state base: unused here */

/* ---- the TLB and the memory behind it ---------------------------------------- */

#define PAGE 4096u
#define TLB_INVALID 0x800ull
#define VA_PAGE 0x12345000ull       /* -> ram[0, 4096), loads and stores; index 5 of 16 */
#define VA_RO 0x0000a000ull         /* -> ram[4096, 8192), loads only; index 10 */
#define VA_MISS 0x22226000ull       /* index 6, empty */
#define VA_ALIAS 0x99995000ull      /* index 5 as VA_PAGE, another page: must miss */
#define FAULT_VA 0xdead0008ull      /* the helpers trap here (index 0, empty) */
/* the physical address of ram[0] as the code-page check sees it (host
 * address - frame mem): RAM does not start at 0 on real boards either */
#define PHYS_OFF 0x80000000ull

static uint8_t ram[2 * PAGE];
static uint8_t ram2[PAGE];          /* VA_PAGE's bytes in the other table */
static uint8_t dev[PAGE + 8];       /* slack: a misaligned access at the page end */
static X64TlbEntry table[256], table2[256];
/* the code map: one byte per physical page, up to just past ram's second
 * page (X64_CODE_HERE on a code page, X64_CODE_NEXT on the page before) */
static uint8_t code_bitmap[(PHYS_OFF >> 12) + 64];

static void mark_code(uint64_t page)
{
    code_bitmap[page] |= X64_CODE_HERE;
    if (page > 0)
        code_bitmap[page - 1] |= X64_CODE_NEXT;
}

typedef struct SlowCall {
    bool store;
    bool trap_was_set;      /* the trap flag was still set when the helper ran */
    uint64_t va, value, size;
} SlowCall;

#define MAX_CALLS 16

/* The blocks' env. `pad` keeps the table pointer off offset 0. */
typedef struct TlbEnv {
    uint32_t pad;
    X64TlbEntry *table;
    uint64_t fault_va;      /* the helpers trap on this address */
    uint64_t store_ret;     /* what store_slow returns when it does not trap */
    uint8_t trap;           /* the trap flag (trap_flag_off) */
    unsigned ncalls;
    SlowCall calls[MAX_CALLS];
} TlbEnv;
static TlbEnv env;

static uint64_t mask_of(unsigned bytes) { return bytes >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * bytes)) - 1; }

static uint64_t le_read(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = bytes; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

static void le_write(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void log_call(TlbEnv *e, bool store, uint64_t va, uint64_t value, uint64_t size)
{
    if (e->ncalls < MAX_CALLS)
        e->calls[e->ncalls] = (SlowCall){ store, e->trap != 0, va, value, size };
    e->ncalls++;
}

/* No cmocka asserts in the helpers: a failing assert longjmps, and these
 * run inside generated code. They record; the tests check afterwards. */
static uint64_t load_slow(void *envp, uint64_t va, uint64_t size, uint64_t unused1, uint64_t unused2)
{
    (void)unused1;
    (void)unused2;
    TlbEnv *e = envp;
    log_call(e, false, va, 0, size);
    if (va == e->fault_va) {
        e->trap = 1;
        return 0;
    }
    return le_read(dev + (va & (PAGE - 1)), (unsigned)size);   /* zero-extended, as promised */
}

static uint64_t store_slow(void *envp, uint64_t va, uint64_t value, uint64_t size, uint64_t unused)
{
    (void)unused;
    TlbEnv *e = envp;
    log_call(e, true, va, value, size);
    if (va == e->fault_va) {
        e->trap = 1;
        return 0;
    }
    le_write(dev + (va & (PAGE - 1)), value, (unsigned)size);
    return e->store_ret;
}

static const X64TlbOpts tlb4 = { .table_off = offsetof(TlbEnv, table), .index_bits = 4,
                                 .load_slow = load_slow, .store_slow = store_slow };
static const X64CodegenOpts opts = { .trap_flag_off = offsetof(TlbEnv, trap), .tlb = &tlb4 };

static void map(X64TlbEntry *t, unsigned index_bits, uint64_t va_page, uint8_t *host, bool loads, bool stores)
{
    X64TlbEntry *e = &t[(va_page >> 12) & ((1u << index_bits) - 1)];
    e->tag_load = loads ? va_page : TLB_INVALID;
    e->tag_store = stores ? va_page : TLB_INVALID;
    e->host_minus_va = (uint64_t)((uintptr_t)host - va_page);
}

/* Every test starts here: registers zero, both tables empty but for
 * VA_PAGE and VA_RO (16-entry indexing), ram/dev/ram2 filled with
 * different position-dependent bytes, no code page, no call logged. */
static void reset(void)
{
    memset(regs, 0, sizeof regs);
    for (unsigned i = 0; i < sizeof ram; i++)
        ram[i] = (uint8_t)(i * 7 + 3);
    for (unsigned i = 0; i < sizeof dev; i++)
        dev[i] = (uint8_t)(i * 13 + 0x5a);
    for (unsigned i = 0; i < sizeof ram2; i++)
        ram2[i] = (uint8_t)(i * 29 + 0x11);
    for (unsigned i = 0; i < 256; i++)
        table[i] = table2[i] = (X64TlbEntry){ TLB_INVALID, TLB_INVALID, 0 };
    map(table, 4, VA_PAGE, ram, true, true);
    map(table, 4, VA_RO, ram + PAGE, true, false);
    memset(code_bitmap, 0, sizeof code_bitmap);
    memset(&env, 0, sizeof env);
    env.pad = 0xfeedu;
    env.table = table;
    env.fault_va = FAULT_VA;
}

/* ---- code memory and the runner ------------------------------------------ */

#define CODE_SIZE (1u << 20)
static uint8_t *code;
static size_t code_used;

static int setup(void **state)
{
    (void)state;
    code = x64_code_alloc(CODE_SIZE);
    return code ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    x64_code_free(code, CODE_SIZE);
    return 0;
}

/* Compile b after everything compiled before (so earlier functions stay
 * valid: one test runs two at once), writable while emitting, then sealed. */
static X64BlockFn compile_with(const IrBlock *b, const X64CodegenOpts *o)
{
    char err[160];
    if (!ir_validate(b, err, sizeof err)) {
        ir_print(b, stderr);
        fail_msg("invalid block: %s", err);
    }
    assert_int_equal(mprotect(code, CODE_SIZE, PROT_READ | PROT_WRITE), 0);
    X64Buf buf;
    x64_buf_init(&buf, code, CODE_SIZE);
    buf.len = code_used;
    size_t n = x64_compile(b, b->guest, o, &buf);
    assert_true(x64_code_seal(code, CODE_SIZE));
    if (!n) {
        ir_print(b, stderr);
        fail_msg("block not compiled");
    }
    void *p = code + code_used;
    code_used = (buf.len + 15) & ~(size_t)15;
    assert_true(code_used < CODE_SIZE);
    X64BlockFn fn;
    memcpy(&fn, &p, sizeof fn);     /* object -> function pointer, without a cast ISO C forbids */
    return fn;
}

static X64BlockFn compile(const IrBlock *b) { return compile_with(b, &opts); }

/* Run fn on the globals. The trap flag starts set, as a stale value from an
 * earlier helper would be: the code must clear it before each slow call
 * (the helpers log whether it did). Out-fields start at markers, so the
 * tests see which ones the exit wrote. */
static X64Frame run(X64BlockFn fn)
{
    X64Frame f = {
        .regs = regs, .state = state_area, .env = &env,
        .mem = (uint8_t *)((uintptr_t)ram - PHYS_OFF),
        .code_pages = code_bitmap,
        .exit_kind = 99, .cause = 0xc0de, .pc = 0x5a5a, .value = 0x7777, .site = IR_NO_SITE,
    };
    env.trap = 1;
    fn(&f);
    return f;
}

static void assert_no_slow_calls(void) { assert_int_equal(env.ncalls, 0); }

static void assert_call(unsigned i, bool store, uint64_t va, uint64_t size)
{
    assert_true(i < env.ncalls);
    assert_int_equal(env.calls[i].store, store);
    assert_int_equal(env.calls[i].va, va);
    assert_int_equal(env.calls[i].size, size);
    assert_false(env.calls[i].trap_was_set);
}

static const IrType mem_types[] = { IR_I8, IR_I16, IR_I32, IR_I64 };

/* ---- hits ----------------------------------------------------------------- */

/* bytes whose every prefix is negative, and bytes whose every prefix is
 * positive, so sign extension shows for each size */
static const uint8_t neg_bytes[8] = { 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x92 };
static const uint8_t pos_bytes[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };
#define NEG_OFF 0x7f8u
#define POS_OFF 0x108u
#define END_OFF 0xff8u              /* the last 8 bytes: aligned, so still one page */

/* An aligned load on a mapped page reads the host buffer (at va +
 * host_minus_va) with the right extension, and never calls the helper. */
static void test_load_hit(void **state)
{
    (void)state;
    static const uint64_t want_u[4] = { 0xf0, 0xdef0, 0x9abcdef0, 0x923456789abcdef0ull };
    static const uint64_t want_s[4] = { 0xfffffffffffffff0ull, 0xffffffffffffdef0ull, 0xffffffff9abcdef0ull,
                                        0x923456789abcdef0ull };
    static const uint64_t want_s32[4] = { 0xfffffff0, 0xffffdef0, 0x9abcdef0, 0x9abcdef0 };
    static const uint64_t want_pos[4] = { 0x01, 0x0201, 0x04030201, 0x0807060504030201ull };
    for (unsigned k = 0; k < 4; k++) {
        IrType mt = mem_types[k];
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s = ir_site(&b, 0x1000, 0);
        IrArg base = ir_get_reg(&b, G0);
        IrArg neg = ir_binop(&b, IR_ADD, IR_I64, base, ir_imm(NEG_OFF));
        ir_set_reg(&b, G1, ir_load(&b, IR_I64, mt, 0, neg, s));
        ir_set_reg(&b, G2, ir_load(&b, IR_I64, mt, IR_MEM_SIGNED, neg, s));
        /* a narrower result: sign-extended to 32 bits, then canonical */
        ir_set_reg(&b, GW, ir_load(&b, IR_I32, k == 3 ? IR_I32 : mt, IR_MEM_SIGNED, neg, s));
        /* an immediate address, and a positive value: signed = unsigned */
        ir_set_reg(&b, G3, ir_load(&b, IR_I64, mt, IR_MEM_SIGNED, ir_imm(VA_PAGE + POS_OFF), s));
        /* the last aligned slot of the page, and the read-only page */
        ir_set_reg(&b, G4, ir_load(&b, IR_I64, mt, 0, ir_imm(VA_PAGE + END_OFF), s));
        ir_set_reg(&b, G5, ir_load(&b, IR_I64, mt, 0, ir_imm(VA_RO + 0x40), s));
        ir_exit(&b, 0x1004);
        X64BlockFn fn = compile(&b);

        reset();
        memcpy(ram + NEG_OFF, neg_bytes, 8);
        memcpy(ram + POS_OFF, pos_bytes, 8);
        regs[G0] = VA_PAGE;
        X64Frame f = run(fn);
        unsigned bytes = 1u << k;
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(f.pc, 0x1004);
        assert_int_equal(regs[G1], want_u[k]);
        assert_int_equal(regs[G2], want_s[k]);
        assert_int_equal(regs[GW], want_s32[k]);
        assert_int_equal(regs[G3], want_pos[k]);
        assert_int_equal(regs[G4], le_read(ram + END_OFF, bytes));
        assert_int_equal(regs[G5], le_read(ram + PAGE + 0x40, bytes));
        assert_no_slow_calls();
        ir_block_destroy(&b);
    }
}

/* An aligned store on a page mapped for stores writes exactly its bytes
 * into the host buffer; on a page mapped for loads only (tag_store empty,
 * as before the PTE's D bit is set) it goes to the helper instead. */
static void test_store_hit(void **state)
{
    (void)state;
    static uint8_t want[2 * PAGE];
    const uint64_t v = 0x1122334455667788ull;
    for (unsigned k = 0; k < 4; k++) {
        IrType mt = mem_types[k];
        unsigned bytes = 1u << k;
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s0 = ir_site(&b, 0x1000, 0), s1 = ir_site(&b, 0x1004, 1), s2 = ir_site(&b, 0x1008, 2);
        IrArg base = ir_get_reg(&b, G0);
        ir_store(&b, IR_I64, mt, 0, ir_binop(&b, IR_ADD, IR_I64, base, ir_imm(0x200)), ir_get_reg(&b, G1), s0);
        ir_store(&b, IR_I64, mt, 0, ir_imm(VA_PAGE + END_OFF), ir_imm(0xa1b2c3d4e5f60718ull), s1);
        ir_store(&b, IR_I64, mt, 0, ir_imm(VA_RO + 0x80), ir_get_reg(&b, G1), s2);
        ir_exit(&b, 0x100c);
        X64BlockFn fn = compile(&b);

        reset();
        memcpy(want, ram, sizeof want);
        le_write(want + 0x200, v, bytes);
        le_write(want + END_OFF, 0xa1b2c3d4e5f60718ull, bytes);
        regs[G0] = VA_PAGE;
        regs[G1] = v;
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(f.pc, 0x100c);
        /* only the stored bytes changed, the read-only page not at all */
        assert_memory_equal(ram, want, sizeof want);
        assert_int_equal(env.ncalls, 1);
        assert_call(0, true, VA_RO + 0x80, bytes);
        assert_int_equal(le_read(dev + 0x80, bytes), v & mask_of(bytes));
        ir_block_destroy(&b);
    }
}

/* The table is read through env at run time (the engine switches tables
 * with the privilege mode between blocks): the same code follows the
 * other table's mapping. */
static void test_table_read_from_env(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &guest, 0x1000);
    uint32_t s = ir_site(&b, 0x1000, 0);
    ir_set_reg(&b, G1, ir_load(&b, IR_I64, IR_I64, 0, ir_imm(VA_PAGE + 0x10), s));
    ir_store(&b, IR_I64, IR_I32, 0, ir_imm(VA_PAGE + 0x20), ir_imm(0xcafef00d), s);
    ir_exit(&b, 0x1004);
    X64BlockFn fn = compile(&b);

    reset();
    map(table2, 4, VA_PAGE, ram2, true, true);
    env.table = table2;
    uint8_t before[sizeof ram];
    memcpy(before, ram, sizeof ram);
    X64Frame f = run(fn);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(regs[G1], le_read(ram2 + 0x10, 8));
    assert_int_equal(le_read(ram2 + 0x20, 4), 0xcafef00d);
    assert_memory_equal(ram, before, sizeof ram);
    assert_no_slow_calls();

    /* back to the first table, same code */
    env.table = table;
    f = run(fn);
    assert_int_equal(regs[G1], le_read(ram + 0x10, 8));
    assert_int_equal(le_read(ram + 0x20, 4), 0xcafef00d);
    assert_no_slow_calls();
    ir_block_destroy(&b);
}

/* The entry is (va >> 12) mod 2^index_bits: compiled for 256 entries the
 * code finds VA_PAGE at entry 0x45, compiled for 16 at entry 5. Both are
 * filled, with different host pages, so each code shows which it used. */
static void test_index_bits(void **state)
{
    (void)state;
    static const X64TlbOpts tlb8 = { .table_off = offsetof(TlbEnv, table), .index_bits = 8,
                                     .load_slow = load_slow, .store_slow = store_slow };
    const X64CodegenOpts opts8 = { .trap_flag_off = offsetof(TlbEnv, trap), .tlb = &tlb8 };
    IrBlock b;
    ir_block_init(&b, &guest, 0x1000);
    uint32_t s = ir_site(&b, 0x1000, 0);
    ir_set_reg(&b, G1, ir_load(&b, IR_I64, IR_I64, 0, ir_get_reg(&b, G0), s));
    ir_exit(&b, 0x1004);
    X64BlockFn fn4 = compile(&b), fn8 = compile_with(&b, &opts8);

    reset();
    map(table, 8, VA_PAGE, ram2, true, true);       /* entry 0x45; entry 5 -> ram */
    regs[G0] = VA_PAGE + 0x30;
    run(fn4);
    assert_int_equal(regs[G1], le_read(ram + 0x30, 8));
    run(fn8);
    assert_int_equal(regs[G1], le_read(ram2 + 0x30, 8));
    assert_no_slow_calls();
    /* 0x12335000 shares entry 5 with VA_PAGE under 4 bits but not 8 (0x35):
     * the tag still tells them apart */
    regs[G0] = 0x12335000ull + 0x30;
    run(fn4);
    assert_int_equal(regs[G1], le_read(dev + 0x30, 8));
    assert_int_equal(env.ncalls, 1);
    assert_call(0, false, 0x12335000ull + 0x30, 8);
    ir_block_destroy(&b);
}

/* ---- misses ---------------------------------------------------------------- */

/* A load on a page the TLB does not hold (an empty entry, or the entry of
 * another page with the same index) calls load_slow(va, size), and the
 * block goes on with the value it returned, extended as the load asks. */
static void test_load_miss(void **state)
{
    (void)state;
    for (unsigned k = 0; k < 4; k++) {
        IrType mt = mem_types[k];
        unsigned bytes = 1u << k;
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s = ir_site(&b, 0x1000, 0);
        IrArg a = ir_get_reg(&b, G0);
        IrArg u = ir_load(&b, IR_I64, mt, 0, a, s);
        ir_set_reg(&b, G1, u);
        /* used by the next instruction: the slow path must leave it where
         * the fast path does */
        ir_set_reg(&b, G2, ir_binop(&b, IR_ADD, IR_I64, u, ir_imm(1)));
        ir_set_reg(&b, G3, ir_load(&b, IR_I64, mt, IR_MEM_SIGNED, ir_imm(VA_ALIAS + 0x88), s));
        ir_exit(&b, 0x1004);
        X64BlockFn fn = compile(&b);

        reset();
        memcpy(dev + 0x48, neg_bytes, 8);
        memcpy(dev + 0x88, neg_bytes, 8);
        regs[G0] = VA_MISS + 0x48;
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(f.pc, 0x1004);
        uint64_t u_want = le_read(neg_bytes, bytes);
        uint64_t s_want = k == 3 ? u_want : u_want | ~mask_of(bytes);   /* every prefix is negative */
        assert_int_equal(regs[G1], u_want);
        assert_int_equal(regs[G2], u_want + 1);
        assert_int_equal(regs[G3], s_want);
        assert_int_equal(env.ncalls, 2);
        assert_call(0, false, VA_MISS + 0x48, bytes);
        assert_call(1, false, VA_ALIAS + 0x88, bytes);
        ir_block_destroy(&b);
    }
}

/* The key compared with the tag includes the address bits an aligned
 * access has clear, so a misaligned access misses even on a mapped page
 * (and never crosses a page inline); an empty entry (0x800) matches no key
 * at all, not even page 0's. */
static void test_misaligned_and_empty(void **state)
{
    (void)state;
    static const struct { uint64_t va; IrType mt; } cases[] = {
        { VA_PAGE + 2, IR_I32 },        /* misaligned on a mapped page */
        { VA_PAGE + 4, IR_I64 },
        { VA_PAGE + 0x101, IR_I16 },
        { VA_PAGE + 0xfff, IR_I16 },    /* would reach into the next page */
        { VA_PAGE + 0xffc, IR_I64 },
        { 1, IR_I16 },                  /* page 0, entry 0 empty */
        { 0, IR_I8 },                   /* aligned, page 0: key 0, tag 0x800 */
        { 0, IR_I64 },
        { 0x800, IR_I8 },               /* the tag's own value as an address */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        IrType mt = cases[i].mt;
        unsigned bytes = ir_type_bits(mt) / 8;
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s0 = ir_site(&b, 0x1000, 0), s1 = ir_site(&b, 0x1004, 1);
        ir_set_reg(&b, G1, ir_load(&b, IR_I64, mt, 0, ir_get_reg(&b, G0), s0));
        ir_store(&b, IR_I64, mt, 0, ir_get_reg(&b, G0), ir_imm(0x0f1e2d3c4b5a6978ull), s1);
        ir_exit(&b, 0x1008);
        X64BlockFn fn = compile(&b);

        reset();
        uint8_t before[sizeof ram];
        memcpy(before, ram, sizeof ram);
        uint64_t off = cases[i].va & (PAGE - 1);
        uint64_t from_dev = le_read(dev + off, bytes);
        regs[G0] = cases[i].va;
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(f.pc, 0x1008);
        assert_int_equal(regs[G1], from_dev);
        assert_int_equal(le_read(dev + off, bytes), 0x0f1e2d3c4b5a6978ull & mask_of(bytes));
        assert_memory_equal(ram, before, sizeof ram);     /* nothing went to the mapped page inline */
        assert_int_equal(env.ncalls, 2);
        assert_call(0, false, cases[i].va, bytes);
        assert_call(1, true, cases[i].va, bytes);
        ir_block_destroy(&b);
    }
}

/* The slow path is a C call in the middle of an instruction: it must keep
 * every temp, those in caller-saved host registers (the allocator's pool:
 * rsi, rdi, r9, r10, r11, which the call may clobber) and those in stack
 * slots. Nine temps are alive across a missing load, a missing store and a
 * hit, more than the pool holds, so both kinds are there. */
static void test_temps_survive_slow_path(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &guest, 0x1000);
    uint32_t s = ir_site(&b, 0x1000, 0);
    IrArg base = ir_get_reg(&b, G0);
    IrArg v[8];
    for (unsigned i = 0; i < 8; i++)
        v[i] = ir_binop(&b, IR_ADD, IR_I64, ir_get_reg(&b, G1 + i), ir_imm(0x1111u * (i + 1)));
    IrArg x = ir_load(&b, IR_I64, IR_I64, 0, ir_binop(&b, IR_ADD, IR_I64, base, ir_imm(0x30)), s);
    ir_store(&b, IR_I64, IR_I32, 0, ir_binop(&b, IR_ADD, IR_I64, base, ir_imm(0x40)), v[7], s);
    IrArg y = ir_load(&b, IR_I64, IR_I64, 0, ir_imm(VA_PAGE + 0x108), s);
    /* used in another order than defined, so each value comes from its own home */
    for (unsigned i = 8; i-- > 0;)
        ir_set_reg(&b, G1 + i, ir_binop(&b, IR_XOR, IR_I64, v[i], x));
    ir_set_reg(&b, G9, ir_binop(&b, IR_ADD, IR_I64, ir_binop(&b, IR_ADD, IR_I64, x, y), base));
    ir_exit(&b, 0x1004);
    X64BlockFn fn = compile(&b);

    reset();
    uint64_t init[8];
    regs[G0] = VA_MISS;
    for (unsigned i = 0; i < 8; i++)
        regs[G1 + i] = init[i] = 0x0101010101010101ull * (i + 3) + (uint64_t)i * 0x100000000ull;
    uint64_t xv = le_read(dev + 0x30, 8), yv = le_read(ram + 0x108, 8);
    X64Frame f = run(fn);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(regs[G1 + i], (init[i] + 0x1111u * (i + 1)) ^ xv);
    assert_int_equal(regs[G9], xv + yv + VA_MISS);
    assert_int_equal(le_read(dev + 0x40, 4), (init[7] + 0x8888u) & 0xffffffffu);
    assert_int_equal(env.ncalls, 2);
    assert_call(0, false, VA_MISS + 0x30, 8);
    assert_call(1, true, VA_MISS + 0x40, 4);
    ir_block_destroy(&b);
}

/* ---- leaving the block from the slow path ------------------------------------ */

/* A helper that traps (sets the flag) ends the block at the access: exit
 * IR_END_HELPER_TRAP with the site's pc and index, registers set before
 * the access written, none after; the fields a helper trap does not set
 * keep their values. A store that traps has not written anything. */
static void test_slow_trap(void **state)
{
    (void)state;
    for (int store = 0; store < 2; store++) {
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s0 = ir_site(&b, 0x1000, 0), s1 = ir_site(&b, 0x1004, 1), s2 = ir_site(&b, 0x1008, 2);
        IrArg a = ir_get_reg(&b, G0);
        /* a hit first, so the trap is not just "the first access" */
        ir_set_reg(&b, G1, ir_load(&b, IR_I64, IR_I64, 0, ir_imm(VA_PAGE + 0x10), s0));
        if (store) {
            ir_store(&b, IR_I64, IR_I16, 0, a, ir_imm(0x4455), s1);
        } else {
            ir_set_reg(&b, G2, ir_load(&b, IR_I64, IR_I16, 0, a, s1));
        }
        ir_set_reg(&b, G3, ir_imm(333));
        ir_store(&b, IR_I64, IR_I8, 0, ir_imm(VA_PAGE + 0x20), ir_imm(0x99), s2);
        ir_exit(&b, 0x100c);
        X64BlockFn fn = compile(&b);

        reset();
        regs[G0] = FAULT_VA;
        regs[G2] = regs[G3] = 0xbad;
        uint8_t dev_before[sizeof dev];
        memcpy(dev_before, dev, sizeof dev);
        uint8_t ram20 = ram[0x20];
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_HELPER_TRAP);
        assert_int_equal(f.pc, 0x1004);
        assert_int_equal(f.site, s1);
        assert_int_equal(f.cause, 0xc0de);
        assert_int_equal(f.value, 0x7777);
        assert_int_equal(regs[G1], le_read(ram + 0x10, 8));
        assert_int_equal(regs[G2], 0xbad);
        assert_int_equal(regs[G3], 0xbad);
        assert_int_equal(ram[0x20], ram20);
        assert_memory_equal(dev, dev_before, sizeof dev);
        assert_int_equal(env.ncalls, 1);
        assert_call(0, store, FAULT_VA, 2);

        /* the same code on an address that does not trap runs through */
        reset();
        regs[G0] = VA_MISS + 0x60;
        f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(f.pc, 0x100c);
        assert_int_equal(regs[G3], 333);
        assert_int_equal(ram[0x20], 0x99);
        if (store)
            assert_int_equal(le_read(dev + 0x60, 2), 0x4455);
        else
            assert_int_equal(regs[G2], le_read(dev + 0x60, 2));
        ir_block_destroy(&b);
    }
}

/* store_slow returning nonzero (the store hit translated code, say) leaves
 * the block right after the store: X64_END_AFTER at the store's site, the
 * store done, nothing after it run. Zero goes on. "Nonzero" is the whole
 * 64-bit return value: one with only high bits set leaves too. */
static void test_store_leave_after(void **state)
{
    (void)state;
    IrBlock b;
    ir_block_init(&b, &guest, 0x2000);
    uint32_t s0 = ir_site(&b, 0x2000, 0), s1 = ir_site(&b, 0x2004, 1), s2 = ir_site(&b, 0x2008, 2);
    (void)s0;
    ir_set_reg(&b, G1, ir_imm(1));
    ir_store(&b, IR_I64, IR_I32, 0, ir_get_reg(&b, G0), ir_imm(0xabcd1234), s1);
    ir_set_reg(&b, G2, ir_imm(2));
    ir_store(&b, IR_I64, IR_I8, 0, ir_imm(VA_PAGE + 0x30), ir_imm(0x42), s2);
    ir_exit(&b, 0x200c);
    X64BlockFn fn = compile(&b);

    static const uint64_t leave[] = { 1, UINT64_C(1) << 32, UINT64_MAX };
    for (unsigned i = 0; i < sizeof leave / sizeof leave[0]; i++) {
        reset();
        env.store_ret = leave[i];
        regs[G0] = VA_MISS + 0x70;
        uint8_t ram30 = ram[0x30];
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, X64_END_AFTER);
        assert_int_equal(f.pc, 0x2004);
        assert_int_equal(f.site, s1);
        assert_int_equal(regs[G1], 1);
        assert_int_equal(regs[G2], 0);
        assert_int_equal(le_read(dev + 0x70, 4), 0xabcd1234);
        assert_int_equal(ram[0x30], ram30);
        assert_int_equal(env.ncalls, 1);
        assert_call(0, true, VA_MISS + 0x70, 4);
    }

    reset();
    env.store_ret = 0;
    regs[G0] = VA_MISS + 0x70;
    X64Frame f = run(fn);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(f.pc, 0x200c);
    assert_int_equal(regs[G2], 2);
    assert_int_equal(ram[0x30], 0x42);
    assert_int_equal(le_read(dev + 0x70, 4), 0xabcd1234);
    ir_block_destroy(&b);
}

/* store_slow gets the value's low `size` bytes as they would go to memory
 * (higher bits are not promised: the helper masks), from a register, an
 * immediate and a narrower temp. */
static void test_store_slow_value(void **state)
{
    (void)state;
    const uint64_t v = 0x8877665544332211ull;
    for (unsigned k = 0; k < 4; k++) {
        IrType mt = mem_types[k];
        unsigned bytes = 1u << k;
        uint64_t m = mask_of(bytes);
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s = ir_site(&b, 0x1000, 0);
        IrArg a = ir_get_reg(&b, G0);
        ir_store(&b, IR_I64, mt, 0, a, ir_get_reg(&b, G1), s);
        ir_store(&b, IR_I64, mt, 0, ir_binop(&b, IR_ADD, IR_I64, a, ir_imm(8)), ir_imm(0xfedcba9876543210ull), s);
        if (k < 3)
            ir_store(&b, IR_I32, mt, 0, ir_binop(&b, IR_ADD, IR_I64, a, ir_imm(16)), ir_get_reg(&b, GW), s);
        ir_exit(&b, 0x1004);
        X64BlockFn fn = compile(&b);

        reset();
        regs[G0] = VA_MISS + 0x100;
        regs[G1] = v;
        regs[GW] = 0xc3c2c1c0;
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(env.ncalls, k < 3 ? 3 : 2);
        assert_call(0, true, VA_MISS + 0x100, bytes);
        assert_int_equal(env.calls[0].value & m, v & m);
        assert_call(1, true, VA_MISS + 0x108, bytes);
        assert_int_equal(env.calls[1].value & m, 0xfedcba9876543210ull & m);
        assert_int_equal(le_read(dev + 0x100, bytes), v & m);
        assert_int_equal(le_read(dev + 0x108, bytes), 0xfedcba9876543210ull & m);
        if (k < 3) {
            assert_call(2, true, VA_MISS + 0x110, bytes);
            assert_int_equal(env.calls[2].value & m, 0xc3c2c1c0 & m);
        }
        ir_block_destroy(&b);
    }
}

/* ---- big-endian --------------------------------------------------------------- */

/* IR_MEM_BE swaps bytes on both paths: a hit reads/writes the host buffer
 * big-endian, and the helpers, which know nothing of byte order, see the
 * value in memory order (so dev ends up big-endian too). */
static void test_big_endian(void **state)
{
    (void)state;
    static const uint64_t be[4] = { 0x01, 0x0102, 0x01020304, 0x0102030405060708ull };
    static const uint64_t be_neg_s[4] = { 0xfffffffffffffff0ull, 0xfffffffffffff0deull, 0xfffffffff0debc9aull,
                                          0xf0debc9a78563492ull };
    const uint64_t v = 0x1122334455667788ull;
    for (unsigned k = 0; k < 4; k++) {
        IrType mt = mem_types[k];
        unsigned bytes = 1u << k;
        IrBlock b;
        ir_block_init(&b, &guest, 0x1000);
        uint32_t s = ir_site(&b, 0x1000, 0);
        ir_set_reg(&b, G1, ir_load(&b, IR_I64, mt, IR_MEM_BE, ir_imm(VA_PAGE + POS_OFF), s));
        ir_set_reg(&b, G2, ir_load(&b, IR_I64, mt, IR_MEM_BE | IR_MEM_SIGNED, ir_imm(VA_PAGE + NEG_OFF), s));
        ir_set_reg(&b, G3, ir_load(&b, IR_I64, mt, IR_MEM_BE, ir_imm(VA_MISS + POS_OFF), s));
        ir_set_reg(&b, G4, ir_load(&b, IR_I64, mt, IR_MEM_BE | IR_MEM_SIGNED, ir_imm(VA_MISS + NEG_OFF), s));
        ir_store(&b, IR_I64, mt, IR_MEM_BE, ir_imm(VA_PAGE + 0x400), ir_get_reg(&b, G0), s);
        ir_store(&b, IR_I64, mt, IR_MEM_BE, ir_imm(VA_MISS + 0x400), ir_get_reg(&b, G0), s);
        ir_exit(&b, 0x1004);
        X64BlockFn fn = compile(&b);

        reset();
        memcpy(ram + POS_OFF, pos_bytes, 8);
        memcpy(ram + NEG_OFF, neg_bytes, 8);
        memcpy(dev + POS_OFF, pos_bytes, 8);
        memcpy(dev + NEG_OFF, neg_bytes, 8);
        regs[G0] = v;
        uint8_t want_ram[sizeof ram];
        memcpy(want_ram, ram, sizeof ram);
        for (unsigned i = 0; i < bytes; i++)
            want_ram[0x400 + i] = (uint8_t)(v >> (8 * (bytes - 1 - i)));
        X64Frame f = run(fn);
        assert_int_equal(f.exit_kind, IR_END_JUMP);
        assert_int_equal(regs[G1], be[k]);
        assert_int_equal(regs[G2], be_neg_s[k]);
        assert_int_equal(regs[G3], be[k]);
        assert_int_equal(regs[G4], be_neg_s[k]);
        assert_memory_equal(ram, want_ram, sizeof ram);
        assert_memory_equal(dev + 0x400, want_ram + 0x400, bytes);
        assert_int_equal(env.ncalls, 3);
        assert_call(0, false, VA_MISS + POS_OFF, bytes);
        assert_call(1, false, VA_MISS + NEG_OFF, bytes);
        assert_call(2, true, VA_MISS + 0x400, bytes);
        ir_block_destroy(&b);
    }
}

/* ---- stores to code pages ------------------------------------------------------ */

/* With code_pages, a fast-path store tests the bit of its physical page
 * (host address - frame mem) and, when set, leaves after the store with
 * X64_END_CODE_WRITE, value = the physical address, cause = the size, at
 * the store's site. Loads, and stores to pages whose bit is clear (even
 * with both neighbours set), go on; slow-path stores are the helper's to
 * check and go on too. */
static void test_code_pages(void **state)
{
    (void)state;
    X64CodegenOpts o = opts;
    o.code_pages = true;
    const uint64_t page0 = PHYS_OFF >> 12, page1 = page0 + 1;
    IrBlock b;
    ir_block_init(&b, &guest, 0x3000);
    uint32_t s0 = ir_site(&b, 0x3000, 0), s1 = ir_site(&b, 0x3004, 1), s2 = ir_site(&b, 0x3008, 2);
    IrArg a = ir_get_reg(&b, G0);
    ir_set_reg(&b, G1, ir_load(&b, IR_I64, IR_I64, 0, ir_imm(VA_PAGE + 0x10), s0));
    ir_store(&b, IR_I64, IR_I32, 0, a, ir_imm(0x600df00d), s1);
    ir_set_reg(&b, G2, ir_imm(22));
    ir_store(&b, IR_I64, IR_I16, 0, ir_imm(VA_MISS + 0x20), ir_imm(0xbeef), s2);
    ir_set_reg(&b, G3, ir_imm(33));
    ir_exit(&b, 0x300c);
    X64BlockFn fn = compile_with(&b, &o);

    /* the store's page is code: leave right after it */
    reset();
    mark_code(page0);
    regs[G0] = VA_PAGE + 0x124;
    uint64_t dev20 = le_read(dev + 0x20, 2);
    X64Frame f = run(fn);
    assert_int_equal(f.exit_kind, X64_END_CODE_WRITE);
    assert_int_equal(f.value, PHYS_OFF + 0x124);
    assert_int_equal(f.cause, 4);
    assert_int_equal(f.pc, 0x3004);
    assert_int_equal(f.site, s1);
    assert_int_equal(le_read(ram + 0x124, 4), 0x600df00d);   /* the store was done */
    assert_int_equal(regs[G1], le_read(ram + 0x10, 8));     /* a load on the code page goes on */
    assert_int_equal(regs[G2], 0);
    assert_int_equal(le_read(dev + 0x20, 2), dev20);        /* the later store did not run */
    assert_no_slow_calls();

    /* the second ram page (page0 + 1) is code too, ram's first is not */
    reset();
    mark_code(page1);
    map(table, 4, VA_PAGE, ram + PAGE, true, true);
    regs[G0] = VA_PAGE + 0xffc;
    f = run(fn);
    assert_int_equal(f.exit_kind, X64_END_CODE_WRITE);
    assert_int_equal(f.value, PHYS_OFF + PAGE + 0xffc);

    /* neighbours set, the store's page clear: runs through, the slow store included */
    reset();
    mark_code(page0 - 1);
    mark_code(page1);
    regs[G0] = VA_PAGE + 0x124;
    f = run(fn);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(f.pc, 0x300c);
    assert_int_equal(le_read(ram + 0x124, 4), 0x600df00d);
    assert_int_equal(regs[G2], 22);
    assert_int_equal(regs[G3], 33);
    assert_int_equal(le_read(dev + 0x20, 2), 0xbeef);
    assert_int_equal(env.ncalls, 1);
    assert_call(0, true, VA_MISS + 0x20, 2);

    /* a slow-path store is not tested against the bitmap inline, even when
     * its va's offset would land on a code page: the helper decides */
    reset();
    mark_code(page0);
    regs[G0] = VA_MISS + 0x124;
    f = run(fn);
    assert_int_equal(f.exit_kind, IR_END_JUMP);
    assert_int_equal(regs[G3], 33);
    assert_int_equal(env.ncalls, 2);
    assert_call(0, true, VA_MISS + 0x124, 4);
    ir_block_destroy(&b);
}

int main(void)
{
#define T(f) cmocka_unit_test(f)
    const struct CMUnitTest tests[] = {
        T(test_load_hit),
        T(test_store_hit),
        T(test_table_read_from_env),
        T(test_index_bits),
        T(test_load_miss),
        T(test_misaligned_and_empty),
        T(test_temps_survive_slow_path),
        T(test_slow_trap),
        T(test_store_leave_after),
        T(test_store_slow_value),
        T(test_big_endian),
        T(test_code_pages),
    };
#undef T
    return cmocka_run_group_tests_name("x64_tlb", tests, setup, teardown);
}
