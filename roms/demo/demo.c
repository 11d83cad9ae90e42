/*
 * ferry demo: a spinning, shaded torus drawn with ANSI colour and half-block
 * characters.  It is the first thing people see after `make run`, so it aims
 * to look nice while quietly exercising a lot of the emulator: double
 * precision FPU maths (sin/cos/sqrt/divide), integer hashing, malloc, and the
 * write/ioctl/uname/clock_gettime/clock_nanosleep system calls.
 *
 * Interactive mode (stdout is a terminal): ~8 seconds of animation at up to
 * 30 fps, redrawn in place with cursor-movement escapes.
 *
 * Test mode (stdout is not a terminal, or FERRY_DEMO_FRAMES=N is set): render
 * N frames (default 3) back to back with no sleeping and no cursor movement.
 * Frame k always uses animation time k/30 s, so the output -- and the
 * checksum of the last frame printed at the end -- depends only on N and the
 * frame size, never on how fast the host is.
 */
#define _DEFAULT_SOURCE /* POSIX clocks/nanosleep plus struct winsize */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define ANIM_SECONDS 8.0
#define TARGET_FPS 30.0
#define BANNER_ROWS 4 /* title, two info lines, blank line */
#define MAX_COLS 120  /* keep per-frame work bounded on huge terminals */
#define MAX_ROWS 40
#define TWO_PI 6.283185307179586

/* Torus geometry (a1k0n's classic donut): tube radius R1 around a ring of
 * radius R2, viewed from distance K2. */
#define R1 1.0
#define R2 2.0
#define K2 5.0

typedef struct {
    int w, h;          /* frame size in pixels; h is even (2 pixels per cell) */
    int n_ring, n_tube; /* sample counts around the ring and around the tube */
    double *ring_c, *ring_s, *tube_c, *tube_s; /* cos/sin lookup tables */
    double *ring_rgb;  /* base colour per ring step, 3 doubles each */
    double *zbuf;      /* 1/z of nearest surface point per pixel, 0 = empty */
    uint8_t *pix;      /* RGB888 frame */
    char *out;         /* escape-sequence text for one frame */
    double light[3], half[3]; /* light direction and Blinn half-vector */
} scene_t;

/*
 * libm's sin/cos are only promised to be within an ulp or so, and glibc
 * picks different code paths on x86-64 (FMA) and RISC-V.  Rounding every
 * libm result onto a 2^-30 grid makes the inputs to the renderer
 * bit-identical everywhere; after that only + - * / and sqrt are used, which
 * IEEE 754 defines exactly (and -std=c11 disables FMA contraction), so the
 * checksum matches natively, under qemu and under ferry.
 */
