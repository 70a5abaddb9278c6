"""Decodes one entry given as fields with detektr_wire.decode_entry, without Redis:
decode_fields.py PAYLOADFIELD NAMEHEX=VALUEHEX... Prints the messages, or "info problem <reason>"."""

import sys

from detektr_wire import WireFormatError, decode_entry
from wire_io import fields_of, print_info, print_message

payload_field, *pairs = sys.argv[1:]
try:
    for payload, headers in decode_entry(fields_of(pairs), payload_field):
        print_message(payload, headers)
except WireFormatError as e:
    print_info("problem", str(e))
