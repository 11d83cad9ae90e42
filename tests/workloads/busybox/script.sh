# Run by the riscv64 busybox: `busybox sh script.sh` in an empty directory,
# with PATH pointing nowhere, so every command is a busybox applet or a shell
# builtin (busybox runs them in forked children or in the shell itself; the
# build makes sure none needs an exec of /proc/self/exe).
# Everything printed is deterministic: fixed times (TZ=UTC, touch -d), sorted
# listings, no sizes of directories, no inode numbers, no current time.

set -u
umask 022
export LC_ALL=C

say() { printf '== %s\n' "$*"; }

# ---- shell language --------------------------------------------------------
say "functions and arithmetic"
fact() {
    local n=$1
    if [ "$n" -le 1 ]; then echo 1; return; fi
    echo $(( n * $(fact $((n - 1))) ))
}
fib() {
    local a=0 b=1 i=0 t
    while [ $i -lt "$1" ]; do t=$((a + b)); a=$b; b=$t; i=$((i + 1)); done
    echo $a
}
echo "fact 10 = $(fact 10), fib 50 = $(fib 50)"
echo $(( 7 / 2 )) $(( -7 / 2 )) $(( 7 % 3 )) $(( 1 << 10 )) $(( 0xff & 0x0f )) $(( 2 ** 20 )) $(( (3 > 2) && (1 || 0) ))
x=5; x=$((x += 3)); : $((x *= 2)); echo "x=$x"
i=0; until [ $i -ge 3 ]; do printf '%s.' $i; i=$((i + 1)); done; echo

say "case, loops, break, continue"
for w in apple banana cherry date elderberry fig; do
    case $w in
    a*) echo "$w starts with a" ;;
    b* | c*) echo "$w starts with b or c" ;;
    *rr*) echo "$w has rr" ;;
    ???) echo "$w has three letters"; continue ;;
    *) echo "$w is something else" ;;
    esac
    [ "$w" = elderberry ] && break
done
n=0
for i in 1 2 3; do for j in 1 2 3; do [ $j -eq 2 ] && continue 2; n=$((n + i * j)); done; done
echo "n=$n"

say "parameter expansion"
path=/usr/local/lib/libfoo.so.1.2
echo "${path##*/} ${path%/*} ${path#*/} ${path%%.*} ${#path}"
unset empty
echo "${empty:-default} ${empty-unset} ${path:+set} ${path:5:5}"
s="Hello World"
echo "${s/o/0} ${s//o/0} ${s#H*o} ${s%o*}"
set -- one "two words" three
echo "$# args: $1 | $2 | $3"
for a in "$@"; do printf '[%s]' "$a"; done; echo
shift; echo "after shift: $*"
IFS=: read -r f1 f2 f3 <<INPUT
a:b c:d
INPUT
echo "f1=$f1 f2=$f2 f3=$f3"
old_ifs=$IFS; IFS=,; set -- $(echo "x,y,,z"); IFS=$old_ifs; echo "split into $#: $*"

say "here-documents and redirections"
name=world
cat <<EOT
hello $name, $((6 * 7))
  indented \$literal
EOT
cat <<'EOT'
no $expansion here $(date)
EOT
cat <<-EOT
	tabs stripped for $name
	EOT
{ echo out; echo err >&2; } 2>&1 >/dev/null | sed 's/^/captured: /'
echo first > redir.txt; echo second >> redir.txt; cat < redir.txt
exec 3> fd3.txt; echo "via fd 3" >&3; exec 3>&-; cat fd3.txt
( echo in subshell; exit 3 ); echo "subshell status $?"
false || echo "or-list ran"; true && echo "and-list ran"
! false && echo "negation ok"
v=$(printf 'a\nb\n\n'); echo "trailing newlines stripped: [$v]"
echo "nested $(echo "inner $(echo deepest)")"

say "getopts"
parse() {
    local OPTIND opt
    while getopts "ab:c" opt; do
        case $opt in
        a) echo "flag a" ;;
        b) echo "b=$OPTARG" ;;
        c) echo "flag c" ;;
        *) echo "bad option" ;;
        esac
    done
    shift $((OPTIND - 1))
    echo "rest: $*"
}
parse -a -b val -c file1 file2