static double snap(double v)
{
    return nearbyint(v * 1073741824.0) / 1073741824.0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void normalize3(double v[3])
{
    double len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    v[0] /= len;
    v[1] /= len;
    v[2] /= len;
}

/* Cheap integer hash (a 32-bit avalanche mix) used for the star field. */
static uint32_t hash32(uint32_t x)
{
    x = (x ^ (x >> 16)) * 0x7feb352dU;
    x = (x ^ (x >> 15)) * 0x846ca68bU;
    return x ^ (x >> 16);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (p)
        return p;
    fputs("demo: out of memory\n", stderr);
    exit(1);
}

static void scene_init(scene_t *s, int w, int h, int margin)
{
    s->w = w;
    s->h = h;
    /* Enough samples that neighbouring points land less than a pixel
     * apart, so the surface has no holes at this resolution. */
    int size = w < h ? w : h;
    s->n_ring = 5 * size + 64;
    s->n_tube = 2 * size + 32;
    s->ring_c = xmalloc(sizeof(double) * (size_t)s->n_ring);
    s->ring_s = xmalloc(sizeof(double) * (size_t)s->n_ring);
    s->ring_rgb = xmalloc(sizeof(double) * 3 * (size_t)s->n_ring);
    s->tube_c = xmalloc(sizeof(double) * (size_t)s->n_tube);
    s->tube_s = xmalloc(sizeof(double) * (size_t)s->n_tube);
    s->zbuf = xmalloc(sizeof(double) * (size_t)w * (size_t)h);
    s->pix = xmalloc((size_t)w * (size_t)h * 3);
    /* Worst case per cell: two 24-bit colour escapes (19 bytes each) plus a
     * 3-byte UTF-8 half block; plus the margin and line ending per row. */
    s->out = xmalloc((size_t)(margin + 41 * w + 16) * (size_t)(h / 2) + 64);

    for (int i = 0; i < s->n_ring; i++) {
        double a = TWO_PI * i / s->n_ring;
        s->ring_c[i] = snap(cos(a));
        s->ring_s[i] = snap(sin(a));
        /* Inigo Quilez style cosine palette: one smooth trip through a
         * sunset-to-teal rainbow around the ring, so the spin is visible. */
        static const double phase[3] = {0.0, 0.33, 0.67};
        for (int c = 0; c < 3; c++)
            s->ring_rgb[3 * i + c] =
                0.5 + 0.45 * snap(cos(TWO_PI * ((double)i / s->n_ring + phase[c])));
    }
    for (int j = 0; j < s->n_tube; j++) {
        double a = TWO_PI * j / s->n_tube;
        s->tube_c[j] = snap(cos(a));
        s->tube_s[j] = snap(sin(a));
    }
    /* Light from the upper left, slightly in front.  z grows away from the
     * viewer, so the direction towards the eye is (0,0,-1). */
    const double light[3] = {-0.55, 0.75, -0.65};
    memcpy(s->light, light, sizeof light);
    normalize3(s->light);
    memcpy(s->half, s->light, sizeof light);
    s->half[2] -= 1.0; /* half-vector = normalize(light + view) */
    normalize3(s->half);
}

static uint8_t to_byte(double v)
{
    if (v <= 0.0)
        return 0;
    if (v >= 1.0)
        return 255;
    /* sqrt is a cheap, exactly-rounded stand-in for gamma correction. */
    return (uint8_t)(sqrt(v) * 255.0 + 0.5);
}

/* Draw the scene at animation time t (seconds); frame picks star twinkle. */
static void render(scene_t *s, double t, int frame)
{
    const int w = s->w, h = s->h;

    /* Background: a dusk gradient with a sparse, slowly twinkling star
     * field.  Everything here is integer maths, so it is exact. */
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            uint8_t *p = s->pix + 3 * ((size_t)y * (size_t)w + (size_t)x);
            p[0] = (uint8_t)(8 + 34 * y / h);
            p[1] = (uint8_t)(10 + 8 * y / h);
            p[2] = (uint8_t)(30 + 28 * y / h);
            uint32_t hv = hash32((uint32_t)(y * 7919 + x));
            if (hv % 83 == 0) {
                uint32_t tw = hash32(hv + (uint32_t)(frame / 6)) % 110;
                p[0] = p[1] = (uint8_t)(70 + tw);
                p[2] = (uint8_t)(90 + tw);
            }
            s->zbuf[(size_t)y * (size_t)w + (size_t)x] = 0.0;
        }
    }

    /* Two rotations (about x by A, about z by B) give the familiar tumble. */
    const double A = 1.0 + 1.1 * t, B = 0.55 * t;
    const double sA = snap(sin(A)), cA = snap(cos(A));
    const double sB = snap(sin(B)), cB = snap(cos(B));
    /* Scale so the torus, face-on, spans ~64% of the shorter side: that
     * leaves room for perspective to swell the near edge as it tumbles. */
    const double size = w < h ? w : h;
    const double K1 = size * K2 * 0.32 / (R1 + R2);
    const double *L = s->light, *H = s->half;

    for (int j = 0; j < s->n_tube; j++) {
        const double ct = s->tube_c[j], st = s->tube_s[j];
        const double cx = R2 + R1 * ct, cy = R1 * st; /* circle in xy-plane */
        for (int i = 0; i < s->n_ring; i++) {
            const double cp = s->ring_c[i], sp = s->ring_s[i];
            /* Sweep the circle around y (ring angle), then apply A and B. */
            const double m0 = cB * cp + sA * sB * sp, m1 = sB * cp - sA * cB * sp;
            const double x = cx * m0 - cy * cA * sB;
            const double y = cx * m1 + cy * cA * cB;
            const double ooz = 1.0 / (K2 + cA * cx * sp + cy * sA);
            const int px = (int)(w / 2 + K1 * ooz * x);
            const int py = (int)(h / 2 - K1 * ooz * y);
            if (px < 0 || px >= w || py < 0 || py >= h)
                continue;
            const size_t idx = (size_t)py * (size_t)w + (size_t)px;
            if (ooz <= s->zbuf[idx])
                continue; /* something nearer already owns this pixel */
            s->zbuf[idx] = ooz;

            /* The surface normal is the tube circle's direction, rotated
             * the same way as the point itself. */
            const double nx = ct * m0 - st * cA * sB;
            const double ny = ct * m1 + st * cA * cB;
            const double nz = cA * ct * sp + st * sA;
            double diff = nx * L[0] + ny * L[1] + nz * L[2];
            double spec = nx * H[0] + ny * H[1] + nz * H[2];
            diff = diff > 0.0 ? diff : 0.0;
            spec = spec > 0.0 ? spec : 0.0;
            for (int k = 0; k < 5; k++)
                spec *= spec; /* spec^32: a tight highlight, no pow() */
            /* Rim light: edges seen side-on pick up a cool blue glow. */
            double rim = 1.0 + nz; /* 0 facing us, 1 side-on */
            rim = rim > 1.0 ? 1.0 : rim * rim * rim;

            const double *base = s->ring_rgb + 3 * i;
            double lit = 0.08 + 0.92 * diff;
            uint8_t *p = s->pix + 3 * idx;
            p[0] = to_byte(base[0] * lit + 0.85 * spec + 0.10 * rim);
            p[1] = to_byte(base[1] * lit + 0.85 * spec + 0.18 * rim);
            p[2] = to_byte(base[2] * lit + 0.85 * spec + 0.40 * rim);
        }
    }
}

