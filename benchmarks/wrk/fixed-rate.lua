-- wrk script: requests at a fixed overall rate instead of as fast as possible (wrk2 is not in Debian).
-- Usage: wrk -t1 -c8 -d20s -s fixed-rate.lua http://127.0.0.1:8080/path -- <requests per second>
-- wrk asks delay() before every request; it answers with the wait that keeps all requests of this thread on a fixed
-- schedule (use one thread: -t1). Latency is wrk's own, from the moment a request is written, so a stall longer than
-- the interval is under-reported (coordinated omission): keep the rate well below saturation.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } fixed_rate_timespec;
int clock_gettime(int clock_id, fixed_rate_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("fixed_rate_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

local interval_ms
local next_ms

function init(args)
  local rate = tonumber(args[1])
  if rate == nil or rate <= 0 then
    error("fixed-rate.lua needs the rate: wrk ... -s fixed-rate.lua <url> -- <requests per second>")
  end
  interval_ms = 1000 / rate
end

function delay()
  local now = now_ms()
  -- A schedule more than a second behind restarts from now rather than bursting to catch up.
  if next_ms == nil or next_ms < now - 1000 then
    next_ms = now
  end
  next_ms = next_ms + interval_ms
  local wait = next_ms - now
  if wait < 0 then
    return 0
  end
  return wait
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "fixed-rate: requests=%d duration_us=%d errors=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
