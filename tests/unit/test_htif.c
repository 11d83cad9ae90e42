/*
 * ferry - unit tests for HTIF, the host-target interface of Spike
 * (devices/htif.c), driven directly on a small buffer standing for guest RAM.
 *
 * Expected behaviour (riscv-isa-sim fesvr: htif.cc, device.h/.cc,
 * syscall.cc, and QEMU's hw/char/riscv_htif.c, which follows it):
 *  - tohost = (device << 56) | (command << 48) | payload (48 bits);
 *  - device 0, command 0, payload odd: the guest exits with status
 *    payload >> 1 (riscv-tests: tohost = 1 is a pass);
 *  - device 0, command 0, payload even: payload is the physical address
 *    of "magic memory", eight 64-bit words { syscall number, args... };
 *    the syscall's result is written back to magic[0] and fromhost gets
 *    the acknowledgement (device/command of the request, payload 1);
 *    write = 64 (fd, buf, count) and exit = 93 (status);
 *  - device 1 (console), command 1: output the low byte of payload; the
 *    reply keeps device/command in bits 63:48;
 *  - the host clears tohost once it has taken the command; tohost = 0
 *    means no command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../devices/htif.h"

#define RAM_BASE 0x80000000ull
#define RAM_WORDS 1024 /* 8 KiB */
#define RAM_SIZE (RAM_WORDS * 8ull)

#define TOHOST_OFF   0x000
#define FROMHOST_OFF 0x008
#define MAGIC_OFF    0x100
#define BUF_OFF      0x400

static uint64_t ram[RAM_WORDS];
static Htif h;
static FILE *console;
static char *out;
static size_t out_len;

static uint8_t *ram_at(uint64_t off) { return (uint8_t *)ram + off; }
static uint64_t word(uint64_t off) { uint64_t v; memcpy(&v, ram_at(off), 8); return v; }
static void set_word(uint64_t off, uint64_t v) { memcpy(ram_at(off), &v, 8); }

static int setup(void **state)
{
    (void)state;
    memset(ram, 0, sizeof ram);
    out = NULL;
    out_len = 0;
    console = open_memstream(&out, &out_len);
    if (!console)
        return -1;
    memset(&h, 0, sizeof h);
    h.tohost = ram_at(TOHOST_OFF);
    h.fromhost = ram_at(FROMHOST_OFF);
    h.ram = (uint8_t *)ram;
    h.ram_base = RAM_BASE;
    h.ram_size = RAM_SIZE;
    h.console = console;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    fclose(console);
    free(out);
    return 0;
}

/* what has been written to the console so far */
static const char *console_text(void)
{
    fflush(console);
    return out ? out : "";
}

static void set_magic(uint64_t off, uint64_t n, uint64_t a0, uint64_t a1, uint64_t a2)
{
    uint64_t m[8] = { n, a0, a1, a2, 0, 0, 0, 0 };
    memcpy(ram_at(off), m, sizeof m);
}

static void test_exit_command(void **state)
{
    (void)state;
    set_word(TOHOST_OFF, (3ull << 1) | 1);
    assert_true(htif_poll(&h));
    assert_true(h.exited);
    assert_int_equal(h.exit_code, 3);
    assert_int_equal(word(TOHOST_OFF), 0);
    assert_string_equal(console_text(), "");
}

static void test_exit_zero_is_pass(void **state)
{
    (void)state;
    set_word(TOHOST_OFF, 1);
    assert_true(htif_poll(&h));
    assert_true(h.exited);
    assert_int_equal(h.exit_code, 0);
    assert_int_equal(word(TOHOST_OFF), 0);
}

static void test_exit_code_riscv_tests_failure(void **state)
{
    (void)state;
    /* riscv-tests RVTEST_FAIL: tohost = (TESTNUM << 1) | 1 */
    set_word(TOHOST_OFF, (21ull << 1) | 1);
    assert_true(htif_poll(&h));
    assert_int_equal(h.exit_code, 21);
}

static void test_putchar_command(void **state)
{
    (void)state;
    set_word(FROMHOST_OFF, 0);
    set_word(TOHOST_OFF, (1ull << 56) | (1ull << 48) | 'A');
    assert_false(htif_poll(&h));
    assert_false(h.exited);
    assert_int_equal(word(TOHOST_OFF), 0);
    assert_string_equal(console_text(), "A");
    uint64_t ack = word(FROMHOST_OFF);
    assert_int_not_equal(ack, 0);
    assert_int_equal(ack >> 48, 0x0101); /* device 1, command 1 */
    /* a second character after the guest cleared fromhost */
    set_word(FROMHOST_OFF, 0);
    set_word(TOHOST_OFF, (1ull << 56) | (1ull << 48) | 'z');
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "Az");
    assert_int_equal(word(FROMHOST_OFF) >> 48, 0x0101);
}

static void test_putchar_uses_low_byte_only(void **state)
{
    (void)state;
    set_word(TOHOST_OFF, (1ull << 56) | (1ull << 48) | (0x1234ull << 8) | '\n');
    assert_false(htif_poll(&h));
    console_text(); /* flush */
    assert_int_equal(out_len, 1);
    assert_int_equal(out[0], '\n');
}

static void test_putchar_without_fromhost(void **state)
{
    (void)state;
    h.fromhost = NULL;
    set_word(TOHOST_OFF, (1ull << 56) | (1ull << 48) | 'x');
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "x");
    assert_int_equal(word(TOHOST_OFF), 0);
    assert_int_equal(word(FROMHOST_OFF), 0);
}

