"""``make spec``: the bundled spec in ``dist/openapi/``, in YAML and JSON, stands alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from tests.openapi_support import spec
from tests.publish import make

BUNDLE = make.DIST / "openapi" / "oneprovider-automation"


def refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` value in ``node``, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolves(document: dict[str, Any], ref: str) -> bool:
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


@pytest.fixture(scope="module")
def bundles() -> dict[str, dict[str, Any]]:
    make.build("spec")
    loaded = {
        "yaml": yaml.safe_load(BUNDLE.with_suffix(".yaml").read_text(encoding="utf-8")),
        "json": json.loads(BUNDLE.with_suffix(".json").read_text(encoding="utf-8")),
    }
    return loaded


def test_yaml_and_json_bundles_hold_the_same_document(bundles: dict[str, dict[str, Any]]) -> None:
    assert bundles["yaml"] == bundles["json"]


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_bundle_is_a_valid_openapi_document_without_external_refs(
    bundles: dict[str, dict[str, Any]], kind: str
) -> None:
    bundle = bundles[kind]
    validate(bundle)
    found = list(refs(bundle))
    assert found, "the bundle keeps its internal $refs (components stay named for generators)"
    assert [r for r in found if not r.startswith("#/")] == []
    assert [r for r in found if not resolves(bundle, r)] == []


def test_bundle_describes_the_same_api_as_the_source(bundles: dict[str, dict[str, Any]]) -> None:
    bundle, source = bundles["json"], spec()
    assert bundle["info"] == source["info"]
    assert bundle["paths"] == source["paths"]
    assert set(bundle["components"]["schemas"]) == set(source["components"]["schemas"])
