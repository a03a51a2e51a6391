"""The spec, loaded once, and JSON Schema validation against its parts.

OpenAPI 3.1 schemas are JSON Schema 2020-12. They are validated with
``jsonschema_rs``, whose regular expressions follow ECMA 262 as JSON Schema
requires: there ``$`` matches only at the very end, while Python's ``re``
also matches before a final newline (``"3\\n"`` is no revision number).
``$ref``s resolve against the spec's ``components``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "oneprovider-automation.yaml"


@functools.cache
def spec() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def pointer(*parts: str) -> str:
    """A JSON pointer to ``parts`` inside the spec (``/`` and ``~`` escaped)."""
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def node_at(json_pointer: str) -> Any:
    node: Any = spec()
    for part in json_pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@functools.cache
def validator_at(json_pointer: str) -> Any:
    """A validator (``is_valid``, ``iter_errors``) for the schema at ``json_pointer``."""
    schema = resolve(node_at(json_pointer))
    root = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": spec()["components"],
    }
    return jsonschema_rs.validator_for(root, validate_formats=True)


def component(name: str) -> Any:
    return validator_at(pointer("components", "schemas", name))


def request_schema() -> Any:
    return component("AtmWorkflowExecutionScheduleRequest")


def resolve(node: Any) -> Any:
    """Follow a ``$ref`` (one level at a time) to the object it names."""
    while isinstance(node, Mapping) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec()
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operation(method: str, path: str) -> dict[str, Any]:
    op = spec()["paths"][path][method.lower()]
    assert isinstance(op, dict)
    return op


def response_errors(
    method: str, path: str, status: int, headers: Mapping[str, str], body: Any
) -> list[str]:
    """What is wrong with a response, per the spec; an empty list when it conforms."""
    responses = operation(method, path)["responses"]
    key = str(status)
    if key not in responses:
        return [f"status {status} is not declared for {method.upper()} {path}"]
    response = resolve(responses[key])
    problems: list[str] = []
    lowered = {k.lower(): v for k, v in headers.items()}
    for name, header in response.get("headers", {}).items():
        header = resolve(header)
        if header.get("required") and name.lower() not in lowered:
            problems.append(f"required header {name} is missing")
    content = response.get("content", {})
    if content:
        media = content.get("application/json")
        if media is None:
            problems.append("no application/json content declared")
        else:
            base = pointer("paths", path, method.lower(), "responses", key)
            if "$ref" in responses[key]:
                base = responses[key]["$ref"][1:]
            schema_ptr = base + pointer("content", "application/json", "schema")
            problems.extend(e.message for e in validator_at(schema_ptr).iter_errors(body))
    return problems


def walk_examples(node: Any, at: str = "") -> Iterator[tuple[str, str, Any]]:
    """Yield ``(where, schema_pointer, example)`` for every example in the spec.

    Covers ``example`` and ``examples`` on schemas (checked against that
    schema), on media types, parameters and headers (checked against their
    ``schema``).
    """
    if isinstance(node, Mapping):
        is_schema_like = "schema" in node and isinstance(node["schema"], Mapping)
        if is_schema_like:
            schema_at = at + "/schema"
            if "example" in node:
                yield at + "/example", schema_at, node["example"]
            for name, ex in (node.get("examples") or {}).items():
                ex = resolve(ex)
                if "value" in ex:
                    yield f"{at}/examples/{name}", schema_at, ex["value"]
        elif _looks_like_schema(node):
            if "example" in node:
                yield at + "/example", at, node["example"]
            if isinstance(node.get("examples"), list):
                for i, ex in enumerate(node["examples"]):
                    yield f"{at}/examples/{i}", at, ex
        for key, value in node.items():
            # Example values are data, not spec; shared examples under
            # components/examples are reached through the $refs that use them.
            if key in {"example", "examples"}:
                continue
            yield from walk_examples(value, at + pointer(str(key)))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk_examples(item, f"{at}/{i}")


def _looks_like_schema(node: Mapping[str, Any]) -> bool:
    return any(k in node for k in ("type", "oneOf", "anyOf", "allOf", "properties", "enum"))