static void test_syscall_write(void **state)
{
    (void)state;
    memcpy(ram_at(BUF_OFF), "hello, htif", 11);
    set_magic(MAGIC_OFF, 64, 1, RAM_BASE + BUF_OFF, 5);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_false(h.exited);
    assert_string_equal(console_text(), "hello");
    assert_int_equal(word(MAGIC_OFF), 5);            /* the result: n */
    assert_int_equal(word(MAGIC_OFF + 8), 1);         /* arguments untouched */
    assert_int_equal(word(MAGIC_OFF + 16), RAM_BASE + BUF_OFF);
    assert_int_equal(word(MAGIC_OFF + 24), 5);
    assert_int_equal(word(TOHOST_OFF), 0);
    assert_int_equal(word(FROMHOST_OFF), 1);          /* respond(1) */

    /* stderr (fd 2) goes to the console as well */
    set_magic(MAGIC_OFF, 64, 2, RAM_BASE + BUF_OFF + 5, 6);
    set_word(FROMHOST_OFF, 0);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "hello, htif");
    assert_int_equal(word(MAGIC_OFF), 6);
    assert_int_equal(word(FROMHOST_OFF), 1);
}

static void test_syscall_write_zero_bytes(void **state)
{
    (void)state;
    set_magic(MAGIC_OFF, 64, 1, RAM_BASE + BUF_OFF, 0);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_int_equal(word(MAGIC_OFF), 0);
    assert_string_equal(console_text(), "");
}

static void test_syscall_write_buffer_at_end_of_ram(void **state)
{
    (void)state;
    memcpy(ram_at(RAM_SIZE - 3), "end", 3);
    set_magic(MAGIC_OFF, 64, 1, RAM_BASE + RAM_SIZE - 3, 3);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "end");
    assert_int_equal(word(MAGIC_OFF), 3);
}

static void test_syscall_exit(void **state)
{
    (void)state;
    set_magic(MAGIC_OFF, 93, 7, 0, 0);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_true(htif_poll(&h));
    assert_true(h.exited);
    assert_int_equal(h.exit_code, 7);
    assert_int_equal(word(TOHOST_OFF), 0);
    /* polling again keeps reporting the exit */
    assert_true(htif_poll(&h));
}

static void test_syscall_exit_zero(void **state)
{
    (void)state;
    set_magic(MAGIC_OFF, 93, 0, 0, 0);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_true(htif_poll(&h));
    assert_int_equal(h.exit_code, 0);
}

static void test_proxy_pointer_outside_ram_ignored(void **state)
{
    (void)state;
    set_word(FROMHOST_OFF, 0);
    static const uint64_t bad[] = {
        0x1000,                        /* below RAM */
        RAM_BASE - 64,                 /* just below */
        RAM_BASE + RAM_SIZE,           /* just past the end */
        RAM_BASE + RAM_SIZE - 8,       /* magic block straddling the end */
        (1ull << 48) - 2,              /* the largest even payload */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        set_word(TOHOST_OFF, bad[i]);
        assert_false(htif_poll(&h));
        assert_false(h.exited);
        assert_int_equal(word(TOHOST_OFF), 0);
    }
    assert_string_equal(console_text(), "");
    /* nothing in RAM changed but tohost/fromhost */
    for (unsigned i = 2; i < RAM_WORDS; i++)
        assert_int_equal(ram[i], 0);
}

static void test_write_buffer_outside_ram_ignored(void **state)
{
    (void)state;
    set_magic(MAGIC_OFF, 64, 1, 0x1000, 16);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "");
    assert_int_not_equal(word(MAGIC_OFF), 16); /* not reported as written */
    /* a buffer running off the end of RAM */
    set_magic(MAGIC_OFF, 64, 1, RAM_BASE + RAM_SIZE - 4, 8);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "");
    assert_int_not_equal(word(MAGIC_OFF), 8);
    /* a huge count that would wrap around */
    set_magic(MAGIC_OFF, 64, 1, RAM_BASE + BUF_OFF, ~0ull);
    set_word(TOHOST_OFF, RAM_BASE + MAGIC_OFF);
    assert_false(htif_poll(&h));
    assert_string_equal(console_text(), "");
}

static void test_tohost_zero_does_nothing(void **state)
{
    (void)state;
    set_word(FROMHOST_OFF, 0xabcdef);
    set_word(TOHOST_OFF, 0);
    assert_false(htif_poll(&h));
    assert_false(h.exited);
    assert_int_equal(word(TOHOST_OFF), 0);
    assert_int_equal(word(FROMHOST_OFF), 0xabcdef);
    assert_string_equal(console_text(), "");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_exit_command),
        T(test_exit_zero_is_pass),
        T(test_exit_code_riscv_tests_failure),
        T(test_putchar_command),
        T(test_putchar_uses_low_byte_only),
        T(test_putchar_without_fromhost),
        T(test_syscall_write),
        T(test_syscall_write_zero_bytes),
        T(test_syscall_write_buffer_at_end_of_ram),
        T(test_syscall_exit),
        T(test_syscall_exit_zero),
        T(test_proxy_pointer_outside_ram_ignored),
        T(test_write_buffer_outside_ram_ignored),
        T(test_tohost_zero_does_nothing),
    };
    return cmocka_run_group_tests_name("htif", tests, NULL, NULL);
}
