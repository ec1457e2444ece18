-- register.lua: wrk script for bench/exams_http (issue 13): candidates
-- registering for the national exam, each once.
--
--   POST /api/v1/exams/sessions/SESSION/registrations
--   Authorization: Bearer bench-exams-I      (bench/exams_tokens.c)
--   Idempotency-Key: KEY-I
--   {"subjects":[math, literature and two electives],"exemptions":[],"category":null}
--
-- Candidates BENCH_FIRST .. BENCH_FIRST + BENCH_COUNT - 1, in order, one
-- request each; once BENCH_COUNT answers are in, the thread stops (run wrk
-- with -t1 and a -d longer than the run needs). done() prints:
--   BENCH_POST requests=N created=N non201=N sockerr=N duration_us=N
--              p50_us=N p90_us=N p99_us=N max_us=N first_status=N

local session = os.getenv("BENCH_SESSION")
local first = tonumber(os.getenv("BENCH_FIRST") or "1")
local count = tonumber(os.getenv("BENCH_COUNT") or "1000")
local key = os.getenv("BENCH_KEY") or tostring(os.time())
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

sent = 0
answers = 0
created = 0
non201 = 0
first_status = 0
local path
local electives = {
	'"physics","chemistry"', '"chemistry","biology"', '"history","geography"',
	'"foreign_language","physics"', '"economics_law","geography"', '"informatics","physics"',
}

function init(args)
	path = "/api/v1/exams/sessions/" .. session .. "/registrations"
end

function request()
	if sent >= count then
		return wrk.format("GET", "/healthz")
	end
	local i = first + sent
	sent = sent + 1
	local body = '{"subjects":["math","literature",' .. electives[i % #electives + 1] ..
		'],"exemptions":[],"category":null}'
	return wrk.format("POST", path, {
		["Authorization"] = "Bearer bench-exams-" .. i,
		["Content-Type"] = "application/json",
		["Idempotency-Key"] = key .. "-" .. i,
	}, body)
end

function response(status, hdrs, body)
	answers = answers + 1
	if answers > count then
		wrk.thread:stop()
		return
	end
	if status == 201 then
		created = created + 1
	else
		non201 = non201 + 1
		if first_status == 0 then
			first_status = status
			io.stderr:write(string.format("register.lua: HTTP %d: %s\n", status,
				tostring(body):sub(1, 300)))
		end
	end
	if answers == count then
		wrk.thread:stop()
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
