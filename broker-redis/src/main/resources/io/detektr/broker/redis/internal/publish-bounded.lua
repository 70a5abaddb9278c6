-- Publish with a length limit, in one round trip.
-- KEYS[1] stream; ARGV[1] 'reject' | 'drop'; ARGV[2] maxLength; ARGV[3] trim operator '=' | '~';
-- ARGV[4..] field/value pairs of the entry.
-- Returns {id, dropped}; {false, backlog} when 'reject' refused the entry.
--
-- A stream keeps entries every group has already acknowledged, so XLEN overstates the backlog.
-- The backlog is the entries from the slowest group's "ack floor" on: its oldest pending entry,
-- or (nothing pending) the entry after the last one it was handed. Entries below the lowest floor
-- are done for every group: trim them (MINID) before judging the limit. Only done when XLEN says
-- the limit may be reached, so the common case costs one XLEN.
local key = KEYS[1]
local mode = ARGV[1]
local max = tonumber(ARGV[2])
local op = ARGV[3]

local function parse(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end

local function less(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end

local function trim_acknowledged()
  local groups = redis.call('XINFO', 'GROUPS', key)
  if #groups == 0 then
    return -- nobody consumes: every entry is backlog
  end
  local floor = nil
  for _, g in ipairs(groups) do
    local name, pending, last
    for i = 1, #g, 2 do
      if g[i] == 'name' then name = g[i + 1]
      elseif g[i] == 'pending' then pending = g[i + 1]
      elseif g[i] == 'last-delivered-id' then last = g[i + 1] end
    end
    local candidate
    if pending > 0 then
      candidate = redis.call('XPENDING', key, name)[2]
    else
      local ms, seq = parse(last)
      candidate = string.format('%d-%d', ms, seq + 1)
    end
    if floor == nil or less(candidate, floor) then
      floor = candidate
    end
  end
  redis.call('XTRIM', key, 'MINID', op, floor)
end

if redis.call('XLEN', key) >= max then
  trim_acknowledged()
  if mode == 'reject' then
    local backlog = redis.call('XLEN', key)
    if backlog >= max then
      return {false, backlog}
    end
  end
end
local id = redis.call('XADD', key, '*', unpack(ARGV, 4))
local dropped = 0
if mode == 'drop' and redis.call('XLEN', key) > max then
  dropped = redis.call('XTRIM', key, 'MAXLEN', op, max)
end
return {id, dropped}
