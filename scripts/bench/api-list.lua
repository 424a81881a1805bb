-- wrk script: the API's event list as a browsing analyst asks for it. Each request is one page
-- (limit 100) of a rotating mix of orders (newest, oldest, fatalities, sources) and filters
-- (none, an event type, a date range, a box, a minimum toll), pages 1 to 10 of each.
--
-- The pages are read as the web page reads them when the list scrolls: each page after the first
-- starts `after` the `next` cursor of the page before (one connection per thread, so that each
-- connection follows its own pages). `PAGING=offset` asks for the same pages by `offset`
-- (0 to 900) instead, as a client that does not use cursors would. Usage, against `eventwire serve`:
--   wrk -t8 -c8 -d20s -s scripts/bench/api-list.lua http://127.0.0.1:PORT
--   PAGING=offset wrk -t8 -c8 -d20s -s scripts/bench/api-list.lua http://127.0.0.1:PORT
local sorts = { "newest", "oldest", "fatalities", "sources" }
local filters = {
  "",
  "&type=Battles",
  "&type=Explosions%2FRemote+violence",
  "&from=2018-01-01&to=2018-06-30&date_match=start",
  "&bbox=35,30,48,38",
  "&min_fatalities=5",
}
local by_offset = os.getenv("PAGING") == "offset"
local pages = 10
-- Which page of the mix (offset paging) or which list (cursor paging); a global, so that
-- `setup` starts each thread at another list.
n = 0
local page = 0    -- cursor paging: the page of the current list
local cursor = nil

local threads = 0
setup = function(thread)
  thread:set("n", threads * 7)
  threads = threads + 1
end

local function list(i)
  local sort = sorts[i % #sorts + 1]
  local filter = filters[math.floor(i / #sorts) % #filters + 1]
  return "/api/events?limit=100&sort=" .. sort .. filter
end

request = function()
  if by_offset then
    n = n + 1
    local offset = (math.floor(n / (#sorts * #filters)) % pages) * 100
    return wrk.format("GET", list(n) .. "&offset=" .. offset)
  end
  if cursor then
    return wrk.format("GET", list(n) .. "&after=" .. cursor)
  end
  return wrk.format("GET", list(n))
end

-- Any answer but 200 is counted and shown: a fast error is no throughput.
response = function(status, headers, body)
  if by_offset then return end
  page = page + 1
  cursor = status == 200 and body:match('"next":"([^"]*)"') or nil
  if page >= pages or not cursor then
    -- The next list from its first page.
    n = n + 1
    page = 0
    cursor = nil
  end
end

done = function(summary)
  io.write(string.format("paging: %s; non-200 answers: %d of %d\n",
    by_offset and "offset" or "after (cursor)", summary.errors.status, summary.requests))
end
