"""Ids shaped like the ones a Oneprovider hands out.

Onedata's datastore keys of records that live in one cluster look like 32 hex
digits, ``ch`` and 4 more hex digits (``11a53ed06d175c89bc3ed5be61f8217cch1890``);
ids of schema elements defined in Onezone (stores, lanes, tasks) are 38 hex
digits. Both are random. One schedule makes a dozen of them (the execution,
its stores, lane runs and tasks), so they come from a generator seeded once
from ``os.urandom`` rather than a system call each: a mock's ids need to be
unique and unguessable by accident, not secret.
"""

from __future__ import annotations

import os
import random

_random = random.Random(os.urandom(32))  # noqa: S311 - ids, not secrets


def record_id() -> str:
    """A new id of a provider record, e.g. ``11a53ed06d175c89bc3ed5be61f8217cch1890``."""
    digits = _random.randbytes(18).hex()
    return f"{digits[:32]}ch{digits[32:]}"


def schema_element_id() -> str:
    """A new id of a schema element, e.g. ``de6d2e524459dd235f80aa8652a68879b5dbe9``."""
    return _random.randbytes(19).hex()
