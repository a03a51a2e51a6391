"""Hypothesis strategies for JSON values described by the spec, through schemathesis.

Schemathesis generates request bodies from an operation's schema, valid (positive) or
not (negative). :func:`component_values` borrows that for any component schema by
describing it, in memory, as the body of a one-operation API that shares the spec's
``components``; :func:`schedule_bodies` gives the schedule operation's own bodies.
Either way the values come from the spec, not from hand-written generators.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.openapi import from_dict
from schemathesis.specs.openapi.schemas import OpenApiSchema

from contract_tests.schema import SPEC_PATH

_PROBE_PATH = "/values"


@functools.cache
def _spec() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _plain_config() -> SchemathesisConfig:
    # Not the suite's schemathesis.toml: no seed, no hooks, nothing aimed at a target.
    return SchemathesisConfig()


@functools.cache
def _component_api(name: str) -> OpenApiSchema:
    spec = _spec()
    document = {
        "openapi": spec["openapi"],
        "info": {"title": f"values of {name}", "version": "1"},
        "paths": {
            _PROBE_PATH: {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": spec["components"],
    }
    return from_dict(document, config=_plain_config())


@functools.cache
def _spec_api() -> OpenApiSchema:
    return from_dict(_spec(), config=_plain_config())


def component_values(
    name: str, mode: GenerationMode = GenerationMode.POSITIVE
) -> st.SearchStrategy[Any]:
    """JSON values for the component schema ``name`` (valid ones, or invalid ones)."""
    operation = _component_api(name)[_PROBE_PATH]["POST"]
    return operation.as_strategy(generation_mode=mode).map(lambda case: case.body)


def schedule_bodies(mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Bodies for ``schedule_workflow_execution``, as schemathesis generates them."""
    operation = _spec_api()["/automation/execution/workflows"]["POST"]
    return operation.as_strategy(generation_mode=mode).map(lambda case: case.body)
