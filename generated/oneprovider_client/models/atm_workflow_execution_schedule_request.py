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

    `null` means absent: in a required field it is answered with 400
    `missingRequiredValue`, and an optional field that is `null` is as if
    it were not sent. A provider also takes `true` and `false` in place of
    the string fields (as the strings `"true"` and `"false"`); this
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
    store_initial_content_overlay: None | StoreInitialContentOverlay | Unset = UNSET
    """ Initial content of the stores; `null` is as if not sent. """
    log_level: LogLevel | None | Unset = UNSET
    """ Lowest severity kept in audit logs (default `info`); `null` is as if not sent. """
    callback: bool | None | str | Unset = UNSET
    """ Custom REST callback URL which will be called each time the
    workflow execution stops: a `POST` request with the workflow
    execution Id and status in the body (see the callback
    `workflowExecutionStopped`). `null` is as if not sent.

    A provider checks it with `url_utils:is_valid/1` (ctool), which is
    hackney's lax URL parse with three refusals, and the pattern says
    exactly that: only `http://`, `https://` and `http+unix://` count
    as schemes, case-sensitively, and anything else is read as host
    and path (so `example.com` and `localhost:8080` are accepted, and
    `HTTP://host/` is refused for its path `//host/`); the port is any
    integer; refused are a host that is exactly `http` or `https`, a
    path starting with `//`, a host with a character above U+00FF, an
    empty host without a port, a port that is not an integer and a
    `%` in the userinfo without two hex digits. Anything else is
    answered with 400 `badData` (`details.key` = `callback`).

    JSON `true` and `false` are taken as the strings `"true"` and
    `"false"`, which are valid URLs by that rule (hosts named `true`
    and `false`), so a provider accepts them; they are listed so that
    the schema says what a provider accepts, not to invite them.

    **Correction to the official definition**, which types it as a
    plain string.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.store_initial_content_overlay import StoreInitialContentOverlay

        space_id = self.space_id

        atm_workflow_schema_id = self.atm_workflow_schema_id

        atm_workflow_schema_revision_number: int | str
        atm_workflow_schema_revision_number = self.atm_workflow_schema_revision_number

        store_initial_content_overlay: dict[str, Any] | None | Unset
        if isinstance(self.store_initial_content_overlay, Unset):
            store_initial_content_overlay = UNSET
        elif isinstance(self.store_initial_content_overlay, StoreInitialContentOverlay):
            store_initial_content_overlay = self.store_initial_content_overlay.to_dict()
        else:
            store_initial_content_overlay = self.store_initial_content_overlay

        log_level: None | str | Unset
        if isinstance(self.log_level, Unset):
            log_level = UNSET
        elif isinstance(self.log_level, LogLevel):
            log_level = self.log_level.value
        else:
            log_level = self.log_level

        callback: bool | None | str | Unset
        if isinstance(self.callback, Unset):
            callback = UNSET
        else:
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

        def _parse_store_initial_content_overlay(
            data: object,
        ) -> None | StoreInitialContentOverlay | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                store_initial_content_overlay_type_0 = (
                    StoreInitialContentOverlay.from_dict(data)
                )

                return store_initial_content_overlay_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | StoreInitialContentOverlay | Unset, data)

        store_initial_content_overlay = _parse_store_initial_content_overlay(
            d.pop("storeInitialContentOverlay", UNSET)
        )

        def _parse_log_level(data: object) -> LogLevel | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                log_level_type_0 = LogLevel(data)

                return log_level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LogLevel | None | Unset, data)

        log_level = _parse_log_level(d.pop("logLevel", UNSET))

        def _parse_callback(data: object) -> bool | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | str | Unset, data)

        callback = _parse_callback(d.pop("callback", UNSET))

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
