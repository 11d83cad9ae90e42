-- Errors: error with strings, levels, tables, nil; pcall/xpcall with
-- handlers and tracebacks (only their first line is printed: line numbers
-- are fine, addresses are not), errors in metamethods, assert, error
-- objects with __tostring, nested pcall, runtime errors of every kind.

print(pcall(error, "plain"))
print(pcall(error, "lvl0", 0))
print(pcall(function() error("lvl1") end))
print(pcall(function() error("lvl2", 2) end))
print(pcall(error))
print(pcall(error, nil))
print(select("#", pcall(error)))

local E = setmetatable({}, { __tostring = function(e) return "E(" .. e.msg .. ")" end })
E.__index = E
local function newE(msg) return setmetatable({ msg = msg }, getmetatable(E)) end
local ok, e = pcall(function() error(newE("custom")) end)
print(ok, tostring(e), e.msg)

print(pcall(function() local x = nil; return x.field end))
print(pcall(function() return 1 + {} end))
print(pcall(function() return "a" < 1 end))
print(pcall(function() return #nil end))
print(pcall(function() undefinedfunction() end))
print(pcall(function() return ("x"):bad() end))
print(pcall(function() return 1 // 0 end))
print(pcall(function() return math.tointeger("x") end))
print(pcall(string.rep))
print(pcall(string.format, "%d", 1.5))
print(pcall(setmetatable, 1, {}))
print(pcall(function() local t = setmetatable({}, { __newindex = function() error("no writes") end }); t.a = 1 end))
print(pcall(function() for i = 1, "x" do end end))
print(pcall(function() return {} .. "" end))
print(pcall(next, {}, "nokey"))

print(pcall(assert, false))
print(pcall(assert, nil, "assert message"))
print(pcall(assert, 1 == 1, "unused"))
print(select("#", assert(1, 2, 3)))

-- xpcall with a handler that decorates, and with traceback
print(xpcall(function() error("inner") end, function(m) return "handled: " .. m end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
local _, tb = xpcall(function() error("with traceback") end, debug.traceback)
print((tb:match("^[^\n]*")))
print(select(2, tb:gsub("\n", "\n")) > 1)

-- error in the handler itself
print(xpcall(function() error("first") end, function() error("second") end))

-- nested pcall, errors rethrown with context
local function level3() error({ where = "level3" }) end
local function level2()
    local ok2, err = pcall(level3)
    if not ok2 then err.where = err.where .. "<level2"; error(err) end
end
local ok3, err3 = pcall(level2)
print(ok3, err3.where)

-- error while closing a to-be-closed variable
print(pcall(function()
    local c <close> = setmetatable({}, { __close = function(_, err) error("close saw " .. tostring(err), 0) end })
    error("body", 0)
end))

-- stack overflow is a catchable error
local function inf(n) return 1 + inf(n + 1) end
local okso, so = pcall(inf, 1)
print(okso, (tostring(so):find("stack overflow", 1, true)) ~= nil)

-- string-to-number coercion errors vs successes
print(pcall(function() return "10" + 5 end), pcall(function() return "abc" * 2 end))

-- errors crossing coroutine.wrap
local w = coroutine.wrap(function() error("in wrap") end)
print(pcall(w))

-- warn is off by default; os.exit with a status is tested by the runner
print(type(warn))
