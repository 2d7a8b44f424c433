-- Advance distinct ready episodes, each id once across all threads (thread t takes ids t, t+n, t+2n...):
-- wrk -tN ... -s advance.lua URL -- IDS_FILE N [PATH_TEMPLATE] (default /api/v1/episodes/{id}/transitions; the bare
-- baseline's is /episodes/{id}/advance). The thread count comes as an argument: wrk starts each thread
-- (and runs its init) before it sets up the next, so a count gathered in setup() is not final yet. When the list runs out ids are reused, which answers 409
-- (counted as non-2xx), so the ready set must be larger than the number of requests.
dofile((os.getenv("BENCH_LUA_DIR") or "bench/scripts") .. "/common.lua")

local headers
local body = '{"action":"advance","onBehalfOf":{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}}'
local next_index
local stride
local template

function init(args)
  load_ids(args[1])
  headers = base_headers(true)
  stride = tonumber(args[2]) or 1
  next_index = (tid or 0) + 1
  template = args[3] or "/api/v1/episodes/{id}/transitions"
end

function request()
  local id = ids[((next_index - 1) % #ids) + 1]
  next_index = next_index + stride
  return wrk.format("POST", path_for(template, id), headers, body)
end
