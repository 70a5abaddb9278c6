"""XADD one entry the way any redis-py producer does: redis_xadd.py URL STREAM NAMEHEX=VALUEHEX..."""

import sys

import redis

from wire_io import fields_of, print_info

url, stream, *pairs = sys.argv[1:]
r = redis.Redis.from_url(url)
print_info("id", r.xadd(stream, fields_of(pairs)))
