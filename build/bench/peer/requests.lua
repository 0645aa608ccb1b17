-- requests.lua: wrk script of the side-by-side benchmark. It reads the
-- request file named by BENCH_FILE (lines "token<TAB>path<TAB>body"),
-- sends BENCH_METHOD requests rotating over its lines with the token in
-- the BENCH_HEADER header, and prints one RESULT line with the rate, the
-- latency percentiles and the number of 5xx answers.
local lines = {}
for l in io.lines(os.getenv("BENCH_FILE")) do
  local token, path, body = l:match("^([^\t]*)\t([^\t]*)\t(.*)$")
  if token then lines[#lines + 1] = {token = token, path = path, body = body} end
end
local method = os.getenv("BENCH_METHOD") or "GET"
local header = os.getenv("BENCH_HEADER")
local threads = {}
n, fivexx, other = 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = id * 7919
end

function request()
  n = n + 1
  local l = lines[n % #lines + 1]
  local headers = {["Content-Type"] = "application/json", ["X-Forwarded-For"] = "10.1." .. (n % 200) .. "." .. (id % 200)}
  headers[header] = l.token
  local body = nil
  if l.body ~= "" then body = l.body end
  return wrk.format(method, l.path, headers, body)
end

function response(status, headers, body)
  if status >= 500 then
    fivexx = fivexx + 1
  elseif status >= 300 then
    other = other + 1
  end
end

function done(summary, latency, requests)
  local f, o = 0, 0
  for _, t in ipairs(threads) do
    f = f + t:get("fivexx")
    o = o + t:get("other")
  end
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d fivexx=%d other_non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, f, o, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
