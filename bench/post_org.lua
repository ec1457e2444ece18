-- post_org.lua: wrk script for the group-commit benchmarks (bench/run, sections
-- "writes" and "pg").
--
-- Every request is POST /api/v1/orgs creating a new school under
-- BENCH_PARENT (default IR-THR-D01). Codes are unique across threads and
-- runs: "<prefix>.<thread>.<counter>", where the prefix is BENCH_PREFIX (cut
-- to 20 characters) or, if unset, six random letters; a code stays within
-- the 32 characters the API allows for up to 10^9 requests per thread.
--
-- Environment:
--   BENCH_TOKEN   bearer token of an account that may add schools (required)
--   BENCH_PREFIX  code prefix of [A-Za-z0-9._-], unique per run (optional)
--   BENCH_PARENT  parent org code (optional)
--
-- Any response other than 201 is counted as an error. done() prints one
-- machine-readable line that bench/run parses:
--   BENCH_POST requests=N created=N non201=N sockerr=N duration_us=N
--              p50_us=N p90_us=N p99_us=N max_us=N first_status=N

local token = os.getenv("BENCH_TOKEN")
local parent = os.getenv("BENCH_PARENT") or "IR-THR-D01"
local threads = {}
local next_id = 0

local function random_prefix()
	local f = io.open("/dev/urandom", "rb")
	local seed = os.time()
	if f then
		local b = f:read(4)
		f:close()
		seed = b:byte(1) + b:byte(2) * 256 + b:byte(3) * 65536 + b:byte(4) * 16777216
	end
	math.randomseed(seed)
	local chars = "abcdefghijklmnopqrstuvwxyz"
	local t = {}
	for i = 1, 6 do
		local k = math.random(1, #chars)
		t[i] = chars:sub(k, k)
	end
	return table.concat(t)
end

-- Runs once in the main Lua state, once per wrk thread.
function setup(thread)
	if not token or token == "" then
		io.stderr:write("post_org.lua: set BENCH_TOKEN\n")
		os.exit(2)
	end
	next_id = next_id + 1
	thread:set("tid", next_id)
	local p = os.getenv("BENCH_PREFIX")
	if not p or p == "" then
		p = random_prefix()
	end
	thread:set("prefix", p:sub(1, 20))
	table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state). These are
-- globals so that done() can read them with thread:get().
counter = 0
created = 0
non201 = 0
first_status = 0
local headers

function init(args)
	headers = {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/json",
	}
end

function request()
	counter = counter + 1
	local code = string.format("%s.%d.%d", prefix, tid, counter)
	local body = string.format(
		'{"code":"%s","name":"Bench school %s","kind":"school","parent":"%s"}',
		code, code, parent)
	return wrk.format("POST", "/api/v1/orgs", headers, body)
end

function response(status, hdrs, body)
	if status == 201 then
		created = created + 1
	else
		non201 = non201 + 1
		if first_status == 0 then
			first_status = status
			io.stderr:write(string.format("post_org.lua: HTTP %d: %s\n", status,
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
