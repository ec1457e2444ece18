-- apply.lua: wrk script for bench/admissions_http (issue 16).
--
-- Every request is a family's application from home:
--   POST /api/v1/admissions/rounds/ROUND/applications
--   Authorization: Bearer <the guardian's token>
--   Idempotency-Key: <unique per request>
--   {"student": ID, "choices": [three of the round's schools]}
-- Families come from BENCH_FAMILIES ("TOKEN STUDENT_ID" lines, shuffled by
-- the setup), each used once per run; the run gets a fresh round, so the
-- same children apply again in the next one. A run that used every family
-- stops sending (wrk then counts nothing more), so the file must hold more
-- families than a run can place.
--
-- Environment: BENCH_ROUND (round id), BENCH_FAMILIES (file), BENCH_SCHOOLS
-- (the round's school codes, comma-separated), BENCH_KEY (unique per run).
-- done() prints:
--   BENCH_POST requests=N created=N non201=N sockerr=N duration_us=N
--              p50_us=N p90_us=N p99_us=N max_us=N first_status=N

local round = os.getenv("BENCH_ROUND")
local file = os.getenv("BENCH_FAMILIES")
local schools_env = os.getenv("BENCH_SCHOOLS")
local key = os.getenv("BENCH_KEY") or tostring(os.time())
local threads = {}
local nthreads = 0

function setup(thread)
	nthreads = nthreads + 1
	thread:set("tid", nthreads)
	table.insert(threads, thread)
end

counter = 0
created = 0
non201 = 0
first_status = 0
local families = {}
local schools = {}
local path

function init(args)
	for s in string.gmatch(schools_env, "[^,]+") do
		table.insert(schools, s)
	end
	for line in io.lines(file) do
		local t, id = line:match("^(%S+) (%d+)$")
		if t then
			table.insert(families, {t, id})
		end
	end
	path = "/api/v1/admissions/rounds/" .. round .. "/applications"
end

function request()
	counter = counter + 1
	local f = families[counter]
	if not f then
		-- Every family has applied: ask for something harmless instead.
		return wrk.format("GET", "/healthz")
	end
	local n = #schools
	local a = (counter * 7) % n + 1
	local b = (counter * 7 + 3) % n + 1
	local c = (counter * 7 + 5) % n + 1
	local body = string.format('{"student":%s,"choices":["%s","%s","%s"]}', f[2],
		schools[a], schools[b], schools[c])
	return wrk.format("POST", path, {
		["Authorization"] = "Bearer " .. f[1],
		["Content-Type"] = "application/json",
		["Idempotency-Key"] = string.format("%s-%d-%d", key, tid, counter),
	}, body)
end

function response(status, hdrs, body)
	if status == 201 then
		created = created + 1
	else
		non201 = non201 + 1
		if first_status == 0 then
			first_status = status
			io.stderr:write(string.format("apply.lua: HTTP %d: %s\n", status,
				tostring(body):sub(1, 300)))
		end
	end
end

function done(summary, latency, requests)
	local c, n, fs = 0, 0, 0
	for _, t in ipairs(threads) do
		c = c + (t:get("created") or 0)
		n = n + (t:get("non201") or 0)
		local s = t:get("first_status") or 0
		if fs == 0 then fs = s end
	end
	local e = summary.errors
	local sockerr = e.connect + e.read + e.write + e.timeout
	io.write(string.format(
		"BENCH_POST requests=%d created=%d non201=%d sockerr=%d duration_us=%d " ..
		"p50_us=%d p90_us=%d p99_us=%d max_us=%d first_status=%d\n",
		summary.requests, c, n, sockerr, summary.duration,
		latency:percentile(50), latency:percentile(90), latency:percentile(99),
		latency.max, fs))
end
