-- wrk: POST one day's attendance for a class of 40 (bench/teaching_setup.mjs
-- prints the arguments): wrk ... -s take_attendance.lua URL -- CLASS IDS TOKEN
-- Each wrk thread takes the days of its own month of 2025 (thread 1
-- October, thread 2 November, ...); its request n takes day n % 28 + 1 with
-- every student's status moved on from the last time that day came round,
-- so every request writes all 40 marks (new, or a correction recorded in
-- attendance_changes) and 40 audit entries.
local class, ids, token
local statuses = { "present", "late", "absent_excused", "absent_unexcused" }
local n = 0
local threads = 0
function setup(thread)
  thread:set("month", 10 + threads)
  threads = threads + 1
end
function init(args)
  class, token = args[1], args[3]
  ids = {}
  for id in string.gmatch(args[2], "%d+") do ids[#ids + 1] = id end
end
function request()
  n = n + 1
  local day, round = n % 28 + 1, math.floor(n / 28)
  local parts = {}
  for i, id in ipairs(ids) do
    parts[#parts + 1] = string.format('{"student":%s,"status":"%s"}', id, statuses[(round + i) % 4 + 1])
  end
  local body = string.format('{"date":"2025-%02d-%02d","period":null,"entries":[%s]}', month, day, table.concat(parts, ","))
  return wrk.format("POST", "/api/v1/classes/" .. class .. "/attendance",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p99 %.2f ms, %d requests, non-2xx %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status))
end
