-- login_candidates.lua: wrk script for the candidates' login storm
-- (bench/exams_http, issue 13): POST /api/v1/auth/login as candidate
-- bc1, bc2, ... bcN in turn, with the right password, so every request
-- costs one Argon2id verification of a different account.
-- BENCH_CANDIDATES (N), BENCH_PASS. done() prints:
--   BENCH_LOGIN ok=N non200=N errors=N
local n = tonumber(os.getenv("BENCH_CANDIDATES") or "1000")
local pass = os.getenv("BENCH_PASS")
local threads = {}
i = 0
ok = 0
bad = 0

function setup(thread)
	table.insert(threads, thread)
end

function request()
	i = i % n + 1
	return wrk.format("POST", "/api/v1/auth/login", { ["Content-Type"] = "application/json" },
		string.format('{"username":"bc%d","password":"%s"}', i, pass))
end

function response(status, headers, body)
	if status == 200 then ok = ok + 1 else bad = bad + 1 end
end

function done(summary, latency, requests)
	local o, b = 0, 0
	for _, t in ipairs(threads) do
		o = o + (t:get("ok") or 0)
		b = b + (t:get("bad") or 0)
	end
	io.write(string.format("BENCH_LOGIN ok=%d non200=%d errors=%d duration_us=%d\n", o, b,
		summary.errors.connect + summary.errors.read + summary.errors.write +
		summary.errors.timeout, summary.duration))
end
