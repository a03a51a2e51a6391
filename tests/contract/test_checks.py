"""The Location check: what counts as the GET URI of a new execution."""

from __future__ import annotations

import pytest

from contract_tests.checks import (
    MISSING_SLASH,
    PROVIDER_DOMAIN,
    expected_location,
    location_findings,
    location_problems,
)

REQUEST = "https://provider.example.com/api/v3/oneprovider/automation/execution/workflows"
GOOD = REQUEST + "/11a53ed06d175c89bc3ed5be61f8217cch1890"


def test_the_spec_example_location_is_the_get_uri() -> None:
    assert expected_location(REQUEST, "11a53ed06d175c89bc3ed5be61f8217cch1890") == GOOD
    assert location_problems(REQUEST, GOOD, "11a53ed06d175c89bc3ed5be61f8217cch1890") == []


@pytest.mark.parametrize(
    "location",
    [
        GOOD.replace("https://provider.example.com", "HTTPS://Provider.Example.com:443"),
        "http://127.0.0.1:8080/api/v3/oneprovider/automation/execution/workflows/abc",
    ],
)
def test_default_ports_and_case_do_not_matter(location: str) -> None:
    request = location.rsplit("/", 1)[0]
    if "127.0.0.1" not in location:
        request = REQUEST
    assert location_problems(request, location, location.rsplit("/", 1)[1]) == []


def test_ids_are_percent_encoded_in_the_uri() -> None:
    assert expected_location(REQUEST, "a/b c") == REQUEST + "/a%2Fb%20c"
    assert location_problems(REQUEST, REQUEST + "/a%2Fb%20c", "a/b c") == []


@pytest.mark.parametrize(
    ("location", "execution_id", "problem"),
    [
        (None, "11a53ed06d175c89bc3ed5be61f8217cch1890", "no Location header"),
        (GOOD, "another-id", "Location path must be"),
        ("/api/v3/oneprovider/automation/execution/workflows/x", "x", "absolute URI"),
        (GOOD.rsplit("/", 1)[0] + "/another-id", GOOD[-38:], "Location path must be"),
        (GOOD.replace("/oneprovider/", "/oneproviderx/"), GOOD[-38:], "Location path must be"),
        (GOOD + "?x=1", GOOD[-38:], "no query"),
        (REQUEST + "/", "", "no atmWorkflowExecutionId"),
        (GOOD, None, "no atmWorkflowExecutionId"),
    ],
)
def test_wrong_locations_are_named(
    location: str | None, execution_id: object, problem: str
) -> None:
    problems = location_problems(REQUEST, location, execution_id)
    assert any(problem in p for p in problems), problems


def test_a_providers_location_is_counted_as_its_known_defects() -> None:
    # op-worker oneprovider:build_rest_url/1: the provider's own domain and port, and
    # no slash after /oneprovider.
    wid = "11a53ed06d175c89bc3ed5be61f8217cch1890"
    sent = f"https://krakow.example.org:443/api/v3/oneproviderautomation/execution/workflows/{wid}"
    problems, defects = location_findings("http://127.0.0.1:8080" + REQUEST[28:], sent, wid)
    assert problems == []
    assert defects == [PROVIDER_DOMAIN, MISSING_SLASH]


def test_a_location_naming_another_execution_fails_even_without_the_slash() -> None:
    sent = "https://krakow.example.org:443/api/v3/oneproviderautomation/execution/workflows/other"
    problems, _ = location_findings(REQUEST, sent, "11a53ed06d175c89bc3ed5be61f8217cch1890")
    assert any("Location path must be" in p for p in problems)
