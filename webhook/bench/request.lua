-- wrk script. With BODY_FILE set, each request POSTs that file as JSON; without it, wrk sends
-- its plain GET. With THINK_MS set, each connection waits that many milliseconds between two
-- requests, and wrk does not count the wait in the latency.
local body_file = os.getenv("BODY_FILE")
if body_file and body_file ~= "" then
  local file = assert(io.open(body_file, "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  wrk.headers["Content-Type"] = "application/json"
  file:close()
end

local think = tonumber(os.getenv("THINK_MS") or "")
if think then
  delay = function()
    return think
  end
end

-- Fail loudly if the server returns anything but 200, so a broken run never looks fast.
response = function(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected HTTP status " .. status .. "\n")
    os.exit(1)
  end
end
