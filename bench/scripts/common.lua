-- Shared by the bench/scripts/*.lua wrk scripts (loaded with dofile; bench/run.sh sets BENCH_LUA_DIR).
-- Each script's arguments after `--`: an id file (one id per line, or "-" for none) and a path template
-- in which "{id}" is replaced by an id. X-Api-Key comes from BENCH_API_KEY (empty: no key, for the baseline).
-- done() prints one machine-readable line:
--   BENCH_RESULT requests=N duration_s=S rps=R p50_ms=A p99_ms=B non2xx=C socket_errors=E

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

ids = {}
non2xx = 0
local api_key = os.getenv("BENCH_API_KEY") or ""

function load_ids(file)
  if file == nil or file == "-" then return end
  for line in io.lines(file) do
    local id = line:match("^%s*(%S+)%s*$")
    if id then table.insert(ids, id) end
  end
  if #ids == 0 then error("no ids in " .. file) end
end

function base_headers(with_body)
  local h = {}
  if api_key ~= "" then h["X-Api-Key"] = api_key end
  if with_body then h["Content-Type"] = "application/json" end
  return h
end

function path_for(template, id)
  if id == nil then return template end
  return (template:gsub("{id}", id))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx <= 3 and os.getenv("BENCH_DEBUG") then
      io.stderr:write("non-2xx " .. status .. ": " .. (body or ""):sub(1, 300) .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = summary.errors
  local duration_s = summary.duration / 1e6
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, duration_s, summary.requests / duration_s,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad,
    e.connect + e.read + e.write + e.timeout))
end
