"""The shared workflow-schema dumps (``../shared/automation-examples``) and content for them.

The dumps are read where they are, never copied. A missing folder fails every
test that uses them, saying where it was looked for (``AUTOMATION_EXAMPLES``
points elsewhere). ``README_STORES`` is the folder's README table, read as
the independent account of what each dump holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from oneprovider_automation.workflow_schema import Store, WorkflowSchema, object_id

from tests.automation_examples import FOLDER

#: Where the dumps are (``tests.automation_examples``, which the mock's tests read too).
EXAMPLES = FOLDER
SPACE = "c17147cc3188408c26f522881282cb83ch9853"
OTHER_SPACE = "5f2b8ae5e4a4e7f4cba0a8ae3d0b1c1dch7d1e"
MISSING = "missing-folder"


def missing_message() -> str:
    return (
        f"the workflow-schema dumps are not at {EXAMPLES}: these tests read them there "
        "(the shared automation-examples folder beside the project; set "
        "AUTOMATION_EXAMPLES to its path)"
    )


def dump_params() -> list[Any]:
    """One parameter per dump of the folder; one that fails when the folder is missing."""
    files = sorted(EXAMPLES.glob("*.json")) if EXAMPLES.is_dir() else []
    if not files:
        return [pytest.param(Path(MISSING), id=MISSING)]
    return [pytest.param(path, id=path.stem) for path in files]


def dump_path(path: Path) -> Path:
    """``path``, failing the test (never skipping it) when the folder is missing."""
    if path.name == MISSING or not path.is_file():
        pytest.fail(missing_message())
    return path


def raw_stores(path: Path) -> list[dict[str, Any]]:
    """The dump's stores, read straight from its JSON (not through ``WorkflowSchema``)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    stores = data["revision"]["atmWorkflowSchemaRevision"]["_data"]["stores"]
    return [store["_data"] for store in stores]


def readme_rows() -> dict[str, dict[str, Any]]:
    """The README's table: file -> ``{"lanes": N, "stores": [(type, required, item)]}``."""
    readme = EXAMPLES / "README.md"
    if not readme.is_file():
        pytest.fail(missing_message() + f" (no {readme})")
    rows: dict[str, dict[str, Any]] = {}
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].endswith(".json"):
            continue
        stores = []
        for part in cells[2].split(";"):
            match = re.fullmatch(r"(\w+) \((?:(required), )?(\w+)\)", part.strip())
            if match:
                stores.append((match[1], match[2] == "required", match[3]))
        rows[cells[0]] = {"lanes": int(cells[1]), "stores": stores}
    return rows


def item_type(store: Store) -> str:
    spec = store.item_data_spec
    assert spec is not None, store
    return str(spec["type"])


def file_id(n: int, space: str = SPACE) -> str:
    return object_id(f"file-uuid-{n}", space)


#: A good item of each item type the dumps' stores hold.
GOOD_ITEMS: dict[str, Any] = {
    "file": {"fileId": file_id(1)},
    "object": {"checksum": "abc", "n": 1},
    "string": "text",
}
#: A bad item of each: a string where a file or an object is expected, a number for a string.
BAD_ITEMS: dict[str, Any] = {
    "file": "not-a-file-object",
    "object": "not-an-object",
    "string": 42,
}


def good_content(store: Store) -> Any:
    """Content a provider takes for ``store`` (the dumps' stores are lists and tree forests)."""
    assert store.type in ("list", "treeForest"), store.type
    return [GOOD_ITEMS[item_type(store)]]


def good_overlay(schema: WorkflowSchema) -> dict[str, Any]:
    """Good content for every store, by store id."""
    return {store.id: good_content(store) for store in schema.stores}


def good_by_name(schema: WorkflowSchema) -> dict[str, Any]:
    """Good content for every store, by store name."""
    return {store.name: good_content(store) for store in schema.stores}
