"""Creating a revision's stores: each store's initial content checked as a provider does.

Stores are created in the revision's order and the first that fails answers
``atmStoreCreationFailed`` with the store schema id and the inner error
(``atm_workflow_execution_factory:create_global_stores/1``). For each store the
overlay's value is used; an absent key or ``null`` means the store's default
content. No content at all is an error only for a store that requires it
(``atmStoreMissingRequiredInitialContent``). Content is then checked by store
type (``atm_*_store_container:create/1``):

- ``singleValue``: one item of ``config.itemDataSpec``;
- ``list``, ``treeForest``: an array of such items;
- ``range``: a range ``{"end", "start"?, "step"?}`` whose step goes the right way;
- ``auditLog``: an array of log entries (``{"content", "severity"?}`` or bare
  content); entries below the execution's log level are dropped, the rest's
  content must fit ``config.logContentDataSpec``;
- ``timeSeries``: takes no initial content (``badData`` with a hint).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from . import _problems
from ._data_values import ContentChecker, check_value
from ._problems import ContentProblem

#: Store types and, for those that hold items, the config key of their items' data spec.
STORE_ITEM_SPEC_KEYS: Mapping[str, str | None] = {
    "singleValue": "itemDataSpec",
    "list": "itemDataSpec",
    "treeForest": "itemDataSpec",
    "range": None,
    "auditLog": "logContentDataSpec",
    "timeSeries": None,
}
#: Log levels from the lowest; an audit-log entry below the execution's is dropped.
LOG_LEVELS = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")


class StoreLike(Protocol):
    """What store creation reads of a store schema (the mock's and the client's have it)."""

    @property
    def id(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def config(self) -> Mapping[str, Any]: ...
    @property
    def requires_initial_content(self) -> bool: ...
    @property
    def default_initial_content(self) -> Any: ...


def create_stores(
    stores: Iterable[StoreLike], overlay: Mapping[str, Any], checker: ContentChecker
) -> dict[str, Any]:
    """The initial content of each store (``None`` for an empty one), in schema order.

    Raises ``atmStoreCreationFailed`` for the first store that refuses its content.
    Overlay keys that name no store are ignored.
    """
    contents: dict[str, Any] = {}
    for store in stores:
        try:
            contents[store.id] = initial_content(store, overlay.get(store.id), checker)
        except ContentProblem as err:
            raise _problems.store_creation_failed(store.id, err) from err
    return contents


def initial_content(store: StoreLike, given: Any, checker: ContentChecker) -> Any:
    """The content ``store`` starts with, or the ``ContentProblem`` of its creation."""
    if given is None and store.requires_initial_content and store.default_initial_content is None:
        raise _problems.missing_required_initial_content()
    content = given if given is not None else store.default_initial_content
    if content is None:
        return None
    if store.type == "timeSeries":
        raise _problems.bad_data_hint(
            "initialContent",
            "Time series store does not accept initial content",
            module="atm_time_series_store_container",
            line=96,
        )
    if store.type == "range":
        check_value(content, {"type": "range"}, checker)
    elif store.type == "singleValue":
        check_value(content, store.config["itemDataSpec"], checker)
    elif store.type == "auditLog":
        _check_audit_log(content, store.config["logContentDataSpec"], checker)
    else:  # list, treeForest
        check_value(
            content, {"type": "array", "itemDataSpec": store.config["itemDataSpec"]}, checker
        )
    return content


def _check_audit_log(content: Any, entry_spec: Mapping[str, Any], checker: ContentChecker) -> None:
    if not isinstance(content, list):
        raise _problems.data_type_unverified(content, "array")
    threshold = LOG_LEVELS.index(checker.log_level)
    kept = []
    for entry in content:
        severity, entry_content = _audit_log_entry(entry)
        if LOG_LEVELS.index(severity) >= threshold:
            kept.append(entry_content)
    check_value(kept, {"type": "array", "itemDataSpec": entry_spec}, checker)


def _audit_log_entry(entry: Any) -> tuple[str, Any]:
    if isinstance(entry, dict) and "content" in entry:
        return _severity(entry.get("severity")), entry["content"]
    if isinstance(entry, dict) and "severity" in entry:
        return _severity(entry["severity"]), {k: v for k, v in entry.items() if k != "severity"}
    return "info", entry


def _severity(value: Any) -> str:
    return value if isinstance(value, str) and value in LOG_LEVELS else "info"
