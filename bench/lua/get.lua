-- GET a rotating list of paths (one per line in the file given after `--`), so reads
-- spread over many cases instead of hitting one cached row. Each thread starts at a
-- different offset. The Authorization header comes from wrk's -H.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "common.lua")

local paths = {}
local n = 0

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then paths[#paths + 1] = line end
   end
   n = (tid or 0) * 7
end

function request()
   n = n + 1
   return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
   count_status(status)
end
