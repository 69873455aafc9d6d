-- Shared by get.lua and post.lua: count response statuses per thread, and print one JSON
-- line (prefixed BENCHJSON) that bench/run.py parses. Latencies are in microseconds.
local threads = {}
statuses = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

function count_status(status)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local totals, codes = {}, {}
   for _, thread in ipairs(threads) do
      for code, n in pairs(thread:get("statuses") or {}) do
         totals[code] = (totals[code] or 0) + n
      end
   end
   for code, n in pairs(totals) do
      codes[#codes + 1] = string.format('"%d": %d', code, n)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests": %d, "duration_us": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, ' ..
      '"max": %d, "mean": %.1f, "connect": %d, "read": %d, "write": %d, "status": %d, ' ..
      '"timeout": %d, "statuses": {%s}}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(95), latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write,
      e.status, e.timeout, table.concat(codes, ", ")))
end
