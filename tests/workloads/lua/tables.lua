-- Tables: constructors, length, insert/remove/move/concat, sort with and
-- without comparators, metatables (__index, __newindex, __call, __eq, __lt,
-- __le, __concat, __len, __close, __tostring, arithmetic), next/pairs over
-- sorted keys only (pairs order is not specified).

local function keys(t)
    local ks = {}
    for k in pairs(t) do ks[#ks + 1] = tostring(k) end
    table.sort(ks)
    return table.concat(ks, ",")
end

local t = { 10, 20, 30, x = 1, y = 2, [100] = "h", [-1] = "neg" }
print(#t, keys(t))
table.insert(t, 40)
table.insert(t, 1, 5)
print(table.concat(t, " ", 1, #t), table.remove(t), table.remove(t, 1), table.concat(t, " "))
print(table.unpack({ 1, 2, 3, nil, 5 }, 1, 5))
print(select("#", table.unpack({}, 1, 3)), select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
local m = table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1)
print(table.concat(m, ","))
local p = table.pack(1, nil, 3)
print(p.n, p[1], p[2], p[3])

-- sorting: numbers, strings, records with a multi-key comparator, stability
-- is not promised by table.sort so keys are made unique
local nums = {}
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
for i = 1, 500 do nums[i] = rnd(10000) end
table.sort(nums)
local ok = true
for i = 2, #nums do if nums[i - 1] > nums[i] then ok = false end end
print("sorted", ok, nums[1], nums[250], nums[500])
table.sort(nums, function(a, b) return a > b end)
print("desc", nums[1], nums[500])
local words = {}
for w in ("pear apple fig banana cherry date grape kiwi lemon mango"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print(table.concat(words, " "))
local recs = {}
for i = 1, 50 do recs[i] = { id = i, grp = rnd(5), score = rnd(100) } end
table.sort(recs, function(a, b)
    if a.grp ~= b.grp then return a.grp < b.grp end
    if a.score ~= b.score then return a.score > b.score end
    return a.id < b.id
end)
local line = {}
for i = 1, 10 do line[i] = recs[i].grp .. "/" .. recs[i].score .. "/" .. recs[i].id end
print(table.concat(line, " "))

-- a hash table with many keys, removed again
local h = {}
for i = 1, 20000 do h["k" .. i] = i end
local sum = 0
for _, v in pairs(h) do sum = sum + v end
for i = 1, 20000, 2 do h["k" .. i] = nil end
local cnt = 0
for _ in pairs(h) do cnt = cnt + 1 end
print(sum, cnt, h.k2, h.k3)

-- metatables
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({ x = x, y = y }, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
Vec.__mul = function(a, k) return vec(a.x * k, a.y * k) end
Vec.__unm = function(a) return vec(-a.x, -a.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a:len2() < b:len2() end
Vec.__le = function(a, b) return a:len2() <= b:len2() end
Vec.__tostring = function(a) return "(" .. a.x .. "," .. a.y .. ")" end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vec.__len = function(a) return 2 end
Vec.__call = function(a, k) return a.x * k end
Vec.__idiv = function(a, k) return vec(a.x // k, a.y // k) end
Vec.__mod = function(a, k) return vec(a.x % k, a.y % k) end
function Vec:len2() return self.x * self.x + self.y * self.y end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), tostring(a * 3), tostring(-a), a == vec(1, 2), a ~= b)
print(a < b, a <= b, b < a, a .. b, #a, a(10), tostring(b // 2), tostring(b % 3))

-- __index / __newindex chains and rawget/rawset
local base = { greet = function(self) return "hi " .. self.name end, kind = "base" }
local mid = setmetatable({ kind = "mid" }, { __index = base })
local obj = setmetatable({ name = "obj" }, { __index = mid })
print(obj:greet(), obj.kind, rawget(obj, "kind"))
local log = {}
local proxy = setmetatable({}, {
    __index = function(_, k) log[#log + 1] = "get " .. k; return k:upper() end,
    __newindex = function(t, k, v) log[#log + 1] = "set " .. k; rawset(t, k, v * 2) end,
})
print(proxy.abc, proxy.zz)
proxy.n = 21
print(proxy.n, rawget(proxy, "n"), table.concat(log, ";"))

-- default values, read-only tables, inheritance via classes
local defaults = setmetatable({}, { __index = function() return 0 end })
defaults.a = defaults.a + 5
print(defaults.a, defaults.b)
local ro = setmetatable({}, { __index = { x = 1 }, __newindex = function() error("read-only table", 2) end })
print(pcall(function() ro.y = 2 end))

local Animal = {}
Animal.__index = Animal
function Animal.new(name, sound) return setmetatable({ name = name, sound = sound }, Animal) end
function Animal:speak() return self.name .. " says " .. self.sound end
local Dog = setmetatable({}, { __index = Animal })
Dog.__index = Dog
function Dog.new(name) local d = Animal.new(name, "woof"); return setmetatable(d, Dog) end
function Dog:fetch() return self.name .. " fetches" end
local d = Dog.new("rex")
print(d:speak(), d:fetch(), getmetatable(d) == Dog)

-- __close and to-be-closed variables
do
    local order = {}
    do
        local x <close> = setmetatable({}, { __close = function() order[#order + 1] = "x" end })
        local y <close> = setmetatable({}, { __close = function(_, e) order[#order + 1] = "y" .. tostring(e) end })
        order[#order + 1] = "body"
    end
    print(table.concat(order, " "))
end

-- next() and integer/float key normalisation
local nk = {}
nk[1.0] = "one"; nk[2] = "two"; nk[2^53] = "big"
print(nk[1], nk[2.0], nk[2^53 | 0], math.type(next({ [3.0] = true })))
