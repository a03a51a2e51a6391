"""Generated models round-trip: ``from_dict(to_dict(x)) == x``, for values generated from the spec.

Each model is built from a JSON value the spec allows (schemathesis generates it from the
component schema); the model must give the same JSON back, and a model rebuilt from that
JSON must equal the first one.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oneprovider_client import models

from contract_tests.spec_strategies import component_values
from tests.openapi_support import component, spec

#: Every component schema that is an object, with the generated model of the same name.
OBJECT_MODELS = sorted(
    name
    for name, schema in spec()["components"]["schemas"].items()
    if schema.get("type") == "object" and hasattr(models, name)
)


def test_every_object_schema_has_a_model() -> None:
    objects = {n for n, s in spec()["components"]["schemas"].items() if s.get("type") == "object"}
    assert set(OBJECT_MODELS) == objects
    assert len(OBJECT_MODELS) >= 9


@pytest.mark.parametrize("name", OBJECT_MODELS)
@given(data=st.data())
def test_model_round_trips(name: str, data: st.DataObject) -> None:
    value: Any = data.draw(component_values(name), label=name)
    assert component(name).is_valid(value)
    model_class = getattr(models, name)
    model = model_class.from_dict(value)
    assert model.to_dict() == value
    assert model_class.from_dict(model.to_dict()) == model
