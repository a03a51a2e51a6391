from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.onedata_error import OnedataError


T = TypeVar("T", bound="ErrorJson")


@_attrs_define
class ErrorJson:
    """Object describing an error. **Correction to the official definition**,
    whose `Error` model (`error` and `error_description` strings) is
    outdated: a provider wraps an `OnedataError` object under the key `error`.

    """

    error: OnedataError
    """ An error from the Onedata error catalogue. `details` depends on `id`:

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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.onedata_error import OnedataError

        d = dict(src_dict)
        error = OnedataError.from_dict(d.pop("error"))

        error_json = cls(
            error=error,
        )

        error_json.additional_properties = d
        return error_json

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
