-- wrk script for bench/load.py: a weighted mix of endpoints, timed per request.
--
-- LOAD_PATHS names a file of "endpoint<TAB>path" lines; LOAD_WEIGHTS gives
-- each endpoint's share ("list=30,detail=40"); LOAD_OUT is where done()
-- writes what every thread saw. Run with one connection per thread (-tN
-- -cN): each thread then alternates request() and response(), so a
-- response's latency and endpoint are those of the thread's last request.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } load_timespec;
int clock_gettime(int clock, load_timespec *spec);
]])
local REALTIME, MONOTONIC = 0, 1
local spec = ffi.new("load_timespec")

local function clock(which)
  ffi.C.clock_gettime(which, spec)
  return tonumber(spec.tv_sec) + tonumber(spec.tv_nsec) * 1e-9
end

-- Main state: the threads, to collect from in done().
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

-- Endpoints and their weights, in order, from LOAD_WEIGHTS.
local function mix()
  local endpoints, weights = {}, {}
  for endpoint, weight in os.getenv("LOAD_WEIGHTS"):gmatch("([%w_]+)=(%d+)") do
    table.insert(endpoints, endpoint)
    table.insert(weights, tonumber(weight))
  end
  return endpoints, weights
end

-- Thread state, copied out by done(): flat tables only (wrk crashes copying
-- nested ones), so each endpoint's latencies (ms) are a global of their own,
-- latency_<endpoint>.
failed_at = {} -- epoch second -> failed responses (status >= 400)
answered_at = {} -- epoch second -> good responses
statuses = {} -- "endpoint status" -> count
first_failure, last_failure = nil, nil -- epoch seconds, as precise as the clock
local endpoints, cumulative, paths, total = {}, {}, {}, 0
local current, started

function init(args)
  for line in io.lines(os.getenv("LOAD_PATHS")) do
    local endpoint, path = line:match("^(%S+)\t(.+)$")
    paths[endpoint] = paths[endpoint] or {}
    table.insert(paths[endpoint], path)
  end
  local weights
  endpoints, weights = mix()
  for n, endpoint in ipairs(endpoints) do
    assert(paths[endpoint], "no paths for " .. endpoint)
    total = total + weights[n]
    cumulative[n] = total
    _G["latency_" .. endpoint] = {}
  end
  math.randomseed(thread_number * 7919 + os.time())
end

function request()
  local pick, n = math.random() * total, 1
  while cumulative[n] < pick do
    n = n + 1
  end
  current = endpoints[n]
  local choices = paths[current]
  started = clock(MONOTONIC)
  return wrk.format("GET", choices[math.random(#choices)])
end

function response(status, headers, body)
  local list = _G["latency_" .. current]
  list[#list + 1] = (clock(MONOTONIC) - started) * 1000
  local second = math.floor(clock(REALTIME))
  -- wrk's own count of "Non-2xx or 3xx responses" is status > 399.
  if status > 399 then
    failed_at[second] = (failed_at[second] or 0) + 1
    first_failure = first_failure or clock(REALTIME)
    last_failure = clock(REALTIME)
  else
    answered_at[second] = (answered_at[second] or 0) + 1
  end
  local key = current .. " " .. status
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local out = assert(io.open(os.getenv("LOAD_OUT"), "w"))
  local e = summary.errors
  out:write(string.format("summary %d %d %d %d %d %d %d\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    for _, endpoint in ipairs((mix())) do
      local list = thread:get("latency_" .. endpoint)
      out:write("latency ", endpoint, " ", table.concat(list, " "), "\n")
    end
    for second, count in pairs(thread:get("failed_at")) do
      out:write("failed ", second, " ", count, "\n")
    end
    for second, count in pairs(thread:get("answered_at")) do
      out:write("answered ", second, " ", count, "\n")
    end
    for key, count in pairs(thread:get("statuses")) do
      out:write("status ", key, " ", count, "\n")
    end
    if thread:get("first_failure") then
      out:write(string.format("failures %.3f %.3f\n", thread:get("first_failure"),
        thread:get("last_failure")))
    end
  end
  out:close()
end
