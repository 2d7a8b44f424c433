-- POST an observation to a random (active) episode: wrk ... -s post-observation.lua URL -- IDS_FILE
dofile((os.getenv("BENCH_LUA_DIR") or "bench/scripts") .. "/common.lua")

local headers
local body = '{"code":"fracture-site-pain","value":0,"onBehalfOf":{"clinicianId":"pt-1","name":"Sam Stride","role":"therapist"}}'

function init(args)
  load_ids(args[1])
  headers = base_headers(true)
  math.randomseed(os.time() * 100 + (tid or 0))
end

function request()
  return wrk.format("POST", "/api/v1/episodes/" .. ids[math.random(#ids)] .. "/observations", headers, body)
end
