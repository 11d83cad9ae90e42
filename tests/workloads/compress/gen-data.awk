# Deterministic, compressible test data: log-like text lines.
# usage: awk -v lines=N -f gen-data.awk > FILE
# The generator is an LCG on exact integers (every intermediate stays below
# 2^53, so awk's doubles hold it exactly), and each statement draws at most
# one number (awks differ in the order they evaluate arguments): any awk
# gives the same bytes.
function rnd(n) {
    seed = (seed * 69069 + 12345) % 4294967296
    return int(seed / 65536) % n
}
BEGIN {
    seed = 2024
    nw = split("alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima " \
               "mike november oscar papa quebec romeo sierra tango uniform victor whiskey " \
               "xray yankee zulu request response timeout retry cache miss hit open close " \
               "read write flush commit rollback connect disconnect accept reject", words, " ")
    ns = split("auth db web cache queue mail cron dns proxy store", svc, " ")
    nl = split("INFO INFO INFO INFO DEBUG DEBUG WARN ERROR", lvl, " ")
    t = 1700000000
    if (lines == "") lines = 10000
    for (i = 1; i <= lines; i++) {
        t += rnd(5)
        l = lvl[1 + rnd(nl)]
        v = svc[1 + rnd(ns)]
        p = 1000 + rnd(50)
        s = t " " l " " v "[" p "]:"
        k = 3 + rnd(10)
        for (j = 0; j < k; j++) s = s " " words[1 + rnd(nw)]
        if (rnd(4) == 0) {
            id = rnd(65536)
            s = s " id=" id
            s = s "-" rnd(65536)
        }
        if (rnd(8) == 0) {
            s = s " latency=" rnd(500)
            s = s "." rnd(1000) "ms"
        }
        print s
    }
}
