-- search.lua — wrk script for bench/search.sh: every request takes the next
-- path of a list, so the load rotates through all the benchmark's queries.
--   wrk ... -s bench/search.lua http://127.0.0.1:PORT -- PATHS-FILE
-- PATHS-FILE holds one request path per line (/c/bench/search?q=...). Each
-- thread starts at a different place in the list so that the threads do not
-- ask the same query at the same moment.

local threads = 0

function setup(thread)
	thread:set("first", threads)
	threads = threads + 1
end

local paths = {}
local next_index = 1

function init(args)
	local file = args[1]
	if not file then
		error("search.lua: pass the file of paths after --")
	end
	for line in io.lines(file) do
		if line ~= "" then
			paths[#paths + 1] = line
		end
	end
	if #paths == 0 then
		error("search.lua: no paths in " .. file)
	end
	-- "first" is set by setup() in the main state before init() runs here.
	local first = tonumber(wrk.thread:get("first")) or 0
	next_index = (first * 17) % #paths + 1
end

function request()
	local path = paths[next_index]
	next_index = next_index % #paths + 1
	return wrk.format("GET", path)
end
