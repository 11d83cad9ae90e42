-- Coroutines: generators, passing values both ways, wrap, status, yield
-- across pcall, errors inside coroutines, close, a producer/consumer
-- pipeline and a round-robin scheduler.

local function gen(n)
    return coroutine.wrap(function()
        for i = 1, n do coroutine.yield(i, i * i) end
        return "done"
    end)
end
local g = gen(4)
for _ = 1, 5 do print(g()) end

local co = coroutine.create(function(a, b)
    print("start", a, b)
    local c = coroutine.yield(a + b)
    print("got", c)
    local d, e = coroutine.yield(c * 2)
    print("got", d, e)
    return d + e, "end"
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, 10))
print(coroutine.status(co), coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))

-- isyieldable, running
print(coroutine.isyieldable(), select(2, coroutine.running()))
coroutine.wrap(function() print(coroutine.isyieldable(), select(2, coroutine.running())) end)()

-- yield across pcall and a metamethod
local co2 = coroutine.create(function()
    local ok, v = pcall(function()
        local x = coroutine.yield("in pcall")
        error("boom " .. x)
    end)
    coroutine.yield(ok, v)
    local t = setmetatable({}, { __index = function(_, k) return coroutine.yield("index " .. k) end })
    return t.foo
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "x"))
print(coroutine.resume(co2))
print(coroutine.resume(co2, "from index"))
print(coroutine.resume(co2))

-- error objects out of a coroutine
local co3 = coroutine.create(function() error({ code = 7 }) end)
local ok, err = coroutine.resume(co3)
print(ok, type(err), err.code, coroutine.status(co3))
local okc, ec = coroutine.close(co3)
print(okc, type(ec), ec == err)
local co4 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co4)
print(coroutine.close(co4), coroutine.status(co4))

-- producer / filter / consumer
local function producer(words)
    return coroutine.create(function()
        for _, w in ipairs(words) do coroutine.yield(w) end
    end)
end
local function filter(src, pred)
    return coroutine.create(function()
        while true do
            local _, v = coroutine.resume(src)
            if v == nil then return end
            if pred(v) then coroutine.yield(v:upper()) end
        end
    end)
end
local f = filter(producer({ "alpha", "beta", "gamma", "delta", "epsilon", "zeta" }), function(w) return #w > 4 end)
local out = {}
while true do
    local _, v = coroutine.resume(f)
    if v == nil then break end
    out[#out + 1] = v
end
print(table.concat(out, " "))

-- round-robin scheduler over many coroutines with different work
local tasks, log = {}, {}
for id = 1, 6 do
    tasks[#tasks + 1] = coroutine.create(function()
        local acc = 0
        for step = 1, id * 3 do
            acc = acc + step * id
            if step % id == 0 then coroutine.yield() end
        end
        log[#log + 1] = id .. "=" .. acc
    end)
end
local rounds = 0
while #tasks > 0 do
    rounds = rounds + 1
    for i = #tasks, 1, -1 do
        coroutine.resume(tasks[i])
        if coroutine.status(tasks[i]) == "dead" then table.remove(tasks, i) end
    end
end
print(rounds, table.concat(log, " "))

-- deep recursion inside a coroutine, and many live coroutines at once
local deep = coroutine.wrap(function()
    local function rec(n) if n == 0 then return coroutine.yield("bottom") end return rec(n - 1) end
    return rec(5000)
end)
print(deep())
local many = {}
for i = 1, 2000 do
    many[i] = coroutine.wrap(function(x) while true do x = coroutine.yield(x + i) end end)
end
local total = 0
for r = 1, 3 do for i = 1, #many do total = total + many[i](r) end end
print(total)