/* Append an SGR colour escape (fg: 38, bg: 48) in truecolor or 256 mode. */
static char *put_colour(char *o, int which, const uint8_t *p, int truecolor)
{
    if (truecolor)
        return o + sprintf(o, "\033[%d;2;%u;%u;%um", which, p[0], p[1], p[2]);
    /* Nearest entry of the xterm 6x6x6 colour cube. */
    int r = (p[0] * 5 + 127) / 255, g = (p[1] * 5 + 127) / 255, b = (p[2] * 5 + 127) / 255;
    return o + sprintf(o, "\033[%d;5;%dm", which, 16 + 36 * r + 6 * g + b);
}

/*
 * Turn the pixel buffer into text: each character cell shows two pixels, the
 * upper one as the foreground colour of "▀" and the lower one as the cell's
 * background.  Escapes are only emitted when a colour changes, which keeps
 * the output several times smaller.  The whole frame goes out in one write
 * so the terminal never shows a half-drawn frame.
 */
static void emit(const scene_t *s, int margin, int truecolor, int in_place)
{
    char *o = s->out;
    if (in_place)
        o += sprintf(o, "\033[%d;1H", BANNER_ROWS + 1);
    for (int row = 0; row < s->h / 2; row++) {
        const uint8_t *top = s->pix + 3 * (size_t)(2 * row) * (size_t)s->w;
        const uint8_t *bot = top + 3 * (size_t)s->w;
        const uint8_t *fg = NULL, *bg = NULL;
        memset(o, ' ', (size_t)margin);
        o += margin;
        for (int x = 0; x < s->w; x++, top += 3, bot += 3) {
            if (!bg || memcmp(bg, bot, 3) != 0)
                o = put_colour(o, 48, bg = bot, truecolor);
            if (memcmp(top, bot, 3) == 0) {
                *o++ = ' '; /* both halves match: background alone will do */
                continue;
            }
            if (!fg || memcmp(fg, top, 3) != 0)
                o = put_colour(o, 38, fg = top, truecolor);
            memcpy(o, "\xe2\x96\x80", 3); /* U+2580 UPPER HALF BLOCK */
            o += 3;
        }
        o += sprintf(o, "\033[0m\n");
    }
    fwrite(s->out, 1, (size_t)(o - s->out), stdout);
    fflush(stdout);
}

/* 64-bit FNV-1a over the last frame's pixels: a compact fingerprint that
 * tests can compare between the emulator and real hardware. */
static uint64_t checksum(const scene_t *s)
{
    uint64_t hsh = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < (size_t)s->w * (size_t)s->h * 3; i++)
        hsh = (hsh ^ s->pix[i]) * 0x100000001b3ULL;
    return hsh;
}

