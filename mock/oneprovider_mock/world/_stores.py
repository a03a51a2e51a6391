"""Creating a revision's stores, by the rules the client checks content with.

The rules themselves (store types, data specs and their constraints, in the
provider's order) are ``oneprovider_automation.workflow_schema``'s, one
implementation for the mock and the client. This module gives them what only
a provider knows, from the world (``WorldFacts``: the space's files, datasets
and groups), and turns their ``ContentProblem`` into the ``OnedataError`` the
mock answers with.

A file the world lists is found by its id, whatever the id's form: the seed's
example ids are no object ids a provider could read (a real provider answers
them ``atmDataTypeUnverified``), yet the seed's request must work verbatim.
Any other id is read as a provider reads it: one that names another space is
refused (``inSpace``), one of the space that the world does not list is
``posix`` ``enoent``, and one that does not read at all is
``atmDataTypeUnverified``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from oneprovider_automation.workflow_schema import (
    STORE_ITEM_SPEC_KEYS,
    ContentChecker,
    ContentProblem,
)
from oneprovider_automation.workflow_schema import (
    create_stores as _create_stores,
)
from oneprovider_automation.workflow_schema._data_values import DATA_TYPES

from ._model import SchemaRevision, Space
from ._onedata_error import OnedataError

__all__ = ["DATA_TYPES", "STORE_ITEM_SPEC_KEYS", "WorldFacts", "create_stores"]


@dataclass(frozen=True)
class WorldFacts:
    """What the provider knows of an execution's space, read from the world."""

    space: Space
    spaces: Mapping[str, Space]

    def _listed(self, file_id: str) -> Space | None:
        if file_id in self.space.files:
            return self.space
        return next((s for s in self.spaces.values() if file_id in s.files), None)

    def file_type(self, file_id: str) -> str | None:
        found = self.space.files.get(file_id)
        return None if found is None else found.type

    def listed_file_space(self, file_id: str) -> str | None:
        space = self._listed(file_id)
        return None if space is None else space.id

    def dataset_space(self, dataset_id: str) -> str | None:
        if dataset_id in self.space.datasets:
            return self.space.id
        return next((s.id for s in self.spaces.values() if dataset_id in s.datasets), None)

    def can_view_group(self, group_id: str) -> bool:
        return group_id in self.space.groups


def create_stores(
    revision: SchemaRevision,
    overlay: Mapping[str, Any],
    *,
    space: Space,
    spaces: Mapping[str, Space],
    log_level: str,
) -> dict[str, Any]:
    """Each store's initial content; raises ``atmStoreCreationFailed`` as an ``OnedataError``."""
    checker = ContentChecker(
        space_id=space.id, facts=WorldFacts(space, spaces), log_level=log_level
    )
    try:
        return _create_stores(revision.stores, overlay, checker)
    except ContentProblem as problem:
        raise as_onedata_error(problem) from problem


def as_onedata_error(problem: ContentProblem) -> OnedataError:
    """The mock's error for a problem of the shared rules, nested problems too."""
    return OnedataError(
        problem.id,
        400,
        problem.description,
        None if problem.details is None else _convert(problem.details),
        module=problem.module,
        line=problem.line,
    )


def _convert(value: Any) -> Any:
    if isinstance(value, ContentProblem):
        return as_onedata_error(value)
    if isinstance(value, dict):
        return {key: _convert(item) for key, item in value.items()}
    return value
