"""Workflow schemas as users export them from Onezone, and a provider's rules for store content.

``WorkflowSchema.from_file(path)`` reads a dump; ``schema.overlay({"input": [...]})``
keys content by store id; ``schema.check_content(overlay)`` raises
``StoreContentError`` as a provider would refuse it, and returns the checks
only the provider can make. The same rules (``_data_values``, ``_store_content``)
are what ``oneprovider_mock`` answers with; ``object_id``/``space_of`` write and
read the provider's file ids.
"""

from __future__ import annotations

from ._data_values import ContentChecker, ProviderFacts, check_value, flatten_data_spec
from ._object_ids import object_id, space_of
from ._problems import ContentProblem
from ._schema import (
    LambdaRevision,
    LaneSchema,
    ParallelBox,
    Store,
    StoreContentError,
    Task,
    WorkflowSchema,
    WorkflowSchemaError,
)
from ._store_content import LOG_LEVELS, STORE_ITEM_SPEC_KEYS, create_stores, initial_content

__all__ = [
    "LOG_LEVELS",
    "STORE_ITEM_SPEC_KEYS",
    "ContentChecker",
    "ContentProblem",
    "LambdaRevision",
    "LaneSchema",
    "ParallelBox",
    "ProviderFacts",
    "Store",
    "StoreContentError",
    "Task",
    "WorkflowSchema",
    "WorkflowSchemaError",
    "check_value",
    "create_stores",
    "flatten_data_spec",
    "initial_content",
    "object_id",
    "space_of",
]
