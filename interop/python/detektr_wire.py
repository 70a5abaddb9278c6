"""Reference reader and writer of the detektr Redis stream entry format (docs/wire-format.md).

Standard library only. Use it with any Redis client that returns entry fields as bytes, such as
redis-py (``redis.Redis(...)`` without ``decode_responses``):

    for _stream, entries in r.xreadgroup("detector", "py-1", {"frames": ">"}, count=100, block=1000):
        for entry_id, fields in entries:
            for payload, headers in decode_entry(fields):
                handle(payload, headers)
            r.xack("frames", "detector", entry_id)

    r.xadd("frames", encode_entry(jpeg, {"camera-id": "cam-1", "frame-id": "42"}))

Wire format version 2. Version 1 differed only in the packed-entry marker (a lone field ``pack``
holding a version-1 pack); decode_entry still reads it.
"""

import struct
import time

__all__ = [
    "WIRE_FORMAT_VERSION",
    "PAYLOAD_FIELD",
    "HEADER_PREFIX",
    "PACK_FIELD",
    "LEGACY_PACK_FIELD",
    "PUBLISHED_AT",
    "PACK_ERROR",
    "WireFormatError",
    "decode_entry",
    "encode_entry",
    "encode_pack",
]

WIRE_FORMAT_VERSION = 2
PAYLOAD_FIELD = b"payload"
HEADER_PREFIX = b"h:"
PACK_FIELD = b"detektr:pack"  # the only field of a packed entry (version 2)
LEGACY_PACK_FIELD = b"pack"  # the only field of a version-1 packed entry
PACK_VERSION = 2
LEGACY_PACK_VERSION = 1
PACK_ERROR = "pack-error"  # header of the one message a damaged pack is delivered as
PUBLISHED_AT = "published-at"  # header: microseconds since the Unix epoch, decimal


class WireFormatError(ValueError):
    """An entry that cannot be read as messages; the Java consumer dead-letters such entries."""


def encode_entry(payload, headers=None, stamp=True):
    """The fields of a plain entry that a Java consumer reads as its own message.

    ``headers`` maps names to string values. With ``stamp`` (the default) ``published-at`` is
    set to now unless given, so Java consumers measure end-to-end latency as for their own.
    """
    if not isinstance(payload, (bytes, bytearray, memoryview)):
        raise TypeError("payload must be bytes, got %s" % type(payload).__name__)
    headers = dict(headers or {})
    if stamp and PUBLISHED_AT not in headers:
        headers[PUBLISHED_AT] = str(time.time_ns() // 1000)
    fields = {PAYLOAD_FIELD: bytes(payload)}
    for name, value in headers.items():
        if not isinstance(name, str) or not name:
            raise TypeError("header names must be non-empty strings, got %r" % (name,))
        if not isinstance(value, str):
            raise TypeError("header %r: values must be strings, got %s" % (name, type(value).__name__))
        fields[HEADER_PREFIX + name.encode("utf-8")] = value.encode("utf-8")
    return fields


def encode_pack(messages):
    """The fields of a packed entry (version 2) holding ``messages``, a list of (payload, headers)."""
    if not messages:
        raise ValueError("a pack holds at least one message")
    out = [struct.pack(">BI", PACK_VERSION, len(messages))]
    for payload, headers in messages:
        out.append(struct.pack(">I", len(headers)))
        for name, value in headers.items():
            for text in (name, value):
                b = text.encode("utf-8")
                out.append(struct.pack(">I", len(b)))
                out.append(b)
        out.append(struct.pack(">I", len(payload)))
        out.append(bytes(payload))
    return {PACK_FIELD: b"".join(out)}


def decode_entry(fields, payload_field=PAYLOAD_FIELD):
    """The messages of one stream entry, as a list of (payload bytes, headers dict[str, str]).

    ``fields`` is the entry's field -> value mapping, both bytes (as redis-py returns them). A
    plain entry gives one message, a packed entry its messages in order. ``payload_field`` is the
    Java side's ``payloadField`` URI option: the field of an entry written by another producer
    that holds the payload. Raises WireFormatError for an entry the Java consumer would
    dead-letter (a binary field that is neither the payload nor UTF-8 text, a damaged pack).
    """
    fields = {_b(k): _b(v) for k, v in fields.items()}
    if isinstance(payload_field, str):
        payload_field = payload_field.encode("utf-8")
    if len(fields) == 1:
        (name, value), = fields.items()
        if name == PACK_FIELD:
            try:
                return _unpack(value, PACK_VERSION)
            except WireFormatError as e:
                # as the Java consumer does: one message, the raw bytes, the reason in a header
                return [(value, {PACK_ERROR: str(e)})]
        if name == LEGACY_PACK_FIELD:
            try:
                return _unpack(value, LEGACY_PACK_VERSION)
            except WireFormatError:
                pass  # not a version-1 pack: an ordinary field named "pack"
    return [_plain(fields, payload_field)]


def _plain(fields, payload_field):
    if payload_field in fields:
        chosen = payload_field
    elif PAYLOAD_FIELD in fields:
        chosen = PAYLOAD_FIELD
    else:
        chosen = None
    payload = fields.get(chosen, b"")
    plain, prefixed, binary = {}, {}, []
    for name, value in fields.items():
        if name == chosen:
            continue
        try:
            text_name, text_value = name.decode("utf-8"), value.decode("utf-8")
        except UnicodeDecodeError:
            binary.append(name)
            continue
        if name.startswith(HEADER_PREFIX) and len(name) > len(HEADER_PREFIX):
            prefixed[text_name[len(HEADER_PREFIX):]] = text_value
        elif not name:
            binary.append(name)  # no header can have an empty name
        else:
            plain[text_name] = text_value
    if binary:
        raise WireFormatError(_undeliverable(fields, binary, payload_field))
    plain.update(prefixed)  # h:<name> wins over a plain field <name>
    return payload, plain


def _undeliverable(fields, binary, payload_field):
    """The dead-letter reason, word for word what the Java consumer writes."""
    def show(names):
        return "[" + ", ".join(n.decode("utf-8", "replace") for n in names) + "]"
    return (
        "entry from a foreign producer has binary field(s) %s that are neither the payload field"
        " '%s' nor UTF-8 text; its fields: %s. Set payloadField to the field that holds the"
        " payload (e.g. redis://host:6379?payloadField=%s)"
        % (show(binary), payload_field.decode("utf-8", "replace"), show(list(fields)),
           binary[0].decode("utf-8", "replace")))


def _unpack(data, version):
    pos = 0

    def take(n):
        nonlocal pos
        if n < 0 or pos + n > len(data):
            raise WireFormatError("truncated")
        chunk = data[pos:pos + n]
        pos += n
        return chunk

    def u32():
        return struct.unpack(">I", take(4))[0]

    def text():
        try:
            return take(u32()).decode("utf-8")
        except UnicodeDecodeError:
            raise WireFormatError("header text is not UTF-8")

    if not data:
        raise WireFormatError("truncated")
    if data[0] != version:
        raise WireFormatError("unknown pack version %d" % struct.unpack(">b", data[:1])[0])
    take(1)
    count = u32()
    if count < 1 or count > (len(data) - pos) // 8:
        raise WireFormatError("bad message count %d" % count)
    out = []
    for k in range(count):
        n = u32()
        if n > (len(data) - pos) // 8:
            raise WireFormatError("bad header count %d in message %d" % (n, k))
        headers = {}
        for _ in range(n):
            name = text()
            headers[name] = text()
        out.append((take(u32()), headers))
    if pos != len(data):
        raise WireFormatError("%d bytes after the last message" % (len(data) - pos))
    return out


def _b(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)
