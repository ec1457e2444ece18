-- wrk script: GET /api/v1/students/{random id}, authenticated.
-- BENCH_TOKEN: a session token; BENCH_MAX_ID: ids are 1..BENCH_MAX_ID.
local token = os.getenv("BENCH_TOKEN")
local max_id = tonumber(os.getenv("BENCH_MAX_ID") or "1000")
local non200 = 0
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
	return wrk.format("GET", "/api/v1/students/" .. math.random(1, max_id),
		{ ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
	if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, requests)
	io.write(string.format("BENCH_GET non200=%d\n", summary.errors.status))
end
