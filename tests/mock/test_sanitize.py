"""The schedule request sanitizer: the server's type rules, field order, and the spec."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from oneprovider_mock import OnedataError
from oneprovider_mock.world._sanitize import (
    LOG_LEVELS,
    as_integer,
    query_parameters,
    request_data,
    sanitize_schedule_request,
)

from tests import openapi_support
from tests.mock.helpers import SCHEDULE_URL, token

SPEC_REQUEST = openapi_support.spec()["components"]["schemas"][
    "AtmWorkflowExecutionScheduleRequest"
]
SPEC_CALLBACK_PATTERN: str = SPEC_REQUEST["properties"]["callback"]["pattern"]
VALID = {"spaceId": "s", "atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1}
STRING_FIELDS = ("spaceId", "atmWorkflowSchemaId")


def first_error(data: dict[str, Any]) -> tuple[str, Any]:
    with pytest.raises(OnedataError) as caught:
        sanitize_schedule_request(data)
    return caught.value.id, (caught.value.details or {}).get("key")


def accepts(data: dict[str, Any]) -> bool:
    try:
        sanitize_schedule_request(data)
    except OnedataError:
        return False
    return True


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, ("missingRequiredValue", "atmWorkflowSchemaId")),
        (
            {"spaceId": 5, "atmWorkflowSchemaRevisionNumber": "x"},
            ("missingRequiredValue", "atmWorkflowSchemaId"),
        ),
        (
            {"atmWorkflowSchemaId": 1, "atmWorkflowSchemaRevisionNumber": "x", "spaceId": 5},
            ("badValueString", "atmWorkflowSchemaId"),
        ),
        (
            {"atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": "x", "spaceId": 5},
            ("badValueInteger", "atmWorkflowSchemaRevisionNumber"),
        ),
        (
            {"atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 0, "spaceId": ""},
            ("badValueTooLow", "atmWorkflowSchemaRevisionNumber"),
        ),
        ({**VALID, "spaceId": 5, "callback": 1}, ("badValueString", "spaceId")),
        ({**VALID, "spaceId": ""}, ("badValueEmpty", "spaceId")),
        (
            {"atmWorkflowSchemaId": "w", "atmWorkflowSchemaRevisionNumber": 1, "callback": "x"},
            ("missingRequiredValue", "spaceId"),
        ),
        (
            {**VALID, "callback": "HTTP://x/", "logLevel": "x", "storeInitialContentOverlay": []},
            ("badData", "callback"),
        ),
        (
            {**VALID, "logLevel": 5, "storeInitialContentOverlay": []},
            ("badValueString", "logLevel"),
        ),
        (
            {**VALID, "logLevel": "x", "storeInitialContentOverlay": []},
            ("badValueNotAllowed", "logLevel"),
        ),
        (
            {**VALID, "storeInitialContentOverlay": []},
            ("badValueJSON", "storeInitialContentOverlay"),
        ),
    ],
)
def test_one_error_per_request_in_the_server_order(
    data: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert first_error(data) == expected


def test_string_fields_take_json_booleans_as_strings() -> None:
    request = sanitize_schedule_request(
        {"spaceId": True, "atmWorkflowSchemaId": False, "atmWorkflowSchemaRevisionNumber": "+03"}
    )
    assert (request.space_id, request.atm_workflow_schema_id) == ("true", "false")
    assert request.revision_number == 3
    assert request.log_level == "info"
    assert request.store_initial_content_overlay == {}
    assert request.callback is None


def _integer_oracle(text: str) -> bool:
    digits = text[1:] if text[:1] in ("+", "-") else text
    return digits != "" and all("0" <= char <= "9" for char in digits)


@given(st.one_of(st.text(max_size=12), st.from_regex(r"[+-]?[0-9]{1,30}", fullmatch=True)))
@example("\u0663")
@example("3\n")
@example("1_000")
@example("9" * 5000)
@example("0" * 5000 + "3")
@example("-" + "0" * 5000)
def test_integer_strings_are_what_binary_to_integer_parses(text: str) -> None:
    if _integer_oracle(text):
        got = as_integer("k", text)
        if len(text.lstrip("+-").lstrip("0")) > 4300:
            # Kept as its digits (Python's own conversion is quadratic in their count).
            assert str(got) == str(Decimal(text).to_integral_value())
        else:
            assert got == int(Decimal(text))
    else:
        with pytest.raises(OnedataError) as caught:
            as_integer("k", text)
        assert caught.value.id == "badValueInteger"


@pytest.mark.parametrize("value", [3.0, 3.5, True, False, None, [3], {"n": 3}])
def test_integer_fields_refuse_non_integers(value: Any) -> None:
    with pytest.raises(OnedataError) as caught:
        as_integer("k", value)
    assert caught.value.id == "badValueInteger"


# Characters where Python's reading of the pattern differs from ECMA 262's.
_TRICKY = "\x1c\x1d\x1e\x1f\x85\ufeff\u2028\u00a0\u0663\n\t "


@given(
    st.one_of(
        st.from_regex(SPEC_CALLBACK_PATTERN),
        st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
        st.builds(
            lambda head, tail: head + tail,
            st.sampled_from(["http://", "https://", "HTTP://h", "http://h/"]),
            st.text(
                alphabet=st.sampled_from(_TRICKY) | st.characters(exclude_categories=["Cs"]),
                max_size=8,
            ),
        ),
    )
)
@example("https://host/path\n")
@example("http://127.0.0.1:8080/x y")
@example("http://h/\x85")
@example("http://h/\x1c")
@example("http://h/\ufeff")
def test_callback_acceptance_matches_the_spec(url: str) -> None:
    """The sanitizer accepts a callback exactly when the spec's validator (ECMA 262) does."""
    data = {**VALID, "callback": url}
    assert accepts(data) == openapi_support.request_schema().is_valid(data)


