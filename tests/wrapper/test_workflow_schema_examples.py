"""The shared dumps read into a ``WorkflowSchema``, and a provider's answers to their content.

Every dump of ``../shared/automation-examples`` is tried; the folder's README
table says what each holds. Content is checked with ``check_content`` as the
client does before sending.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from oneprovider_automation import StoreContentError, WorkflowSchema
from oneprovider_automation.workflow_schema import ContentProblem, space_of

from .workflow_examples import (
    BAD_ITEMS,
    OTHER_SPACE,
    SPACE,
    dump_params,
    dump_path,
    file_id,
    good_overlay,
    item_type,
    raw_stores,
    readme_rows,
)

DUMPS = dump_params()


def _schema(path: Path) -> WorkflowSchema:
    return WorkflowSchema.from_file(dump_path(path))


def _refusal(schema: WorkflowSchema, overlay: dict[str, Any], **kwargs: Any) -> StoreContentError:
    with pytest.raises(StoreContentError) as caught:
        schema.check_content(overlay, **kwargs)
    return caught.value


def _specific(error: StoreContentError) -> ContentProblem:
    assert error.problem.id == "atmStoreCreationFailed"
    specific = (error.problem.details or {})["specificError"]
    assert isinstance(specific, ContentProblem)
    return specific


@pytest.mark.parametrize("path", DUMPS)
def test_reading_a_dump_gives_the_stores_of_the_readme_table(path: Path) -> None:
    schema = _schema(path)
    row = readme_rows().get(path.name)
    assert row is not None, f"{path.name} has no row in {path.parent / 'README.md'}"
    assert len(schema.lanes) == row["lanes"]
    assert [
        (store.type, store.requires_initial_content, item_type(store)) for store in schema.stores
    ] == row["stores"]
    raw = raw_stores(path)
    assert [(store.id, store.name) for store in schema.stores] == [
        (store["id"], store["name"]) for store in raw
    ]
    assert len({store.name for store in schema.stores}) == len(schema.stores)
    for store in schema.stores:
        assert schema.store(store.name) is store
        assert schema.store(store.id) is store
    assert schema.id
    assert schema.revision_number >= 1
    assert schema.unsupported_reason is None


@pytest.mark.parametrize("path", DUMPS)
def test_a_good_overlay_passes_and_leaves_the_file_checks_to_the_provider(path: Path) -> None:
    schema = _schema(path)
    overlay = good_overlay(schema)
    left = schema.check_content(overlay, space_id=SPACE)
    file_stores = [store for store in schema.stores if item_type(store) == "file"]
    assert file_stores, "every shared dump iterates over files"
    for store in file_stores:
        wanted = store.item_data_spec["fileType"] if store.item_data_spec else "ANY"
        kind = "a file" if wanted == "ANY" else f"a {wanted}"
        assert f"$[0]: file {file_id(1)} exists and is {kind} the user may read" in left
    # The space was given: its check is made here, not left to the provider.
    assert not [line for line in left if "execution's space" in line]
    assert len(left) == len(file_stores)
    assert space_of(file_id(1)) == SPACE


@pytest.mark.parametrize("path", DUMPS)
def test_without_a_space_the_files_space_is_left_to_the_provider(path: Path) -> None:
    schema = _schema(path)
    left = schema.check_content(good_overlay(schema))
    assert f"$[0]: file {file_id(1)} is of space {SPACE}: it must be the execution's" in left


@pytest.mark.parametrize("path", DUMPS)
def test_each_required_store_left_out_is_refused(path: Path) -> None:
    schema = _schema(path)
    required = [store for store in schema.stores if store.requires_initial_content]
    assert required
    for store in required:
        overlay = {k: v for k, v in good_overlay(schema).items() if k != store.id}
        error = _refusal(schema, overlay, space_id=SPACE)
        assert error.store is store
        assert (error.problem.details or {})["atmStoreSchemaId"] == store.id
        assert _specific(error).id == "atmStoreMissingRequiredInitialContent"
        assert isinstance(error, ValueError)
        # null is no content either
        error = _refusal(schema, {**overlay, store.id: None}, space_id=SPACE)
        assert _specific(error).id == "atmStoreMissingRequiredInitialContent"


@pytest.mark.parametrize("path", DUMPS)
def test_the_optional_stores_may_be_left_out(path: Path) -> None:
    schema = _schema(path)
    optional = {store.id for store in schema.stores if not store.requires_initial_content}
    assert optional
    overlay = {k: v for k, v in good_overlay(schema).items() if k not in optional}
    schema.check_content(overlay, space_id=SPACE)


@pytest.mark.parametrize("path", DUMPS)
def test_a_bad_item_of_each_store_gets_the_providers_answer(path: Path) -> None:
    schema = _schema(path)
    for store in schema.stores:
        bad = BAD_ITEMS[item_type(store)]
        good = good_overlay(schema)
        overlay = {**good, store.id: [good[store.id][0], bad]}
        error = _refusal(schema, overlay, space_id=SPACE)
        assert error.store is store
        specific = _specific(error)
        assert specific.id == "atmDataValueConstraintUnverified"  # the array's
        assert specific.path() == "$[1]"
        inner = specific.innermost()
        assert inner.id == "atmDataTypeUnverified"
        assert inner.details == {"value": bad, "expType": item_type(store)}
        assert f"store {store.name!r}" in str(error)
        assert "$[1]: atmDataTypeUnverified" in str(error)


@pytest.mark.parametrize("path", DUMPS)
def test_content_that_is_no_array_is_refused(path: Path) -> None:
    schema = _schema(path)
    for store in schema.stores:
        for content in ({"fileId": file_id(1)}, "text", 7):
            error = _refusal(schema, {**good_overlay(schema), store.id: content}, space_id=SPACE)
            assert error.store is store
            specific = _specific(error)
            assert (specific.id, specific.details) == (
                "atmDataTypeUnverified",
                {"value": content, "expType": "array"},
            )


@pytest.mark.parametrize("path", DUMPS)
def test_a_file_of_another_space_is_refused_when_the_space_is_known(path: Path) -> None:
    schema = _schema(path)
    for store in schema.stores:
        if item_type(store) != "file":
            continue
        foreign = {"fileId": file_id(2, OTHER_SPACE)}
        overlay = {**good_overlay(schema), store.id: [foreign]}
        inner = _specific(_refusal(schema, overlay, space_id=SPACE)).innermost()
        assert inner.id == "atmDataValueConstraintUnverified"
        assert inner.details == {
            "value": foreign,
            "type": "file",
            "valueConstraints": {"inSpace": SPACE},
        }
        # Without the space only the provider can tell.
        assert f"$[0]: file {foreign['fileId']} is of space {OTHER_SPACE}: it must be" in " ".join(
            schema.check_content(overlay)
        )


@pytest.mark.parametrize("path", DUMPS)
def test_a_file_id_that_is_no_object_id_is_no_file(path: Path) -> None:
    schema = _schema(path)
    store = next(store for store in schema.stores if item_type(store) == "file")
    overlay = {**good_overlay(schema), store.id: [{"fileId": "not-an-object-id"}]}
    inner = _specific(_refusal(schema, overlay, space_id=SPACE)).innermost()
    assert (inner.id, inner.details) == (
        "atmDataTypeUnverified",
        {"value": {"fileId": "not-an-object-id"}, "expType": "file"},
    )


@pytest.mark.parametrize("path", DUMPS)
def test_an_unknown_store_name_names_the_close_ones(path: Path) -> None:
    schema = _schema(path)
    name = schema.stores[0].name
    with pytest.raises(KeyError) as caught:
        schema.overlay({name + "x": []})
    message = caught.value.args[0]
    assert f"no store {name + 'x'!r}" in message
    assert f"did you mean {name!r}" in message
