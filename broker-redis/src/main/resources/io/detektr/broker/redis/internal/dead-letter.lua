-- Dead-letters one entry atomically: add it to the dead-letter stream, then acknowledge it.
-- KEYS[1] source stream; KEYS[2] dead-letter stream; ARGV[1] group; ARGV[2] entry id;
-- ARGV[3..] field/value pairs of the dead letter. Returns the dead letter's id.
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return id
