-- wrk: POST one assessment for a class of 40 (bench/teaching_setup.mjs
-- prints the arguments): wrk ... -s save_grades.lua URL -- CLASS IDS TOKEN
local class, ids, token
local n = 0
-- Each thread starts its own sequence, so two threads do not send the same
-- values one after the other (a save that changes nothing is cheaper).
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  n = (tid or 0) * 5
  class, token = args[1], args[3]
  ids = {}
  for id in string.gmatch(args[2], "%d+") do ids[#ids + 1] = id end
end
function request()
  n = n + 1
  local parts = {}
  for i, id in ipairs(ids) do
    parts[#parts + 1] = string.format('{"student":%s,"value":%d.%d}', id, (n + i) % 10, i % 10)
  end
  local body = string.format('{"subject":"TOAN","term":1,"assessment":"regular%d","grades":[%s]}', n % 4 + 1, table.concat(parts, ","))
  return wrk.format("POST", "/api/v1/classes/" .. class .. "/grades",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
