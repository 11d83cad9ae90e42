-- Garbage collection: full collections, incremental and generational modes,
-- weak-keyed and weak-valued tables, ephemerons, finalizers (__gc) and
-- resurrection. Memory figures depend on the allocator, so only their
-- relations and counts of surviving objects are printed.

local function count(t) local n = 0; for _ in pairs(t) do n = n + 1 end; return n end

collectgarbage("collect")
local before = collectgarbage("count")
do
    local junk = {}
    for i = 1, 100000 do junk[i] = { i, tostring(i) } end
    print("allocated more", collectgarbage("count") > before + 1000)
    junk = nil
end
collectgarbage("collect")
print("freed again", collectgarbage("count") < before + 500)

-- weak values: entries whose values are only in the weak table go away
local cache = setmetatable({}, { __mode = "v" })
local keep = {}
for i = 1, 100 do
    local obj = { id = i }
    cache[i] = obj
    if i % 10 == 0 then keep[#keep + 1] = obj end
end
collectgarbage("collect")
print("weak values left", count(cache), #keep)

-- weak keys
local wk = setmetatable({}, { __mode = "k" })
local anchors = {}
for i = 1, 50 do
    local k = {}
    wk[k] = i
    if i <= 5 then anchors[i] = k end
end
collectgarbage("collect")
local s = 0
for _, v in pairs(wk) do s = s + v end
print("weak keys left", count(wk), s)

-- ephemeron: value refers to its own key, the pair still goes
local eph = setmetatable({}, { __mode = "k" })
do
    for i = 1, 20 do local k = {}; eph[k] = { back = k, n = i } end
end
collectgarbage("collect")
print("ephemerons left", count(eph))

-- strings are values, not collectable keys for weakness purposes
local ws = setmetatable({}, { __mode = "k" })
ws["str"] = 1; ws[1] = 2
collectgarbage("collect")
print("non-collectable keys stay", count(ws))

-- finalizers run at collection, in reverse order of marking, once
local order = {}
do
    for i = 1, 5 do setmetatable({}, { __gc = function() order[#order + 1] = i end }) end
end
collectgarbage("collect")
print("finalized", #order, table.concat(order, ","))

-- resurrection from a finalizer
local saved
do
    setmetatable({ name = "phoenix" }, { __gc = function(o) saved = o end })
end
collectgarbage("collect")
print("resurrected", saved and saved.name)
saved = nil
collectgarbage("collect")

-- generational mode, then back to incremental; both must keep live data
local live = {}
print("mode", collectgarbage("generational"))
for round = 1, 20 do
    for i = 1, 2000 do local t = { round, i }; if i % 100 == 0 then live[#live + 1] = t end end
    collectgarbage("step", 0)
end
print("mode", collectgarbage("incremental"))
collectgarbage("setpause", 100)
for i = 1, 3000 do local _ = { i } end
collectgarbage("setpause", 200)
collectgarbage("collect")
local sum = 0
for _, t in ipairs(live) do sum = sum + t[1] * t[2] end
print("live", #live, sum)
print("is running", collectgarbage("isrunning"))
collectgarbage("stop")
print("is running", collectgarbage("isrunning"))
collectgarbage("restart")

-- __gc on a table created by a closure chain, with weak cache lookups
local created, finalized = 0, 0
local reg = setmetatable({}, { __mode = "v" })
for i = 1, 1000 do
    created = created + 1
    reg[i] = setmetatable({}, { __gc = function() finalized = finalized + 1 end })
end
collectgarbage("collect")
collectgarbage("collect")
print("created", created, "finalized", finalized, "left", count(reg))

-- lots of short strings, then lots of long ones
local strs = {}
for i = 1, 30000 do strs[i] = "s" .. (i % 1000) end
local longs = {}
for i = 1, 200 do longs[i] = string.rep(string.char(65 + i % 26), 1000 + i) end
strs, longs = nil, nil
collectgarbage("collect")
print("end", collectgarbage("count") < before + 500)
