"""Consumes COUNT messages from a group queue of the library with pika, declaring the queue first
with the arguments docs/wire-format.md lists (as JSON): amqp_consume.py URL QUEUE COUNT ARGSJSON.
Prints each message (header values as pika gives them, str()'d) and its AMQP properties."""

import json
import sys

import pika

from wire_io import fail, print_info, print_message

url, queue, count, arguments = sys.argv[1:]
count = int(count)
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.queue_declare(queue=queue, durable=True, arguments=json.loads(arguments))
got = 0
for method, props, body in channel.consume(queue, inactivity_timeout=30):
    if method is None:
        fail("timed out after %d of %d messages" % (got, count))
    headers = {k: v.decode("utf-8") if isinstance(v, bytes) else str(v)
               for k, v in (props.headers or {}).items()}
    print_message(body, headers)
    print_info("content_type.%d" % got, props.content_type or "")
    print_info("timestamp.%d" % got, str(props.timestamp or ""))
    print_info("message_id.%d" % got, props.message_id or "")
    print_info("delivery_mode.%d" % got, str(props.delivery_mode or ""))
    channel.basic_ack(method.delivery_tag)
    got += 1
    if got == count:
        break
channel.cancel()
connection.close()
