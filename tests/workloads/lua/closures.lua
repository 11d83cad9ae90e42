-- Closures and upvalues: counters, shared upvalues, upvalues captured per
-- loop iteration, closures that outlive their frame, recursion through
-- upvalues, varargs, multiple returns, tail calls, string.dump/load.

local function counter()
    local n = 0
    return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc(); inc()
local inc2 = counter()
inc2()
print(get(), inc2())

local fs = {}
for i = 1, 5 do fs[i] = function() return i * 10 end end
local r = {}
for i = 1, 5 do r[i] = fs[i]() end
print(table.concat(r, " "))

local shared = {}
do
    local x = 0
    shared.add = function(k) x = x + k end
    shared.get = function() return x end
end
shared.add(5); shared.add(7)
print(shared.get())

-- while-loop closures capture one variable per iteration declared inside
local ws = {}
local j = 0
while j < 4 do
    j = j + 1
    local k = j
    ws[#ws + 1] = function() k = k + 100; return k end
end
print(ws[1](), ws[1](), ws[4]())

-- memoize with closures
local function memoize(f)
    local cache = {}
    return function(n)
        local v = cache[n]
        if v == nil then v = f(n); cache[n] = v end
        return v
    end
end
local fib
fib = memoize(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print(fib(80), fib(90))

-- varargs and multiple results
local function va(...)
    local n = select("#", ...)
    local t = { ... }
    return n, #t, ...
end
print(va())
print(va(1, nil, 3))
print((va(1, 2, 3)))
local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + n) end
print(tail(100000, 0))
local function multi() return 1, 2, 3 end
print(multi(), multi())
print(({ multi(), multi() })[4], #{ multi(), (multi()) })

-- composition, currying, fold
local function compose(...)
    local fns = { ... }
    return function(x)
        for i = #fns, 1, -1 do x = fns[i](x) end
        return x
    end
end
local function curry(f) return function(a) return function(b) return f(a, b) end end end
local add = curry(function(a, b) return a + b end)
local h = compose(add(1), function(x) return x * 2 end, add(10))
print(h(5))
local function fold(t, f, acc) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
print(fold({ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, function(a, b) return a * b end, 1))

-- load with an environment, upvalue introspection, string.dump round trip
local env = { x = 6, y = 7 }
local chunk = load("return x * y", "chunk", "t", env)
print(chunk())
local function mk() local secret = 41; return function() secret = secret + 1; return secret end end
local fsec = mk()
print(debug.getupvalue(fsec, 1))
debug.setupvalue(fsec, 1, 99)
print(fsec())
local dumped = string.dump(function(a, b) return a .. "-" .. b end)
print(load(dumped, "d", "b")("p", "q"))
local acc = load("local s = 0; for i = 1, ... do s = s + i end; return s")
print(acc(1000))
