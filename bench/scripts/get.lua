-- GET a random id from the list: wrk ... -s get.lua URL -- IDS_FILE|- PATH_TEMPLATE
dofile((os.getenv("BENCH_LUA_DIR") or "bench/scripts") .. "/common.lua")

local template
local headers

function init(args)
  load_ids(args[1])
  template = args[2]
  headers = base_headers(false)
  math.randomseed(os.time() * 100 + (tid or 0))
end

function request()
  local id = nil
  if #ids > 0 then id = ids[math.random(#ids)] end
  return wrk.format("GET", path_for(template, id), headers)
end
