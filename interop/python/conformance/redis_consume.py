"""Consumes COUNT messages of a group with XREADGROUP + decode_entry + XACK, as a Python service
would: redis_consume.py URL STREAM GROUP COUNT [START]. With START (0 or $) the group is created
first (MKSTREAM; an existing group is kept). Prints every message, then the entries it acked."""

import sys
import time

import redis

from detektr_wire import decode_entry
from wire_io import fail, print_info, print_message

url, stream, group, count, *start = sys.argv[1:]
count = int(count)
r = redis.Redis.from_url(url)
if start:
    try:
        r.xgroup_create(stream, group, id=start[0], mkstream=True)
    except redis.ResponseError as e:
        if "BUSYGROUP" not in str(e):
            raise
got, entries = 0, 0
deadline = time.monotonic() + 30
while got < count:
    if time.monotonic() > deadline:
        fail("timed out after %d of %d messages" % (got, count))
    for _stream, batch in r.xreadgroup(group, "python-1", {stream: ">"}, count=100, block=500):
        for entry_id, fields in batch:
            for payload, headers in decode_entry(fields):
                print_message(payload, headers)
                got += 1
            r.xack(stream, group, entry_id)
            entries += 1
print_info("entries", str(entries))
pending = r.xpending(stream, group)["pending"]
print_info("pending", str(pending))