_ANY_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 5)
    | st.floats(-4, 4, allow_nan=False)
    | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2)
    ),
    max_leaves=4,
)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # Mostly valid values, so that requests also get past the first field.
    return st.one_of(valid, valid, valid, _ANY_JSON)


_REQUIRED = {
    "spaceId": _mostly(st.text(min_size=1, max_size=6)),
    "atmWorkflowSchemaId": _mostly(st.text(min_size=1, max_size=6)),
    "atmWorkflowSchemaRevisionNumber": _mostly(
        st.from_regex(r"[+-]?0*[0-9]{1,3}", fullmatch=True)
        | st.integers(-2, 5)
        | st.sampled_from([3.0, "3", "03", "+3", "3\n"])
    ),
}
_OPTIONAL = {
    "storeInitialContentOverlay": _mostly(
        st.dictionaries(st.text(max_size=3), _ANY_JSON, max_size=2)
    ),
    "logLevel": _mostly(st.sampled_from(LOG_LEVELS)),
    "callback": _mostly(st.from_regex(SPEC_CALLBACK_PATTERN, fullmatch=True)),
}


@given(
    st.one_of(
        st.fixed_dictionaries(_REQUIRED, optional=_OPTIONAL),
        st.fixed_dictionaries({}, optional={**_REQUIRED, **_OPTIONAL}),
    )
)
def test_sanitizer_and_spec_agree_but_for_the_documented_differences(data: dict[str, Any]) -> None:
    """The spec and the sanitizer disagree only where the spec README says they do."""
    spec_says = openapi_support.request_schema().is_valid(data)
    if accepts(data) and not spec_says:
        # A provider takes true/false as "true"/"false" in string fields.
        assert any(isinstance(data.get(f), bool) for f in STRING_FIELDS)
    if spec_says and not accepts(data):
        # JSON Schema counts 3.0 as an integer; a provider does not.
        revision = data["atmWorkflowSchemaRevisionNumber"]
        assert isinstance(revision, float)
        assert revision.is_integer()


def test_query_parameters_as_cowboy_parses_them() -> None:
    assert query_parameters("a=1&b&c=x+y&c=%C3%A9&&d=") == {
        "a": "1",
        "b": True,
        "c": ["é", "x y"],
        "d": "",
    }


def test_query_parameters_are_merged_over_the_body() -> None:
    data = request_data(b'{"spaceId": "body", "logLevel": "debug"}', "spaceId=query")
    assert data == {"spaceId": "query", "logLevel": "debug"}


def test_the_query_string_reaches_the_sanitizer(api: httpx.Client) -> None:
    alice = {"X-Auth-Token": token("alice")}
    body = {
        "spaceId": "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c",
        "atmWorkflowSchemaId": "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4",
        "atmWorkflowSchemaRevisionNumber": "not a number",
        "storeInitialContentOverlay": {"de6d2e524459dd235f80aa8652a68879b5dbe9": []},
    }
    fixed = api.post(
        SCHEDULE_URL, json=body, params={"atmWorkflowSchemaRevisionNumber": "3"}, headers=alice
    )
    assert fixed.status_code == 201
    repeated = api.post(SCHEDULE_URL + "?logLevel=info&logLevel=debug", json=body, headers=alice)
    assert repeated.json()["error"]["id"] == "badValueInteger"
    doubled = api.post(
        SCHEDULE_URL + "?atmWorkflowSchemaRevisionNumber=3&logLevel=info&logLevel=debug",
        json=body,
        headers=alice,
    )
    assert doubled.json()["error"]["details"] == {"key": "logLevel"}
    assert doubled.json()["error"]["id"] == "badValueString"
