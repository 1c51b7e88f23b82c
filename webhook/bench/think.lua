-- wrk script for GET requests with the same pacing as post.lua: THINK_MS between two requests.
local think = tonumber(os.getenv("THINK_MS") or "")
if think then
  delay = function()
    return think
  end
end
