"""The error catalogue of the contract checks equals the spec's table and fits its examples."""

from __future__ import annotations

import re
from typing import Any

import pytest

from contract_tests.catalogue import (
    CATALOGUE,
    NO_DETAILS,
    SEMANTIC_BAD_REQUESTS,
    SHAPE_BAD_REQUESTS,
    ctx_problems,
    error_ctx_problems,
    error_problems,
    expected_status,
    id_problems,
)
from tests.openapi_support import resolve, spec

ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*(\d{3})\s*\|\s*([^|]+?)\s*\|$")


def spec_table() -> dict[str, tuple[int, str]]:
    """The spec's ``OnedataError`` description table: id -> (HTTP status, details column)."""
    description = spec()["components"]["schemas"]["OnedataError"]["description"]
    rows: dict[str, tuple[int, str]] = {}
    for line in description.splitlines():
        match = ROW.match(line.strip())
        if match:
            for error_id in match.group(1).split(","):
                rows[error_id.strip()] = (int(match.group(2)), match.group(3))
    return rows


def shapes_in(column: str) -> set[frozenset[str]]:
    shapes = {
        frozenset(key.strip() for key in braces.split(","))
        for braces in re.findall(r"`\{([^}]*)\}`", column)
    }
    if column.startswith("none"):
        shapes.add(NO_DETAILS)
    return shapes


def test_catalogue_ids_and_statuses_equal_the_spec_table() -> None:
    table = spec_table()
    assert {name: status for name, (status, _) in table.items()} == {
        name: kind.status for name, kind in CATALOGUE.items()
    }


@pytest.mark.parametrize("error_id", sorted(CATALOGUE))
def test_catalogue_detail_shapes_follow_the_spec_table(error_id: str) -> None:
    _, column = spec_table()[error_id]
    documented = shapes_in(column)
    ours = set(CATALOGUE[error_id].details)
    if "the schema id" in column:
        # "none or the schema id": one more shape, a single *SchemaId key.
        (extra,) = ours - documented
        (key,) = extra
        assert key.endswith("SchemaId")
        ours.discard(extra)
    assert ours == documented


def test_every_catalogued_status_is_declared_by_schedule() -> None:
    declared = spec()["paths"]["/automation/execution/workflows"]["post"]["responses"]
    assert {str(kind.status) for kind in CATALOGUE.values()} <= set(declared)


def test_semantic_and_shape_bad_requests_split_the_400s() -> None:
    four_hundreds = {name for name, kind in CATALOGUE.items() if kind.status == 400}
    assert four_hundreds == SEMANTIC_BAD_REQUESTS | SHAPE_BAD_REQUESTS
    assert not SEMANTIC_BAD_REQUESTS & SHAPE_BAD_REQUESTS
    assert {"atmStoreCreationFailed", "spaceNotSupportedBy"} <= SEMANTIC_BAD_REQUESTS
    # A schema or lambda this provider cannot run: the body is fine, the world says no.
    assert {"notSupported", "atmOpenfaasNotConfigured"} <= SEMANTIC_BAD_REQUESTS
    assert {"badValueTooLow", "missingRequiredValue", "malformedData"} <= SHAPE_BAD_REQUESTS


def _error_examples() -> list[tuple[str, int, Any]]:
    """(where, status, body) for every example of an error response in the spec."""
    found = []
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                if not status.startswith(("4", "5")):
                    continue
                content = resolve(response).get("content")
                if content is None:
                    continue  # 406 and 415: cowboy's, with no body
                media = content["application/json"]
                for name, example in media.get("examples", {}).items():
                    where = f"{method.upper()} {path} {status} {name}"
                    found.append((where, int(status), resolve(example)["value"]))
    return found


@pytest.mark.parametrize(("where", "status", "body"), _error_examples(), ids=lambda v: str(v))
def test_the_spec_error_examples_fit_the_catalogue(where: str, status: int, body: Any) -> None:
    if body["error"]["id"] == "example":
        # The official page's placeholder error: no real id, but its ctx is real.
        assert error_ctx_problems(body) == []
        assert id_problems(status, body) == [
            f"error id 'example' is not in the catalogue (answered with HTTP {status})"
        ]
    else:
        assert error_problems(status, body) == [], where


def test_an_id_with_the_wrong_status_is_named() -> None:
    body = {"error": {"id": "notFound", "description": "x"}}
    assert id_problems(403, body) == ["error id 'notFound' comes with HTTP 404, not 403"]
    assert expected_status("nope") is None


def _error(error_id: str, **details: Any) -> dict[str, Any]:
    error: dict[str, Any] = {"id": error_id, "description": "d"}
    if details:
        error["details"] = details
    return error


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (_error("badValueTooLow", key="k"), "must be {key, limit}"),
        (_error("badValueTooLow", key="k", limit=0), "must be 1"),
        (_error("badValueString"), "must be {key}, got keys []"),
        (_error("malformedData", key="k"), "must be none"),
        (_error("badValueEmpty", key=3), "details.key"),
        (_error("unauthorized", authError={"id": ""}), "authError.id"),
        (_error("unauthorized"), "must be {authError}, got keys []"),
        (_error("badData", key="k"), "must be {hint, key} or {key, specificError}"),
        (_error("badData", key="k", specificError=None), "specificError must be an error"),
        (_error("badData", key=None, hint=None), "details.key"),
        (_error("forbidden", hint=None), "details.hint"),
        (_error("atmStoreCreationFailed", atmStoreSchemaId="s", specificError=None), "error"),
        ({**_error("forbidden"), "details": []}, "must be an object"),
    ],
)
def test_details_of_the_wrong_shape_are_named(error: dict[str, Any], problem: str) -> None:
    problems = id_problems(CATALOGUE[error["id"]].status, {"error": error})
    assert any(problem in p for p in problems), problems


@pytest.mark.parametrize(
    "error",
    [
        # 25.x renders every declared argument, absent ones as null.
        _error("unauthorized", authError=None),
        _error("badData", key="callback", hint=None),
        _error("notSupported"),
        _error("atmOpenfaasNotConfigured"),
        {**_error("notFound"), "ctx": None},
    ],
)
def test_the_null_arguments_and_the_new_ids_of_25x_fit(error: dict[str, Any]) -> None:
    assert error_problems(CATALOGUE[error["id"]].status, {"error": error}) == []


def test_a_nested_error_with_a_null_ctx_fits() -> None:
    nested = {"id": "userNotSupported", "description": "d", "ctx": None}
    body = {"error": {**_error("unauthorized", authError=nested), "ctx": None}}
    assert error_problems(401, body) == []
    assert error_ctx_problems({"error": {**_error("notFound"), "ctx": []}}) == [
        "ctx must be an object, got []"
    ]


def test_ctx_types_nulls_and_extras() -> None:
    good = {"timestamp": 1750762637248, "service": None, "line": 45, "newField": [1]}
    assert ctx_problems(good) == []
    assert ctx_problems({"timestamp": 1750762637}) == [
        "ctx.timestamp must be in milliseconds since the epoch, got 1750762637 (seconds, perhaps?)"
    ]
    assert ctx_problems({"line": "45"}) == ["ctx.line must be int or null, got '45'"]
    assert ctx_problems({"timestamp": True})[0].startswith("ctx.timestamp must be int")
    assert ctx_problems([]) == ["ctx must be an object, got []"]
    nested = {
        "error": {
            "id": "unauthorized",
            "description": "d",
            "details": {"authError": {"id": "badToken", "description": "d", "ctx": {"module": 1}}},
        }
    }
    assert error_ctx_problems(nested) == ["details.authError.ctx.module must be str or null, got 1"]
