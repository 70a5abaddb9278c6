"""Publishes one message to a topic's exchange with pika, as a Python producer would, with the
AMQP properties and typed header values a Java consumer must not lose:
amqp_publish.py URL EXCHANGE PAYLOADHEX TIMESTAMP"""

import decimal
import sys

import pika

url, exchange, payload, timestamp = sys.argv[1:]
connection = pika.BlockingConnection(pika.URLParameters(url))
channel = connection.channel()
channel.confirm_delivery()
channel.basic_publish(
    exchange=exchange,
    routing_key="cam-1",
    body=bytes.fromhex(payload),
    properties=pika.BasicProperties(
        content_type="image/jpeg",
        timestamp=int(timestamp),
        message_id="py-frame-42",
        delivery_mode=2,
        headers={
            "camera-id": "cam-1",
            "int": 42,
            "negative": -7,
            "long": 2**40,
            "bool": True,
            "false": False,
            "decimal": decimal.Decimal("1.50"),
            "bytes": b"\x00\xffab",
            "list": [1, "a", True, None],
            "map": {"k": "v", "n": 1},
            "none": None,
        },
    ),
    mandatory=True,
)
connection.close()
