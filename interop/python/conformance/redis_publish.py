"""Publishes one message through detektr_wire.encode_entry:
redis_publish.py URL STREAM PAYLOADHEX NAMEHEX=VALUEHEX... (headers); prints the fields written."""

import sys

import redis

from detektr_wire import encode_entry
from wire_io import fields_of, print_info

url, stream, payload, *pairs = sys.argv[1:]
headers = {k.decode("utf-8"): v.decode("utf-8") for k, v in fields_of(pairs).items()}
fields = encode_entry(bytes.fromhex(payload), headers)
r = redis.Redis.from_url(url)
print_info("id", r.xadd(stream, fields))
for name, value in fields.items():
    print_info("field:" + name.hex(), value)
