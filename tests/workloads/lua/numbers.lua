-- Integer and float arithmetic: wraparound, floor division and modulo with
-- negative operands, bitwise operators and shifts, conversions, float
-- formatting, math library functions, and a deterministic LCG.

print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2, 7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(7.0 // 2, -7.5 // 2, 7.5 % 2, -7.5 % 2, 5.3 % -2, 1e308 % 3)
print(3 / 2, 4 / 2, 1 / 0, -1 / 0, math.type(0 / 0), (0 / 0) ~= (0 / 0))
print(2 ^ 10, 2 ^ 0.5, (-8) ^ (1 / 3) ~= (-8) ^ (1 / 3), 10 // 0.0, -10 % math.huge)
print(0xFF, 0x7fffffffffffffff, 0xffffffffffffffff, 1e2, .5, 3., 0x1p4, 0xA.8p0)
print(5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 62, 1 << 63, 1 << 64, -1 >> 1, -1 >> 63, 3 << -1)
print(math.ult(1, -1), math.abs(math.mininteger), math.abs(-2.5))
print(math.floor(-3.5), math.ceil(-3.5), math.floor(3.7), math.ceil(3.2), math.fmod(-7, 3), math.fmod(7, -3))
print(math.max(3, 7.5, -1), math.min(3, 7.5, -1), math.type(math.max(1, 2)), math.type(math.max(1.0, 2)))
print(math.tointeger(2 ^ 53), math.tointeger(2.5), math.tointeger("8"), 3 | 0, pcall(function() return 2.5 | 0 end))
print(string.format("%.17g %.17g %.17g", 0.1 + 0.2, 1 / 3, math.pi))
print(math.sqrt(2), math.exp(1), math.log(100, 10), math.log(8, 2), math.log(2.718281828459045))
print(math.sin(0.5), math.cos(0.5), math.tan(0.5), math.asin(0.5), math.acos(0.5), math.atan(1, 2))
print(string.format("%.10f %.10f", math.sin(1e6), math.cos(123456.789)))
print(8 // 3 * 3 + 8 % 3, 2 ^ 63 == math.mininteger * -1.0, math.mininteger // -1, math.mininteger % -1)
print(1e15, 1e16, 123456789012345678, 2^53 + 1, -0.0 == 0.0, 1/(-0.0))
print(100000000000000 * 1000000, 9007199254740993 + 0.0, math.floor(-0.0))
print(tostring(1e100), tostring(-1e-100), tostring(123.456e7), 255 // 1.0)
print(string.format("%5.1f|%-8.3e|%G|%g", 3.14159, 0.000123456, 1e-10, 100000000000000))

-- integer overflow wraps, float comparisons with integers are exact
print(math.maxinteger * 2, math.mininteger - 1, -math.mininteger)
print(2^53 == 2^53 + 1, math.maxinteger + 0.0 == math.maxinteger, math.maxinteger < math.maxinteger + 0.0)
print(1 == 1.0, math.type(1), math.type(1.0), math.type("1"), 3 == "3")

-- numeric for loops with float steps and overflow-safe integer loops
local n = 0
for x = 0, 1, 0.1 do n = n + 1 end
local m = 0
for i = math.maxinteger - 2, math.maxinteger do m = m + 1 end
local q = 0
for i = 10, 1, -3 do q = q + i end
print(n, m, q)

-- a linear congruential generator and some statistics, all in integers
local seed = 42
local function lcg() seed = (seed * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff; return seed end
local buckets = {}
for i = 0, 9 do buckets[i] = 0 end
local xor = 0
for i = 1, 100000 do
    local v = lcg()
    buckets[(v >> 20) % 10] = buckets[(v >> 20) % 10] + 1
    xor = xor ~ v
end
local b = {}
for i = 0, 9 do b[#b + 1] = buckets[i] end
print(table.concat(b, " "), xor)

-- floating point accumulation (order fixed, so the result is exact to print)
local s, c = 0.0, 0.0
for i = 1, 100000 do
    local y = 1 / i - c
    local t = s + y
    c = (t - s) - y
    s = t
end
print(string.format("%.15f", s))

-- a small matrix multiply and determinant by elimination
local N = 30
local A, B = {}, {}
for i = 1, N do
    A[i], B[i] = {}, {}
    for j = 1, N do A[i][j] = ((i * j) % 7) - 3; B[i][j] = (i + 2 * j) % 5 - 2 end
end
local C = {}
for i = 1, N do
    C[i] = {}
    for j = 1, N do
        local acc = 0
        for k = 1, N do acc = acc + A[i][k] * B[k][j] end
        C[i][j] = acc
    end
end
local tr = 0
for i = 1, N do tr = tr + C[i][i] end
print("trace", tr, C[1][1], C[N][N], math.type(tr))
local M = {}
for i = 1, 6 do M[i] = {}; for j = 1, 6 do M[i][j] = 1.0 / (i + j - 1) end end
local det = 1.0
for col = 1, 6 do
    for r = col + 1, 6 do
        local f = M[r][col] / M[col][col]
        for k = col, 6 do M[r][k] = M[r][k] - f * M[col][k] end
    end
    det = det * M[col][col]
end
print(string.format("hilbert6 det %.6e", det))

-- math.random with a fixed seed is deterministic for one Lua build
math.randomseed(2024)
local rs = {}
for i = 1, 5 do rs[i] = math.random(1, 1000) end
print(table.concat(rs, " "), math.random(0) ~= nil, math.type(math.random()))
