-- wrk script: POST the same schedule request over and over, and count the
-- answers that are not 201 (wrk's own count lets any 2xx or 3xx through).
-- The body and token come from the environment (set by bench/mock_throughput.py).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.body = os.getenv("BENCH_BODY")

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   not_created = 0
   last_status = 0
end

function response(status, headers, body)
   if status ~= 201 then
      not_created = not_created + 1
      last_status = status
   end
end

function done(summary, latency, requests)
   local count, status = 0, 0
   for _, thread in ipairs(threads) do
      count = count + thread:get("not_created")
      if thread:get("last_status") ~= 0 then
         status = thread:get("last_status")
      end
   end
   io.write(string.format("Answers other than 201: %d (last: %d)\n", count, status))
end
