-- A heavier mixed workload for the long run: binary trees (allocation and
-- GC), n-body (float arithmetic), spectral norm, fannkuch (integer arrays),
-- and string building. Size comes from the first argument (default 1).
local scale = tonumber(arg and arg[1]) or 1

local function bottomup(d)
    if d == 0 then return {} end
    d = d - 1
    return { bottomup(d), bottomup(d) }
end
local function check(t) if t[1] then return 1 + check(t[1]) + check(t[2]) end return 1 end
local maxd = 10 + scale
local long = bottomup(maxd)
for d = 4, maxd, 2 do
    local iters = 1 << (maxd - d + 4)
    local c = 0
    for _ = 1, iters do c = c + check(bottomup(d)) end
    print(string.format("%d trees of depth %d check %d", iters, d, c))
end
print("long lived check", check(long))

local sqrt = math.sqrt
local PI, DAYS = math.pi, 365.24
local SOLAR = 4 * PI * PI
local bodies = {
    { x = 0, y = 0, z = 0, vx = 0, vy = 0, vz = 0, m = SOLAR },
    { x = 4.84143144246472090e+00, y = -1.16032004402742839e+00, z = -1.03622044471123109e-01,
      vx = 1.66007664274403694e-03 * DAYS, vy = 7.69901118419740425e-03 * DAYS, vz = -6.90460016972063023e-05 * DAYS,
      m = 9.54791938424326609e-04 * SOLAR },
    { x = 8.34336671824457987e+00, y = 4.12479856412430479e+00, z = -4.03523417114321381e-01,
      vx = -2.76742510726862411e-03 * DAYS, vy = 4.99852801234917238e-03 * DAYS, vz = 2.30417297573763929e-05 * DAYS,
      m = 2.85885980666130812e-04 * SOLAR },
}
local function energy()
    local e = 0
    for i = 1, #bodies do
        local b = bodies[i]
        e = e + 0.5 * b.m * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
        for j = i + 1, #bodies do
            local c = bodies[j]
            local dx, dy, dz = b.x - c.x, b.y - c.y, b.z - c.z
            e = e - b.m * c.m / sqrt(dx * dx + dy * dy + dz * dz)
        end
    end
    return e
end
print(string.format("energy %.9f", energy()))
for _ = 1, 20000 * scale do
    for i = 1, #bodies do
        local b = bodies[i]
        for j = i + 1, #bodies do
            local c = bodies[j]
            local dx, dy, dz = b.x - c.x, b.y - c.y, b.z - c.z
            local d2 = dx * dx + dy * dy + dz * dz
            local mag = 0.01 / (d2 * sqrt(d2))
            b.vx, b.vy, b.vz = b.vx - dx * c.m * mag, b.vy - dy * c.m * mag, b.vz - dz * c.m * mag
            c.vx, c.vy, c.vz = c.vx + dx * b.m * mag, c.vy + dy * b.m * mag, c.vz + dz * b.m * mag
        end
    end
    for i = 1, #bodies do
        local b = bodies[i]
        b.x, b.y, b.z = b.x + 0.01 * b.vx, b.y + 0.01 * b.vy, b.z + 0.01 * b.vz
    end
end
print(string.format("energy %.9f", energy()))

local function A(i, j) local ij = i + j - 1; return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function Av(x, y, N) for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(i, j) end; y[i] = a end end
local function Atv(x, y, N) for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(j, i) end; y[i] = a end end
local function AtAv(x, y, t, N) Av(x, t, N); Atv(t, y, N) end
local N = 100 * scale
local u, v, t = {}, {}, {}
for i = 1, N do u[i] = 1 end
for _ = 1, 10 do AtAv(u, v, t, N); AtAv(v, u, t, N) end
local vBv, vv = 0, 0
for i = 1, N do local ui, vi = u[i], v[i]; vBv = vBv + ui * vi; vv = vv + vi * vi end
print(string.format("spectral %0.9f", sqrt(vBv / vv)))

local function fannkuch(n)
    local p, q, s, sign, maxflips, sum = {}, {}, {}, 1, 0, 0
    for i = 1, n do p[i] = i; q[i] = i; s[i] = i end
    repeat
        local q1 = p[1]
        if q1 ~= 1 then
            for i = 2, n do q[i] = p[i] end
            local flips = 1
            while true do
                local qq = q[q1]
                if qq == 1 then
                    sum = sum + sign * flips
                    if flips > maxflips then maxflips = flips end
                    break
                end
                q[q1] = q1
                if q1 >= 4 then
                    local i, j = 2, q1 - 1
                    repeat q[i], q[j] = q[j], q[i]; i = i + 1; j = j - 1 until i >= j
                end
                q1 = qq; flips = flips + 1
            end
        end
        if sign == 1 then
            p[2], p[1] = p[1], p[2]; sign = -1
        else
            p[2], p[3] = p[3], p[2]; sign = 1
            for i = 3, n do
                local sx = s[i]
                if sx ~= 1 then s[i] = sx - 1; break end
                if i == n then return sum, maxflips end
                s[i] = i
                local t1 = p[1]; for j = 1, i do p[j] = p[j + 1] end; p[i + 1] = t1
            end
        end
    until false
end
print("fannkuch", fannkuch(7 + (scale > 1 and 1 or 0)))

local parts = {}
for i = 1, 20000 * scale do parts[#parts + 1] = string.format("%x", i * 2654435761 % 4294967296) end
local s = table.concat(parts, ",")
local n = 0
for _ in s:gmatch("[a-f]+") do n = n + 1 end
print("string", #s, n, select(2, s:gsub("ff", "")))
