-- wrk script: POST the AdmissionReview named by the environment variable BODY_FILE. When
-- THINK_MS is set, each connection waits that many milliseconds between two requests; wrk does
-- not count the wait in the latency.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()

local think = tonumber(os.getenv("THINK_MS") or "")
if think then
  delay = function()
    return think
  end
end

-- Fail loudly if the webhook answers anything but 200, so a broken run never looks fast.
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected HTTP status " .. status .. "\n")
    os.exit(1)
  end
end
