-- wrk script for deploy/ops/soak.sh: cycles through a weighted list of (API key, path) pairs read from the file
-- given after "--", counts every answer by status code, and prints the totals when done.
--   wrk -t2 -c16 -d60s -s deploy/ops/soak.lua http://127.0.0.1:48000 -- /tmp/mix.tsv
-- Each line of the mix file: weight<TAB>key (or -)<TAB>path

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  entries = {}
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local weight, key, path = line:match("^(%d+)\t(%S+)\t(%S+)$")
    if weight then
      local headers = {}
      if key ~= "-" then headers["X-API-Key"] = key end
      local request = wrk.format("GET", path, headers)
      for _ = 1, tonumber(weight) do table.insert(entries, request) end
    end
  end
  file:close()
  -- Threads start at different places of the mix, so they do not move in lockstep.
  math.randomseed(os.time() + #threads * 7919)
  position = math.random(#entries)
  statuses = {}
end

function request()
  position = position % #entries + 1
  return entries[position]
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  for status, count in pairs(totals) do
    io.write(string.format("status %d %d\n", status, count))
  end
  local e = summary.errors
  io.write(string.format("socket_errors connect=%d read=%d write=%d timeout=%d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("requests %d duration_us %d\n", summary.requests, summary.duration))
  io.write(string.format("latency_ms p50=%.1f p90=%.1f p99=%.1f max=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
