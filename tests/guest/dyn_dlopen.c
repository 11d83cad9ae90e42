/* dlopen and dlsym from a dynamically linked program: the dynamic loader
 * opens libm.so.6 at run time (not linked with -lm), resolves symbols, and
 * reports what cannot be found. */
#include <dlfcn.h>
#include <stdio.h>

int main(void)
{
    void *m = dlopen("libm.so.6", RTLD_NOW);
    if (!m) {
        printf("dlopen libm.so.6 failed: %s\n", dlerror());
        return 1;
    }
    printf("dlopen libm.so.6: ok\n");

    double (*cosp)(double) = (double (*)(double))dlsym(m, "cos");
    double (*hypotp)(double, double) = (double (*)(double, double))dlsym(m, "hypot");
    if (!cosp || !hypotp) {
        printf("dlsym failed: %s\n", dlerror());
        return 1;
    }
    printf("cos(1) = %.12f\n", cosp(1.0));
    printf("hypot(3, 4) = %.12f\n", hypotp(3.0, 4.0));

    dlerror();
    void *nope = dlsym(m, "no_such_function_here");
    const char *e = dlerror();
    printf("dlsym of a missing symbol: %s, error reported: %s\n", nope ? "found" : "NULL", e ? "yes" : "no");

    void *missing = dlopen("libferry-no-such-library.so.1", RTLD_NOW);
    e = dlerror();
    printf("dlopen of a missing library: %s, error reported: %s\n", missing ? "found" : "NULL", e ? "yes" : "no");

    printf("dlclose: %d\n", dlclose(m));
    return 0;
}