static void print_banner(int width)
{
    struct utsname u;
    char info[512];
    if (uname(&u) != 0)
        memset(&u, 0, sizeof u); /* print empty fields rather than garbage */

    /* What the compiler targeted (a compile-time fact, unlike uname). */
    char isa[48] = "a non-RISC-V host";
#if defined(__riscv) && defined(__riscv_flen)
    snprintf(isa, sizeof isa, "RV%d with %d-bit FP", (int)__riscv_xlen,
             (int)__riscv_flen);
#elif defined(__riscv)
    snprintf(isa, sizeof isa, "RV%d, soft-float", (int)__riscv_xlen);
#endif
    const uint16_t probe = 1;
    const int little = *(const uint8_t *)&probe == 1;
    const int is_riscv = strncmp(u.machine, "riscv", 5) == 0;

    printf("\033[1;33m ferry\033[0m :: %.*s\n",
           width > 10 ? width - 10 : 0,
           is_riscv ? "a RISC-V Linux program, running inside the ferry user-mode emulator"
                    : "demo running natively (build for RISC-V to run it inside ferry)");
    snprintf(info, sizeof info, " uname(): %s %s, machine = %s", u.sysname, u.release,
             u.machine);
    printf("\033[2m%.*s\033[0m\n", width, info);
    snprintf(info, sizeof info,
             " built for %s | void* %zu B, long double %zu B | %s-endian", isa,
             sizeof(void *), sizeof(long double), little ? "little" : "big");
    printf("\033[2m%.*s\033[0m\n\n", width, info);
}

/* Ctrl-C mid-animation must not leave the user's cursor hidden. */
static void on_sigint(int sig)
{
    static const char restore[] = "\033[0m\033[?25h\n";
    (void)sig;
    ssize_t r = write(STDOUT_FILENO, restore, sizeof restore - 1);
    (void)r;
    _exit(130);
}

int main(void)
{
    const int tty = isatty(STDOUT_FILENO);
    const char *env_frames = getenv("FERRY_DEMO_FRAMES");
    const int test_mode = !tty || env_frames != NULL;
    long frames_wanted = env_frames ? strtol(env_frames, NULL, 10) : 3;
    if (frames_wanted < 1)
        frames_wanted = 1;

    int cols = 80, rows = 24;
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        cols = ws.ws_col;
        rows = ws.ws_row;
    }
    /* Leave the last column empty (avoids auto-wrap quirks) and keep rows
     * for the banner and the closing line. */
    int w = cols - 1 > MAX_COLS ? MAX_COLS : cols - 1;
    int cell_rows = rows - BANNER_ROWS - 2 > MAX_ROWS ? MAX_ROWS : rows - BANNER_ROWS - 2;
    if (w < 16 || cell_rows < 8) {
        fprintf(stderr, "demo: terminal too small (%dx%d)\n", cols, rows);
        return 0;
    }
    const int margin = (cols - 1 - w) / 2;

    /* Most truecolor terminals advertise it via COLORTERM; Windows Terminal
     * does via WT_SESSION.  Otherwise fall back to the 256-colour cube. */
    const char *ct = getenv("COLORTERM");
    const int truecolor = (ct && (strstr(ct, "truecolor") || strstr(ct, "24bit"))) ||
                          getenv("WT_SESSION") != NULL;

    scene_t s;
    scene_init(&s, w, 2 * cell_rows, margin);

    if (!test_mode) {
        signal(SIGINT, on_sigint);
        fputs("\033[?25l\033[2J\033[H", stdout); /* hide cursor, clear */
    }
    print_banner(cols - 1);

    long frames = 0;
    double elapsed = 0.0;
    if (test_mode) {
        for (; frames < frames_wanted; frames++) {
            render(&s, frames / TARGET_FPS, (int)frames);
            emit(&s, margin, truecolor, 0);
        }
    } else {
        const double start = now_seconds();
        for (;;) {
            const double t0 = now_seconds();
            if (t0 - start >= ANIM_SECONDS && frames > 0)
                break;
            /* Animate by wall-clock time so the spin speed looks the same
             * on fast and slow hosts; only the frame rate differs. */
            render(&s, t0 - start, (int)frames);
            emit(&s, margin, truecolor, 1);
            frames++;
            /* Sleep off what is left of this frame's budget; a slow
             * emulator simply gets no sleep. */
            double left = 1.0 / TARGET_FPS - (now_seconds() - t0);
            if (left > 0.0) {
                struct timespec ts = {0, (long)(left * 1e9)};
                nanosleep(&ts, NULL);
            }
        }
        elapsed = now_seconds() - start;
    }

    fputs(test_mode ? "\033[0m" : "\033[0m\033[?25h", stdout); /* reset colours, cursor */
    printf(" %ld frames of %dx%d pixels", frames, s.w, s.h);
    if (!test_mode) /* timings vary from run to run, so only when interactive */
        printf(" in %.2f s (%.1f fps)", elapsed, frames / elapsed);
    printf(" | last frame checksum %016llx\n", (unsigned long long)checksum(&s));
    fflush(stdout);
    return 0;
}
