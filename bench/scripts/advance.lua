-- Advance distinct ready episodes, each id once across all threads (thread t takes ids t, t+n, t+2n...):
-- wrk ... -s advance.lua URL -- IDS_FILE. When the list runs out ids are reused, which answers 409
-- (counted as non-2xx), so the ready set must be larger than the number of requests.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/scripts") .. "/common.lua")

local headers
local body = '{"action":"advance","onBehalfOf":{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}}'
local next_index

function init(args)
  load_ids(args[1])
  headers = base_headers(true)
  next_index = (tid or 0) + 1
end

function request()
  local id = ids[((next_index - 1) % #ids) + 1]
  next_index = next_index + (nthreads or 1)
  return wrk.format("POST", "/api/v1/episodes/" .. id .. "/transitions", headers, body)
end