say "traps and exit status"
( trap 'echo "exit trap ran"' EXIT; echo "in trap subshell"; exit 4 ); echo "status $?"
f() { return 7; }; f; echo "function status $?"
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after kill -USR1"
trap - USR1
sleep 10 &
bg=$!
kill -TERM $bg
wait $bg; echo "killed background job status $?"
( echo "from background" > bg.txt ) &
wait; cat bg.txt

# ---- files and text tools ----------------------------------------------------
say "making a tree"
mkdir -p tree/src/lib tree/doc tree/empty
i=1
while [ $i -le 12 ]; do
    j=1
    : > "tree/src/file$i.txt"
    while [ $j -le $((i * 3)) ]; do echo "file $i line $j value $((i * j % 7))" >> "tree/src/file$i.txt"; j=$((j + 1)); done
    i=$((i + 1))
done
seq 1 500 > tree/doc/numbers
yes "repeated line" | head -n 50 > tree/doc/repeated
printf '%s\n' zebra apple mango apple kiwi zebra banana apple > tree/doc/fruit
printf 'name,qty,price\nbolt,10,0.25\nnut,200,0.05\nscrew,35,0.10\nwasher,500,0.01\n' > tree/lib.csv
cp tree/lib.csv tree/src/lib/copy.csv
ln -s ../../lib.csv tree/src/lib/link.csv
echo "readlink: $(readlink tree/src/lib/link.csv)"
find tree | sort
find tree -type f -name '*.txt' | sort | xargs wc -l | tail -n 3
find tree -type l | sort
find tree -type d -empty | sort
find tree -name 'file1*' -size -2k | sort

say "awk"
awk -F, 'NR > 1 { total += $2 * $3; n++ } END { printf "items %d total %.2f\n", n, total }' tree/lib.csv
awk '{ c[$1]++ } END { for (k in c) print k, c[k] }' tree/doc/fruit | sort
awk 'BEGIN { for (i = 1; i <= 5; i++) s = s i * i " "; print s; print length("abc"), substr("abcdef", 2, 3), index("hello", "l"), toupper("x") }'
awk '{ sum += $1 } NR % 100 == 0 { print NR, sum } END { print "mean", sum / NR }' tree/doc/numbers
awk 'BEGIN { x = sprintf("%05.1f|%x|%c|%s", 3.14159, 255, 65, "str"); print x; n = split("a:b:c", p, ":"); print n, p[3] }'
awk '/line 3 / { gsub(/line/, "LINE"); print FILENAME ": " $0 }' tree/src/file1.txt tree/src/file2.txt

say "sed"
sed -n '2,4p' tree/doc/fruit
sed 's/a/A/g; /kiwi/d; 1i\
header' tree/doc/fruit
sed -E 's/([a-z]+),([0-9]+),.*/\2 x \1/' tree/lib.csv
sed -n '$=' tree/doc/numbers
printf 'one\ntwo\nthree\n' | sed -n '/two/{=;p}'
sed 'y/abc/xyz/' <<EOT
aabbcc
EOT

say "sort, uniq, cut, tr, paste, comm, rev, nl, fold"
sort tree/doc/fruit | uniq -c
sort -u tree/doc/fruit | tr '\n' ' '; echo
sort -r -n tree/doc/numbers | head -n 3
sort -t, -k3 -n tree/lib.csv
sort -t, -k2,2nr tree/lib.csv | head -n 2
cut -d, -f1,3 tree/lib.csv
cut -c1-3 tree/doc/fruit | sort | uniq -d
echo "Hello, World" | tr 'a-z' 'A-Z'; echo "aabbccdd" | tr -s 'a-d'; echo "remove vowels" | tr -d 'aeiou'
seq 1 3 > a.col; printf 'x\ny\nz\n' > b.col; paste a.col b.col; paste -d: -s a.col
sort tree/doc/fruit | uniq > u1; printf 'apple\ncherry\nzebra\n' > u2; comm u1 u2
echo "stressed" | rev
nl -b a tree/doc/fruit | head -n 3
echo "the quick brown fox jumps over the lazy dog" | fold -w 10

say "grep"
grep -c apple tree/doc/fruit
grep -n -i ZEBRA tree/doc/fruit
grep -v -e apple -e zebra tree/doc/fruit
grep -E '^(b|k)' tree/doc/fruit
grep -o 'value [0-9]' tree/src/file3.txt | sort | uniq -c
grep -r -l 'line 30' tree | sort
grep -c '' tree/doc/numbers; grep -q nomatch tree/doc/fruit; echo "grep -q status $?"
grep -w -x '50' tree/doc/numbers

