"""File ids in a provider's format (ctool ``file_id.erl``): built, read back, refused."""

from __future__ import annotations

import base64

import pytest
from oneprovider_automation.workflow_schema import flatten_data_spec, object_id, space_of

SPACE = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"

# Object ids from op-worker's own tests: 32 bytes of data after the header, CRC included.
OP_WORKER_IDS = (
    "0000000000208CA83030303030303030303030303030303030303030303030303030303030303031",
    "0000000000204D293030303030303030303030303030303030303030303030303030303030303033",
)


@pytest.mark.parametrize("known", OP_WORKER_IDS)
def test_the_crc_is_the_one_a_provider_writes(known: str) -> None:
    from oneprovider_automation.workflow_schema._object_ids import _crc16_arc

    raw = bytes.fromhex(known)
    assert _crc16_arc(raw[:6] + b"\0\0" + raw[8:]) == int.from_bytes(raw[6:8], "big")


def test_an_object_id_names_its_space() -> None:
    file_id = object_id("8d11236c418a8cd6742a6b92d055c1f6", SPACE)
    assert file_id == file_id.upper()
    raw = bytes.fromhex(file_id)
    assert raw[:5] == bytes(5)
    assert raw[5] == len(raw) - 8
    assert raw[8:] == f"guid#8d11236c418a8cd6742a6b92d055c1f6#{SPACE}".encode()
    assert space_of(file_id) == SPACE
    assert space_of(file_id.lower()) == SPACE


def test_a_share_guid_names_its_space_too() -> None:
    data = f"shareGuid#abc#{SPACE}#share1".encode()
    assert space_of((bytes([0, 0, 0, 0, 0, len(data), 0, 0]) + data).hex()) == SPACE


@pytest.mark.parametrize(
    "file_id",
    [
        "",
        "0000000000AB",  # hex, too short for a guid
        "zz" * 40,  # not hex
        "000" + "0" * 40,  # odd length
        # The seed page's example id: cut short, its guid has no space part.
        "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662",
        (bytes([1, 0, 0, 0, 0, 10, 0, 0]) + f"guid#a#{SPACE}".encode()).hex(),  # not a zero
        (bytes(8) + b"uuid#a#" + SPACE.encode()).hex(),  # not a guid
        base64.b16encode(f"guid#a#{SPACE}".encode()).decode(),  # no header at all
    ],
)
def test_ids_a_provider_cannot_read_name_no_space(file_id: str) -> None:
    assert space_of(file_id) is None


def test_object_ids_refuse_what_no_guid_can_hold() -> None:
    with pytest.raises(ValueError, match="'#'"):
        object_id("a#b", SPACE)
    with pytest.raises(ValueError, match="this long"):
        object_id("a" * 300, SPACE)


def test_both_versions_of_a_dumped_data_spec_read_as_the_plain_one() -> None:
    version_2 = {
        "_version": 2,
        "_data": {
            "type": "array",
            "_version": 1,
            "_data": {
                "itemDataSpec": {
                    "_version": 2,
                    "_data": {"type": "file", "_version": 1, "_data": {"fileType": "REG"}},
                }
            },
        },
    }
    version_1 = {
        "_version": 1,
        "_data": {"type": "number", "valueConstraints": {"integersOnly": True}},
    }
    assert flatten_data_spec(version_2) == {
        "type": "array",
        "itemDataSpec": {"type": "file", "fileType": "REG"},
    }
    assert flatten_data_spec(version_1) == {"type": "number", "integersOnly": True}
    assert flatten_data_spec({"type": "string"}) == {"type": "string"}
