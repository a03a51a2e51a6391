from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.onedata_error_context import OnedataErrorContext
    from ..models.onedata_error_details import OnedataErrorDetails


T = TypeVar("T", bound="OnedataError")


@_attrs_define
class OnedataError:
    """An error from the Onedata error catalogue. `details` depends on `id`:

    | id | HTTP | details |
    |---|---|---|
    | badValueJSON, missingRequiredValue, badValueString, badValueEmpty, badValueInteger, badValueIdentifier,
    badValueBoolean | 400 | `{key}` |
    | badValueTooLow | 400 | `{key, limit}` |
    | badValueNotAllowed | 400 | `{key, allowed}` |
    | badValueNotInRange | 400 | `{key, low, high}` |
    | badData | 400 | `{key, hint}` (`hint` may be `null`) or `{key, specificError}` |
    | malformedData, notSupported, atmOpenfaasNotConfigured | 400 | none |
    | spaceNotSupportedBy | 400 | `{spaceId, providerId}` |
    | atmWorkflowEmpty, atmParallelBoxEmpty | 400 | none or the schema id |
    | atmLaneEmpty | 400 | `{atmLaneSchemaId}` |
    | atmStoreCreationFailed | 400 | `{atmStoreSchemaId, specificError}` |
    | atmWorkflowExecutionEnded, atmWorkflowExecutionNotEnded, atmWorkflowExecutionNotResumable,
    atmWorkflowExecutionNotStopped, atmLaneExecutionRerunFailed, atmLaneExecutionRetryFailed | 400 | none |
    | atmInvalidStatusTransition | 400 | `{prevStatus, newStatus}` |
    | unauthorized | 401 | `{authError}`: an error (`badToken`, `userNotSupported`...) or `null` without a token |
    | forbidden | 403 | none, or `{hint}` |
    | notFound | 404 | none |
    | internalServerError | 500 | none, or `{reference}` |

    """

    id: str
    """ Error identifier (camelCase), stable across releases. """
    description: str
    """ Human-readable description of the error. """
    details: OnedataErrorDetails | Unset = UNSET
    """ The error's arguments; present when the error has any. """
    ctx: None | OnedataErrorContext | Unset = UNSET
    """ Where and when the error was raised; `null` when the error carries no context, absent before 25.x. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.onedata_error_context import OnedataErrorContext

        id = self.id

        description = self.description

        details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details.to_dict()

        ctx: dict[str, Any] | None | Unset
        if isinstance(self.ctx, Unset):
            ctx = UNSET
        elif isinstance(self.ctx, OnedataErrorContext):
            ctx = self.ctx.to_dict()
        else:
            ctx = self.ctx

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "description": description,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details
        if ctx is not UNSET:
            field_dict["ctx"] = ctx

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.onedata_error_context import OnedataErrorContext
        from ..models.onedata_error_details import OnedataErrorDetails

        d = dict(src_dict)
        id = d.pop("id")

        description = d.pop("description")

        _details = d.pop("details", UNSET)
        details: OnedataErrorDetails | Unset
        if isinstance(_details, Unset):
            details = UNSET
        else:
            details = OnedataErrorDetails.from_dict(_details)

        def _parse_ctx(data: object) -> None | OnedataErrorContext | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                ctx_type_0 = OnedataErrorContext.from_dict(data)

                return ctx_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OnedataErrorContext | Unset, data)

        ctx = _parse_ctx(d.pop("ctx", UNSET))

        onedata_error = cls(
            id=id,
            description=description,
            details=details,
            ctx=ctx,
        )

        onedata_error.additional_properties = d
        return onedata_error

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
