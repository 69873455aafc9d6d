-- POST an action update the way a partner system does: If-Match with the action's ETag and
-- a fresh Idempotency-Key on every request.
--
-- args: ids-file run-tag threads. The file lists actions nobody has touched, so each one's
-- ETag is known in advance ("action-<id>-v1", riskpanel.kit.concurrency.etag). Thread k
-- takes lines k, k+threads, ... Once its fresh actions are used up it reuses actions it
-- has already updated, with the ETag from their 201 response (the id is inside the ETag),
-- so a run never posts a stale ETag and never runs out.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local fresh = {}
local next_fresh = 1
local ready = {}
local tag = "run"
local sent = 0
local body = '{"progress": "in_progress", "note": "Visited; door entry fitted."}'

function init(args)
   tag = args[2]
   local nthreads = tonumber(args[3])
   local i = 0
   for line in io.lines(args[1]) do
      if #line > 0 then
         if i % nthreads == (tid or 0) then
            fresh[#fresh + 1] = { tonumber(line), 1 }
         end
         i = i + 1
      end
   end
   wrk.headers["Content-Type"] = "application/json"
end

local function take()
   if next_fresh <= #fresh then
      next_fresh = next_fresh + 1
      return fresh[next_fresh - 1]
   end
   if #ready > 0 then
      return table.remove(ready, 1)
   end
   return fresh[1] -- nothing free: the stale ETag answers 412 and shows up as an error
end

function request()
   local action = take()
   sent = sent + 1
   wrk.headers["If-Match"] = string.format('"action-%d-v%d"', action[1], action[2])
   wrk.headers["Idempotency-Key"] = string.format("%s-%d-%d", tag, tid or 0, sent)
   return wrk.format("POST", string.format("/api/v1/actions/%d/updates", action[1]), nil, body)
end

function response(status, headers, body)
   count_status(status)
   if status == 201 then
      local etag = headers["etag"] or headers["ETag"] or ""
      local id, version = etag:match('"action%-(%d+)%-v(%d+)"')
      if id then ready[#ready + 1] = { tonumber(id), tonumber(version) } end
   end
end
