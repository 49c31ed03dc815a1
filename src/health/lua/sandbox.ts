// The Lua sandbox every health script runs in: Argo CD's library set (base, table, string, math, os.time/date), fresh globals per run.

/**
 * Run once, with full access, in a fresh VM. Receives `expired` (a function saying the time limit has
 * passed), the `timeout` error value, the real `os` library and our `os.date`; returns `newEnv(obj)`, which builds the
 * globals one evaluation sees. A fresh table per run gives what Argo CD gets from a new VM per run: a
 * global set by one script (`hs = {}`) or a library changed by it is gone before the next run.
 */
export const SANDBOX_BOOTSTRAP = String.raw`
local expired, timeout, realos, osdate = ...
local rawpcall, rawxpcall, rawload, rawerror = pcall, xpcall, load, error
local next, select, setmetatable, unpack = next, select, setmetatable, table.unpack

-- A script that catches the time-limit error would run on; once the deadline has passed every
-- protected call re-raises, so the error always reaches the top.
local function pass(ok, ...)
  if not ok and expired() then rawerror(timeout, 0) end
  return ok, ...
end

local MAX_REP = 16 * 1024 * 1024

local strings = {}
for k, v in next, string do strings[k] = v end
strings.dump = nil -- bytecode never enters or leaves the sandbox
strings.gfind = string.gmatch -- Lua 5.1 name
local rep = string.rep
strings.rep = function(s, n, sep)
  -- A string bomb is not interruptible by the instruction hook, so refuse it up front.
  local size = (#tostring(s) + #tostring(sep or "")) * (tonumber(n) or 0)
  if size > MAX_REP then rawerror("string.rep: result would be too large", 2) end
  return rep(s, n, sep)
end

local tables = {}
for k, v in next, table do tables[k] = v end
tables.getn = function(t) return #t end -- Lua 5.1
tables.maxn = function(t)
  local n = 0
  for k in next, t do
    if type(k) == "number" and k > n then n = k end
  end
  return n
end

local maths = {}
for k, v in next, math do maths[k] = v end
maths.pow = function(x, y) return x ^ y end -- Lua 5.1
maths.log10 = function(x) return math.log(x, 10) end
maths.mod = math.fmod

local ostime = realos.time
local oses = {
  -- A float, not a 32-bit fengari integer, so time arithmetic cannot wrap around.
  time = function(t) return ostime(t) + 0.0 end,
  date = osdate,
}

-- Methods on strings ("x"):upper() must see the sandboxed library, and nobody may swap it.
local smt = getmetatable("")
smt.__index = strings
smt.__metatable = false

local base = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs,
  rawequal = rawequal, rawget = rawget, rawlen = rawlen, rawset = rawset, select = select,
  getmetatable = getmetatable, setmetatable = setmetatable, tonumber = tonumber, tostring = tostring,
  type = type, _VERSION = _VERSION, unpack = unpack,
  print = function() end, -- scripts run inside the controller: no stdout
  pcall = function(f, ...) return pass(rawpcall(f, ...)) end,
  xpcall = function(f, h, ...)
    return pass(rawxpcall(f, function(e)
      if expired() then return e end
      return h(e)
    end, ...))
  end,
}

-- Library functions are reached through read-only links, not copied, so a fresh environment costs a
-- few small tables. __metatable hides the shared links, so no run can rewire them for the next one.
local function link(t) return {__index = t, __metatable = false} end
local baseLink, stringLink, tableLink, mathLink, osLink = link(base), link(strings), link(tables), link(maths), link(oses)

return function(obj)
  local env = setmetatable({
    string = setmetatable({}, stringLink),
    table = setmetatable({}, tableLink),
    math = setmetatable({}, mathLink),
    os = setmetatable({}, osLink),
    obj = obj,
  }, baseLink)
  env._G = env
  -- Text only: precompiled bytecode can break the VM's invariants.
  env.load = function(chunk, name, _, e)
    if e == nil then e = env end
    return rawload(chunk, name, "t", e)
  end
  env.loadstring = function(s, name) return rawload(s, name, "t", env) end
  return env
end
`;
