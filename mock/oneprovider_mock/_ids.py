"""Ids shaped like the ones a Oneprovider hands out.

Onedata's datastore keys of records that live in one cluster look like 32 hex
digits, ``ch`` and 4 more hex digits (``11a53ed06d175c89bc3ed5be61f8217cch1890``);
ids of schema elements defined in Onezone (stores, lanes, tasks) are 38 hex
digits. Both are random; the mock draws them from ``os.urandom``.
"""

from __future__ import annotations

import os


def record_id() -> str:
    """A new id of a provider record, e.g. ``11a53ed06d175c89bc3ed5be61f8217cch1890``."""
    digits = os.urandom(18).hex()
    return f"{digits[:32]}ch{digits[32:36]}"


def schema_element_id() -> str:
    """A new id of a schema element, e.g. ``de6d2e524459dd235f80aa8652a68879b5dbe9``."""
    return os.urandom(19).hex()
