-- wrk script: the API's event list as a browsing analyst asks for it. Each request is one page
-- (limit 100) of a rotating mix of orders, offsets (pages 1 to 10) and filters (none, an event
-- type, a date range, a box, a minimum toll). Usage, against `eventwire serve`:
--   wrk -t8 -c8 -d20s -s scripts/bench/api-list.lua http://127.0.0.1:PORT
local sorts = { "newest", "oldest", "fatalities", "sources" }
local filters = {
  "",
  "&type=Battles",
  "&type=Explosions%2FRemote+violence",
  "&from=2018-01-01&to=2018-06-30&date_match=start",
  "&bbox=35,30,48,38",
  "&min_fatalities=5",
}
local n = 0
request = function()
  n = n + 1
  local sort = sorts[n % #sorts + 1]
  local filter = filters[math.floor(n / #sorts) % #filters + 1]
  local offset = (math.floor(n / (#sorts * #filters)) % 10) * 100
  return wrk.format("GET", "/api/events?limit=100&sort=" .. sort .. "&offset=" .. offset .. filter)
end
-- Any answer but 200 is counted and shown: a fast error is no throughput.
local bad = 0
response = function(status)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary)
  io.write(string.format("non-200 answers: %d of %d\n", summary.errors.status, summary.requests))
end
