"""What generators of typed clients (Go, Java, TypeScript, Rust) need from the spec.

Each test names what a user of such a client met: a number that does not fit
its type, a model that clashes with the generator's own runtime, a version
that tools reject, an operation without an id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.openapi_support import spec

INT32_MAX = 2**31 - 1

# Names the runtimes of openapi-generator's clients define themselves (7.26:
# typescript-fetch runtime.ts, go client.go/configuration.go/response.go, python
# api_client.py/configuration.py/exceptions.py, java native ApiClient and friends).
# A schema of the same name clashes with them (TS2308 in typescript-fetch).
RUNTIME_NAMES = frozenset(
    {
        # typescript-fetch
        "ApiResponse",
        "BaseAPI",
        "BlobApiResponse",
        "Configuration",
        "ConfigurationParameters",
        "Consume",
        "ErrorContext",
        "FetchAPI",
        "FetchError",
        "FetchParams",
        "HTTPBody",
        "HTTPHeaders",
        "HTTPMethod",
        "HTTPQuery",
        "HTTPRequestInit",
        "InitOverrideFunction",
        "JSONApiResponse",
        "Json",
        "Middleware",
        "ModelPropertyNaming",
        "RequestContext",
        "RequestOpts",
        "RequiredError",
        "ResponseContext",
        "ResponseError",
        "ResponseTransformer",
        "TextApiResponse",
        "VoidApiResponse",
        # go
        "APIClient",
        "APIKey",
        "APIResponse",
        "BasicAuth",
        "GenericOpenAPIError",
        "MappedNullable",
        "ServerConfiguration",
        "ServerConfigurations",
        "ServerVariable",
        # python
        "ApiClient",
        "ApiException",
        "ApiTypeError",
        "ApiValueError",
        "ApiKeyError",
        "ApiAttributeError",
        "OpenApiException",
        "RESTClientObject",
        "RESTResponse",
        # java
        "AbstractOpenApiSchema",
        # types of the languages themselves: typescript-fetch renames a model `Error` to
        # `ModelError` but types references to it as the built-in `Error` (no `id`, no
        # `ctx`); in Java it shadows java.lang.Error
        "Error",
        "Object",
        "String",
        "JSON",
        "Pair",
    }
)

SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)


def _schemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object under ``node`` that is a schema with a ``type``, and where it is."""
    if isinstance(node, dict):
        if "type" in node and not isinstance(node.get("type"), dict):
            yield where, node
        for key, value in node.items():
            if key in ("example", "examples"):
                continue
            yield from _schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, f"{where}/{index}")


def _types(schema: dict[str, Any]) -> set[str]:
    kind = schema["type"]
    return set(kind) if isinstance(kind, list) else {kind}


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    for path, item in doc.get("paths", {}).items():
        for method, operation in item.items():
            if method not in methods:
                continue
            yield f"{method} {path}", operation
            for name, callback in operation.get("callbacks", {}).items():
                for expression, cb_item in callback.items():
                    for cb_method, cb_operation in cb_item.items():
                        if cb_method in methods:
                            yield f"callback {name} {cb_method} {expression}", cb_operation


#: Integers left without a format: the list's ``offset`` counts entries (32 bits are
#: plenty), and a provider takes any integer there, so ``int64`` would be a bound that
#: neither it nor the mock holds (the contract suite's negative cases found that).
NO_FORMAT = frozenset(
    {"/paths//spaces/{sid}/automation/execution/workflows/get/parameters/2/schema"}
)


def unbounded_int32_integers(doc: dict[str, Any]) -> list[str]:
    """Where an integer can exceed 32 bits but is not declared ``format: int64``."""
    found = []
    for where, schema in _schemas(doc, ""):
        if "integer" not in _types(schema) or schema.get("format") == "int64":
            continue
        if where in NO_FORMAT:
            continue
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is None or high is None or low < -INT32_MAX - 1 or high > INT32_MAX:
            found.append(where)
    return found


def test_no_integer_overflows_a_32_bit_type() -> None:
    # ctx.timestamp (milliseconds, ~1.7e12) became int32 in Go and Java: decoding any error failed.
    assert unbounded_int32_integers(spec()) == []


def test_the_check_sees_an_int32_timestamp() -> None:
    doc = {"components": {"schemas": {"X": {"type": ["integer", "null"]}}}}
    assert unbounded_int32_integers(doc) == ["/components/schemas/X"]
    bounded = {"type": "integer", "minimum": 1, "maximum": 1000}
    assert unbounded_int32_integers({"components": {"schemas": {"X": bounded}}}) == []


def test_the_error_context_and_the_times_are_int64() -> None:
    schemas = spec()["components"]["schemas"]
    assert schemas["OnedataErrorContext"]["properties"]["timestamp"]["format"] == "int64"
    details = schemas["AtmWorkflowExecutionDetails"]["properties"]
    for name in ("scheduleTime", "startTime", "suspendTime", "finishTime"):
        assert details[name]["format"] == "int64", name


def test_no_schema_takes_a_name_of_a_generators_runtime() -> None:
    # typescript-fetch: "Module './runtime' has already exported a member named 'ErrorContext'".
    clashes = sorted(set(spec()["components"]["schemas"]) & RUNTIME_NAMES)
    assert clashes == []


def test_the_version_is_semver_and_names_the_onedata_release() -> None:
    info = spec()["info"]
    assert SEMVER.match(info["version"]), info["version"]
    assert "+" not in info["version"], "build metadata is ignored by version comparisons"
    assert info["x-onedata-release"] == "25.0"
    assert "Onedata release 25.0" in info["description"]


def test_the_version_check_rejects_the_old_form() -> None:
    assert not SEMVER.match("25.0+spec.3")


def test_every_operation_has_a_unique_operation_id_callbacks_included() -> None:
    operations = list(_operations(spec()))
    missing = [where for where, operation in operations if "operationId" not in operation]
    assert missing == []
    ids = [operation["operationId"] for _, operation in operations]
    assert len(ids) == len(set(ids))
    assert any(where.startswith("callback ") for where, _ in operations)


def _texts(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{where}/{index}")
    elif isinstance(node, str):
        yield where, node


def test_no_description_closes_a_block_comment() -> None:
    # Go's generator copies descriptions into /* ... */ comments unescaped: a `*/*` in
    # one ended the comment early ("syntax error: non-declaration statement").
    found = [where for where, text in _texts(spec(), "") if where.endswith("/description")]
    assert found
    closing = [where for where, text in _texts(spec(), "") if "*/" in text]
    assert closing == []


def test_the_numbers_a_provider_also_takes_as_strings_are_any_of_integer_first() -> None:
    # As a oneOf, Go's generated decoder matched neither branch of `3` ("data failed to
    # match schemas in oneOf"), and Jackson's coercion made Java match both. As anyOf,
    # each takes the first branch that fits: an integer, typed int64, else the string.
    for name in ("AtmWorkflowSchemaRevisionNumber", "PositiveIntegerParam"):
        schema = spec()["components"]["schemas"][name]
        assert "oneOf" not in schema, name
        integer, string = schema["anyOf"]
        assert (integer["type"], integer["format"], integer["minimum"]) == ("integer", "int64", 1)
        assert string["type"] == "string"
        assert string["pattern"] == r"^\+?0*[1-9][0-9]*$"
