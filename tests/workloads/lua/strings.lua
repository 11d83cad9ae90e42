-- Strings: formatting, patterns, gsub with every kind of replacement,
-- byte/char, rep/reverse, utf8, pack/unpack. Output is deterministic.

print(string.format("%5d|%-5d|%05d|%x|%X|%o|%c", 42, 42, 42, 255, 255, 8, 65))
print(string.format("%.3f|%10.2f|%-10.2f|%e|%g|%g|%a", math.pi, -2.5, 2.5, 12345.678, 1e20, 0.1, 1.0))
print(string.format("%q", "tab\there \"quoted\" \0 nul\n"))
print(string.format("%q|%q|%q", 1/3, math.mininteger, 255))
print(string.format("%s|%10s|%-10s|%.2s", "abc", "right", "left", "truncate"))
print(string.format("%i %u %5.1s|", -7, 7, "xyz"))

local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower())
print(s:find("fox"), s:find("o", 15), s:find("%s(%a+)%s"), s:find(".", 1, true))
print(s:match("(%a+) (%a+)$"), s:match("()q()"))
for w in s:gmatch("%a+") do io.write(w:sub(1, 1)) end
print()
for k, v in string.gmatch("a=1, b=22, ccc=333", "(%w+)=(%w+)") do io.write(k, ":", v, ";") end
print()

print(s:gsub("o", "0"))
print(s:gsub("(%a+)", "<%1>", 3))
print(s:gsub("%a+", { quick = "slow", fox = "cat", dog = false }))
print(s:gsub("%a+", function(w) if #w == 5 then return w:upper() end end))
print(("hello world"):gsub("(o)", "%1%1"), ("abc"):gsub("", "-"))
print(("x = 1 + 2"):gsub("%s*([%+%-=])%s*", "%1"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("[[nested]] and [balanced (parens)]"):match("%b()"), ("f(a(b)c)d"):match("%b()"))
print(("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(("key = value # comment"):match("^(%w+)%s*=%s*([^#]-)%s*#"))

print(("abc"):byte(1, -1))
print(string.char(72, 105, 33), ("ab"):rep(3, ","), ("stressed"):reverse())
print(("%d items"):format(3), ("x"):rep(0) == "", #("\u{48}\u{49}\u{20AC}"))

-- utf8 library
local u = "h\u{E9}llo \u{4E16}\u{754C}"
print(utf8.len(u), #u, utf8.char(72, 228, 8364, 128512))
for p, c in utf8.codes("a\u{E9}\u{4E16}") do io.write(p, "=", c, " ") end
print()
print(utf8.codepoint(u, 1, -1))
print(utf8.offset(u, 3), utf8.len("\xff"))

-- string.pack / unpack
local packed = string.pack("<i4 >i4 z s1 d", -2, 258, "zs", "len", 1.5)
print(#packed, (packed:gsub(".", function(c) return string.format("%02x", c:byte()) end)))
print(string.unpack("<i4 >i4 z s1 d", packed))
print(string.packsize("i4 i8 d"), string.unpack("<I2", "\1\2"))

-- building a big string in pieces, then hashing it with a simple checksum
local parts = {}
for i = 1, 2000 do parts[#parts + 1] = string.format("%04d:%s", i, ("ab"):rep(i % 7)) end
local big = table.concat(parts, "\n")
local h = 0
for i = 1, #big do h = (h * 31 + big:byte(i)) % 4294967296 end
print(#big, h)

-- comparisons and tostring/tonumber
print("a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
print(tonumber("0x1F"), tonumber("  12  "), tonumber("1e3"), tonumber("z", 36), tonumber("7", 8), tonumber("nope"))
print(tostring(10 // 3), tostring(10 / 4), tostring(-0.0), tostring(1e300 * 1e10), 2^63, math.tointeger(3.0))
