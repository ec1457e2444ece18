-- wrk script: GET /api/v1/students?q=PREFIX with a random prefix from
-- BENCH_QUERIES (a file of URL-encoded prefixes, one a line): common family
-- names and full names in Persian and Vietnamese, the worst cases.
local token = os.getenv("BENCH_TOKEN")
local queries = {}
for line in io.lines(os.getenv("BENCH_QUERIES")) do
	if #line > 0 then table.insert(queries, line) end
end

function init(args)
	math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
	local q = queries[math.random(1, #queries)]
	return wrk.format("GET", "/api/v1/students?limit=50&q=" .. q,
		{ ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
	io.write(string.format("BENCH_GET non200=%d\n", summary.errors.status))
end