say "head, tail, wc, cat, tee, od"
head -n 2 tree/doc/numbers; head -c 12 tree/lib.csv; echo
tail -n 2 tree/doc/numbers; tail -c 8 tree/lib.csv; tail -n +498 tree/doc/numbers
wc tree/doc/numbers tree/lib.csv
wc -l < tree/doc/repeated; wc -w tree/doc/fruit; wc -c < tree/doc/numbers
cat -n tree/doc/fruit | tail -n 2
echo "tee'd line" | tee tee1.txt tee2.txt | wc -c; cat tee1.txt tee2.txt
printf 'AB\001\377' | od -A d -t x1
printf 'ab' | od -c

say "expr, basename, dirname, stat, test"
expr 6 \* 7; expr length "hello"; expr "abc123" : '[a-z]*'; expr 10 \> 3
basename /a/b/c.txt .txt; dirname /a/b/c.txt
stat -c '%n %s %a %F' tree/lib.csv tree/src/lib/link.csv
stat -c '%n %a %F' tree/doc
[ -f tree/lib.csv ] && [ -d tree/doc ] && [ -L tree/src/lib/link.csv ] && [ ! -e nothere ] && echo "tests pass"
[ "abc" \< "abd" ] && [ 10 -gt 9 ] && [ -n "x" ] && [ -z "" ] && echo "comparisons pass"
date -u -d @1000000000 '+%Y-%m-%d %H:%M:%S %a %j'

say "checksums"
md5sum tree/doc/numbers tree/lib.csv
sha256sum tree/doc/fruit
sha1sum tree/doc/repeated
cat tree/src/*.txt | md5sum
cksum tree/doc/numbers

say "cp, mv, rm"
cp -r tree/src copy_src
mv copy_src/file1.txt copy_src/renamed.txt
rm copy_src/file2.txt
rm -r copy_src/lib
ls copy_src | tr '\n' ' '; echo
diff tree/src/file3.txt copy_src/file3.txt && echo "copies identical"
echo "changed" >> copy_src/file3.txt
diff tree/src/file3.txt copy_src/file3.txt; echo "diff status $?"
cmp -s tree/src/file3.txt copy_src/file3.txt; echo "cmp status $?"

say "tar and compression"
# fixed times everywhere so the archives are the same bytes on every run
find tree -exec touch -h -d '2001-02-03 04:05:06' {} +
find tree -type f | sort > filelist
tar cf tree.tar -T filelist
tar tvf tree.tar | awk '{ print $1, $3, $4, $5, $6 }'
mkdir unpacked
tar xf tree.tar -C unpacked
diff -r tree/doc unpacked/tree/doc && echo "extracted tree/doc is identical"
diff -r tree/src unpacked/tree/src; echo "diff -r status $? (the link was not archived)"
(cd unpacked && find . -type f | sort | xargs md5sum) | head -n 4
# (tar czf would exec gzip; a pipe to the gzip applet needs no exec)
tar cf - -T filelist | gzip -9 > tree.tgz
tar tzf tree.tgz | wc -l
gzip -c -9 < tree.tar > tree.tar.gz
gunzip -c tree.tar.gz | cmp - tree.tar && echo "gzip round trip ok"
bzip2 -c < tree.tar > tree.tar.bz2
bunzip2 -c tree.tar.bz2 | md5sum
md5sum tree.tar | cut -d' ' -f1

say "pipelines and xargs"
seq 1 20 | xargs -n 5 echo | awk '{ print NF, $1, $NF }'
seq 1 10 | xargs printf '%03d ' ; echo
printf 'a b\nc d\n' | xargs -n 1 | sort -r | tr '\n' ' '; echo
find tree/src -name '*.txt' | sort | head -n 3 | xargs cat | wc -l
seq 1 1000 | awk '{ s += $1 } END { print s }' | sed 's/$/ total/' | tr a-z A-Z
cat tree/src/*.txt | cut -d' ' -f6 | sort -n | uniq -c | sort -k2n | head -n 7
count=0
seq 1 5 | while read -r n; do count=$((count + n)); echo "running $count"; done
echo "count in this shell stays $count"

say "done"
