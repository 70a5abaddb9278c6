"""What the conformance scripts print, one item a line, every value hex-encoded so that the Java
test reads bytes exactly: "message <payload>", "header <name> <value>" per header, "end";
"info <key> <value>" for anything else."""

import sys


def hexs(value):
    return (value.encode("utf-8") if isinstance(value, str) else bytes(value)).hex()


def print_message(payload, headers):
    print("message", hexs(payload) or "-")
    for name, value in headers.items():
        print("header", hexs(name), hexs(value) or "-")
    print("end")


def print_info(key, value):
    print("info", key, hexs(value) or "-")


def fields_of(args):
    """name=hexvalue arguments as an ordered dict of bytes."""
    out = {}
    for arg in args:
        name, _, value = arg.partition("=")
        out[bytes.fromhex(name)] = bytes.fromhex(value)
    return out


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)
