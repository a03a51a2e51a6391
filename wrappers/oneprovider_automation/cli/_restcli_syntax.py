"""Onedata's ``oneprovider-rest-cli`` argument syntax, after the operation name.

``key==value`` sends a JSON string field, ``key:=json`` a raw JSON value
(``key:=@file.json`` one from a file), ``key=value`` a path or query
parameter, ``Header:Value`` a header.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ._input import BadInput, json_value

# At the same position the longer separator wins ("==" over "=", ":=" over ":").
_SEPARATORS = ("==", ":=", "=", ":")


@attrs.frozen
class RestArgs:
    """The arguments of one operation, sorted by kind."""

    body: dict[str, object]
    params: dict[str, str]
    headers: dict[str, str]


def parse_rest_args(operation: str, args: Sequence[str]) -> RestArgs:
    """Sort ``args`` by the first separator in each; :class:`BadInput` names a bad one."""
    body: dict[str, object] = {}
    params: dict[str, str] = {}
    headers: dict[str, str] = {}
    for arg in args:
        found = [(arg.find(sep), -len(sep), sep) for sep in _SEPARATORS if sep in arg]
        if not found:
            raise BadInput(
                f"{operation}: cannot read {arg!r}: expected key==value, key:=JSON, "
                "key=value or Header:Value"
            )
        position, _, sep = min(found)
        key, value = arg[:position], arg[position + len(sep) :]
        if not key:
            raise BadInput(f"{operation}: {arg!r} has no name before {sep!r}")
        if sep == "==":
            body[key] = value
        elif sep == ":=":
            body[key] = json_value(value, f"{operation} {key}:=")
        elif sep == "=":
            params[key] = value
        else:
            headers[key] = value.lstrip()
    return RestArgs(body=body, params=params, headers=headers)
