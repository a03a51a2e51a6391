from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="OnedataErrorContext")


@_attrs_define
class OnedataErrorContext:
    """Where and when the error was raised; sent by 25.x releases, absent in
    older ones. Every field may be `null`, and fields not listed here may
    appear.

    """

    timestamp: int | None | Unset = UNSET
    """ When the error was raised, in milliseconds since the POSIX epoch. """
    service: None | str | Unset = UNSET
    """ Short name of the raising service (`opw` for a Oneprovider worker). """
    service_id: None | str | Unset = UNSET
    """ Id of the raising service. """
    service_domain: None | str | Unset = UNSET
    """ Domain of the raising service. """
    service_release_version: None | str | Unset = UNSET
    """ Release version of the raising service. """
    service_build_version: None | str | Unset = UNSET
    """ Build version of the raising service. """
    onedata_errors_revision: None | str | Unset = UNSET
    """ Revision of the Onedata error catalogue. """
    module: None | str | Unset = UNSET
    """ Code module that raised the error. """
    line: int | None | Unset = UNSET
    """ Line in that module. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timestamp: int | None | Unset
        if isinstance(self.timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = self.timestamp

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service

        service_id: None | str | Unset
        if isinstance(self.service_id, Unset):
            service_id = UNSET
        else:
            service_id = self.service_id

        service_domain: None | str | Unset
        if isinstance(self.service_domain, Unset):
            service_domain = UNSET
        else:
            service_domain = self.service_domain

        service_release_version: None | str | Unset
        if isinstance(self.service_release_version, Unset):
            service_release_version = UNSET
        else:
            service_release_version = self.service_release_version

        service_build_version: None | str | Unset
        if isinstance(self.service_build_version, Unset):
            service_build_version = UNSET
        else:
            service_build_version = self.service_build_version

        onedata_errors_revision: None | str | Unset
        if isinstance(self.onedata_errors_revision, Unset):
            onedata_errors_revision = UNSET
        else:
            onedata_errors_revision = self.onedata_errors_revision

        module: None | str | Unset
        if isinstance(self.module, Unset):
            module = UNSET
        else:
            module = self.module

        line: int | None | Unset
        if isinstance(self.line, Unset):
            line = UNSET
        else:
            line = self.line

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if service is not UNSET:
            field_dict["service"] = service
        if service_id is not UNSET:
            field_dict["serviceId"] = service_id
        if service_domain is not UNSET:
            field_dict["serviceDomain"] = service_domain
        if service_release_version is not UNSET:
            field_dict["serviceReleaseVersion"] = service_release_version
        if service_build_version is not UNSET:
            field_dict["serviceBuildVersion"] = service_build_version
        if onedata_errors_revision is not UNSET:
            field_dict["onedataErrorsRevision"] = onedata_errors_revision
        if module is not UNSET:
            field_dict["module"] = module
        if line is not UNSET:
            field_dict["line"] = line

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_timestamp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timestamp = _parse_timestamp(d.pop("timestamp", UNSET))

        def _parse_service(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service = _parse_service(d.pop("service", UNSET))

        def _parse_service_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_id = _parse_service_id(d.pop("serviceId", UNSET))

        def _parse_service_domain(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_domain = _parse_service_domain(d.pop("serviceDomain", UNSET))

        def _parse_service_release_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_release_version = _parse_service_release_version(
            d.pop("serviceReleaseVersion", UNSET)
        )

        def _parse_service_build_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        service_build_version = _parse_service_build_version(
            d.pop("serviceBuildVersion", UNSET)
        )

        def _parse_onedata_errors_revision(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        onedata_errors_revision = _parse_onedata_errors_revision(
            d.pop("onedataErrorsRevision", UNSET)
        )

        def _parse_module(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        module = _parse_module(d.pop("module", UNSET))

        def _parse_line(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        line = _parse_line(d.pop("line", UNSET))

        onedata_error_context = cls(
            timestamp=timestamp,
            service=service,
            service_id=service_id,
            service_domain=service_domain,
            service_release_version=service_release_version,
            service_build_version=service_build_version,
            onedata_errors_revision=onedata_errors_revision,
            module=module,
            line=line,
        )

        onedata_error_context.additional_properties = d
        return onedata_error_context

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
