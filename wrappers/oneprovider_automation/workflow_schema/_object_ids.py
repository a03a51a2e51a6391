"""File ids as a provider writes them: object ids that encode the file's space.

A provider hands out a file's id as an *object id* (``ctool: src/utils/file_id.erl``):
the upper-case hex of ``<<0:8, 0:24, 0:8, Length:8, Crc:16, Data>>``, where ``Data``
is ``guid#<file uuid>#<space id>`` (or ``shareGuid#<uuid>#<space id>#<share id>``)
and ``Crc`` is CRC-16/ARC over the same bytes with the CRC field zero.

Reading one back (``objectid_to_guid/1``, ``guid_to_space_id/1``) checks neither
the length nor the CRC: only the leading zero bytes and that ``Data`` splits into
a guid's parts. An id that does not read is not a file to a provider
(``atmDataTypeUnverified``); one that reads names its space without asking anyone,
which is how a provider refuses a file of another space (``inSpace``) before it
looks the file up.
"""

from __future__ import annotations

import binascii

#: ``<<0:8, Enterprise:24, 0:8>>``: a zero byte, enterprise number 0, a zero byte.
_HEADER_ZEROS = bytes(5)


def _crc16_arc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def object_id(file_uuid: str, space_id: str) -> str:
    """The object id a provider gives the file ``file_uuid`` of space ``space_id``."""
    if not file_uuid or not space_id or "#" in file_uuid + space_id:
        raise ValueError("a file uuid and a space id must be non-empty and hold no '#'")
    data = f"guid#{file_uuid}#{space_id}".encode()
    if len(data) > 255:
        raise ValueError("a file uuid and a space id this long make no object id")
    header = _HEADER_ZEROS + bytes([len(data)])
    crc = _crc16_arc(header + b"\x00\x00" + data)
    return (header + crc.to_bytes(2, "big") + data).hex().upper()


def space_of(file_id: str) -> str | None:
    """The space an object id names, or ``None`` when it is no object id a provider reads."""
    if len(file_id) % 2 or len(file_id) > 2 * (8 + 255):
        return None
    try:
        raw = binascii.unhexlify(file_id)
    except (binascii.Error, ValueError):
        return None
    if len(raw) < 8 or raw[:5] != _HEADER_ZEROS:
        return None
    parts = raw[8:].split(b"#")
    if (parts[0] == b"guid" and len(parts) == 3) or (parts[0] == b"shareGuid" and len(parts) == 4):
        space = parts[2]
    else:
        return None
    try:
        return space.decode()
    except UnicodeDecodeError:
        return None
