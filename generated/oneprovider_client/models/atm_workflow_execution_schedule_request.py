from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.log_level import LogLevel
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.store_initial_content_overlay import StoreInitialContentOverlay


T = TypeVar("T", bound="AtmWorkflowExecutionScheduleRequest")


@_attrs_define
class AtmWorkflowExecutionScheduleRequest:
    """Workflow execution properties. Unknown keys are ignored by the server.

    A provider also takes `true`, `false` and `null` in place of the
    string fields (as the strings `"true"`, `"false"` and `"null"`); this
    document does not invite that, and such a request usually ends in 403
    or 404.

    """

    space_id: str
    """ Id of the space in context of which the workflow will be executed. """
    atm_workflow_schema_id: str
    """ Id of the workflow schema. """
    atm_workflow_schema_revision_number: int | str
    """ Number of the workflow schema revision describing the tasks and stores
    for the workflow: an integer >= 1, as a JSON integer or as a string of
    ASCII digits with an optional `+` sign (`"3"`, `"03"`, `"+3"`), which is
    what the bash CLI sends.

    **Correction to the official definition**, which types it as a plain
    string: a provider parses it as an integer. A non-numeric string is
    answered with 400 `badValueInteger`, a number below 1 with 400
    `badValueTooLow` (`details.limit` = 1).

    One difference cannot be expressed in JSON Schema: a JSON number with
    a fraction part, even `3.0`, is `badValueInteger` on a provider, while
    JSON Schema counts `3.0` as the integer 3. Send integers as integers.
     """
    store_initial_content_overlay: StoreInitialContentOverlay | Unset = UNSET
    """ Map of store schema Ids (keys) to the initial content of those stores
    (any JSON value, whose shape depends on the store type: a list store
    takes an array of items, a single value store one item, a range store
    `{"end": 10, "start": 0, "step": 1}`, and so on). Keys that match no
    store of the workflow schema are ignored; `null` means "use the
    store's default content".
     """
    log_level: LogLevel | Unset = UNSET
    """ Lowest severity of the entries kept in the execution's audit logs.
    Any other value is answered with 400 `badValueNotAllowed`.
     """
    callback: str | Unset = UNSET
    """ Custom REST callback URL (`http` or `https`) which will be called
    each time the workflow execution stops: a `POST` request with the
    workflow execution Id and status in the body (see the callback
    `workflowExecutionStopped`). A value that is not an http(s) URL is
    answered with 400 `badData` (`details.key` = `callback`).
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        space_id = self.space_id

        atm_workflow_schema_id = self.atm_workflow_schema_id

        atm_workflow_schema_revision_number: int | str
        atm_workflow_schema_revision_number = self.atm_workflow_schema_revision_number

        store_initial_content_overlay: dict[str, Any] | Unset = UNSET
        if not isinstance(self.store_initial_content_overlay, Unset):
            store_initial_content_overlay = self.store_initial_content_overlay.to_dict()

        log_level: str | Unset = UNSET
        if not isinstance(self.log_level, Unset):
            log_level = self.log_level.value

        callback = self.callback

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "spaceId": space_id,
                "atmWorkflowSchemaId": atm_workflow_schema_id,
                "atmWorkflowSchemaRevisionNumber": atm_workflow_schema_revision_number,
            }
        )
        if store_initial_content_overlay is not UNSET:
            field_dict["storeInitialContentOverlay"] = store_initial_content_overlay
        if log_level is not UNSET:
            field_dict["logLevel"] = log_level
        if callback is not UNSET:
            field_dict["callback"] = callback

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.store_initial_content_overlay import StoreInitialContentOverlay

        d = dict(src_dict)
        space_id = d.pop("spaceId")

        atm_workflow_schema_id = d.pop("atmWorkflowSchemaId")

        def _parse_atm_workflow_schema_revision_number(data: object) -> int | str:
            return cast(int | str, data)

        atm_workflow_schema_revision_number = (
            _parse_atm_workflow_schema_revision_number(
                d.pop("atmWorkflowSchemaRevisionNumber")
            )
        )

        _store_initial_content_overlay = d.pop("storeInitialContentOverlay", UNSET)
        store_initial_content_overlay: StoreInitialContentOverlay | Unset
        if isinstance(_store_initial_content_overlay, Unset):
            store_initial_content_overlay = UNSET
        else:
            store_initial_content_overlay = StoreInitialContentOverlay.from_dict(
                _store_initial_content_overlay
            )

        _log_level = d.pop("logLevel", UNSET)
        log_level: LogLevel | Unset
        if isinstance(_log_level, Unset):
            log_level = UNSET
        else:
            log_level = LogLevel(_log_level)

        callback = d.pop("callback", UNSET)

        atm_workflow_execution_schedule_request = cls(
            space_id=space_id,
            atm_workflow_schema_id=atm_workflow_schema_id,
            atm_workflow_schema_revision_number=atm_workflow_schema_revision_number,
            store_initial_content_overlay=store_initial_content_overlay,
            log_level=log_level,
            callback=callback,
        )

        atm_workflow_execution_schedule_request.additional_properties = d
        return atm_workflow_execution_schedule_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
