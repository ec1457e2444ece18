-- wrk script: POST /api/v1/auth/login with the right password (a login
-- storm: every request costs one Argon2id verification).
-- BENCH_USER, BENCH_PASS: the account.
local user = os.getenv("BENCH_USER")
local pass = os.getenv("BENCH_PASS")
local body = string.format('{"username":"%s","password":"%s"}', user, pass)

function request()
	return wrk.format("POST", "/api/v1/auth/login",
		{ ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
	io.write(string.format("BENCH_LOGIN non2xx=%d errors=%d\n", summary.errors.status,
		summary.errors.connect + summary.errors.read + summary.errors.write +
		summary.errors.timeout))
end
