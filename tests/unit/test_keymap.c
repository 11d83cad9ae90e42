/*
 * ferry - unit tests for the SDL scancode -> Linux key code table
 * (frontend/keymap.c).
 *
 * The unit-test build links libferry.a only, not the frontend objects, so
 * the table is compiled in by including its source; keymap.c needs SDL's
 * scancode header but no SDL library.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../frontend/keymap.c"

static void letters(void **state)
{
    (void)state;
    /* the Linux codes follow the keyboard rows, not the alphabet */
    static const uint16_t want[26] = {
        KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M,
        KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
    };
    for (int i = 0; i < 26; i++)
        assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_A + i), want[i]);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_Q), 16);  /* KEY_Q's number, as a cross-check */
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_A), 30);
}

static void digits(void **state)
{
    (void)state;
    /* SDL and Linux both order the digit row 1..9, 0 */
    for (int i = 0; i < 10; i++)
        assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_1 + i), KEY_1 + i);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_0), KEY_0);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_KP_0), KEY_KP0);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_KP_7), KEY_KP7);
}

static void editing_keys(void **state)
{
    (void)state;
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RETURN), KEY_ENTER);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_ESCAPE), KEY_ESC);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_BACKSPACE), KEY_BACKSPACE);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_TAB), KEY_TAB);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_SPACE), KEY_SPACE);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_DELETE), KEY_DELETE);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_KP_ENTER), KEY_KPENTER);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_PERIOD), KEY_DOT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_GRAVE), KEY_GRAVE);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_NONUSBACKSLASH), KEY_102ND);
}

static void arrows(void **state)
{
    (void)state;
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_UP), KEY_UP);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_DOWN), KEY_DOWN);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_LEFT), KEY_LEFT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RIGHT), KEY_RIGHT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_HOME), KEY_HOME);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_PAGEDOWN), KEY_PAGEDOWN);
}

static void modifiers(void **state)
{
    (void)state;
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_LCTRL), KEY_LEFTCTRL);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RCTRL), KEY_RIGHTCTRL);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_LSHIFT), KEY_LEFTSHIFT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RSHIFT), KEY_RIGHTSHIFT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_LALT), KEY_LEFTALT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RALT), KEY_RIGHTALT);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_LGUI), KEY_LEFTMETA);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_RGUI), KEY_RIGHTMETA);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_CAPSLOCK), KEY_CAPSLOCK);
}

static void function_keys(void **state)
{
    (void)state;
    /* Linux numbers F1..F10 together, then F11, F12 elsewhere, F13.. elsewhere again */
    for (int i = 0; i < 10; i++)
        assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_F1 + i), KEY_F1 + i);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_F11), KEY_F11);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_F12), KEY_F12);
    for (int i = 0; i < 12; i++)
        assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_F13 + i), KEY_F13 + i);
}

static void unknown_is_zero(void **state)
{
    (void)state;
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_UNKNOWN), 0);
    assert_int_equal(keymap_sdl_to_linux(SDL_SCANCODE_KP_HEXADECIMAL), 0);
    assert_int_equal(keymap_sdl_to_linux(165), 0);  /* a hole in SDL's numbering */
    assert_int_equal(keymap_sdl_to_linux(-1), 0);
    assert_int_equal(keymap_sdl_to_linux(SDL_NUM_SCANCODES), 0);
    assert_int_equal(keymap_sdl_to_linux(1 << 20), 0);
}

/* No two main-block keys may collapse onto one code: the guest could not
 * tell them apart. (Aliases like PrintScreen/SysReq are outside this range.) */
static void main_block_is_one_to_one(void **state)
{
    (void)state;
    for (int a = SDL_SCANCODE_A; a <= SDL_SCANCODE_KP_PERIOD; a++)
        for (int b = a + 1; b <= SDL_SCANCODE_KP_PERIOD; b++) {
            uint16_t ca = keymap_sdl_to_linux(a), cb = keymap_sdl_to_linux(b);
            if (a == SDL_SCANCODE_BACKSLASH && b == SDL_SCANCODE_NONUSHASH)
                continue;  /* the same key position on ANSI and ISO boards */
            assert_true(ca != 0);
            if (ca == cb) {
                print_error("scancodes %d and %d both map to %u\n", a, b, ca);
                fail();
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(letters),
        cmocka_unit_test(digits),
        cmocka_unit_test(editing_keys),
        cmocka_unit_test(arrows),
        cmocka_unit_test(modifiers),
        cmocka_unit_test(function_keys),
        cmocka_unit_test(unknown_is_zero),
        cmocka_unit_test(main_block_is_one_to_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
