-- wrk script: POST the same schedule request over and over.
-- The body and token come from the environment (set by bench/mock_throughput.py).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Auth-Token"] = os.getenv("BENCH_TOKEN")
wrk.body = os.getenv("BENCH_BODY")
