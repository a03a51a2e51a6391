from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.log_level import LogLevel
from ..types import UNSET, Unset

T = TypeVar("T", bound="AuditLogEntry")


@_attrs_define
class AuditLogEntry:
    """One audit-log entry. Entries a provider writes about the execution
    carry `content.description` (`Scheduled execution.`, `Stopping
    execution...`, `Stopped execution.`, `Resuming execution...`, and
    per lane run `[Lane: L, Run: R] ...`) and `content.details`; note
    that a provider writes a lane run selector in details as
    `{laneIndex, RunNumber}`, with a capital R. Entries of a user's
    audit-log store hold what was written to it.

    """

    index: str
    """ Position of the entry in the log, from `"0"`, as a decimal string. """
    timestamp: int
    """ When the entry was written, in milliseconds since the POSIX epoch. """
    severity: LogLevel
    """ Lowest severity of the entries kept in the execution's audit logs.
    Any other value is answered with 400 `badValueNotAllowed`.
     """
    content: Any
    """ What was logged; for a provider's own entries an object with `description` and, when there are any,
    `details`. """
    source: str | Unset = UNSET
    """ Who wrote the entry; absent for the provider itself (`system`), `user` for what lambdas wrote. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        timestamp = self.timestamp

        severity = self.severity.value

        content = self.content

        source = self.source

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "timestamp": timestamp,
                "severity": severity,
                "content": content,
            }
        )
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        index = d.pop("index")

        timestamp = d.pop("timestamp")

        severity = LogLevel(d.pop("severity"))

        content = d.pop("content")

        source = d.pop("source", UNSET)

        audit_log_entry = cls(
            index=index,
            timestamp=timestamp,
            severity=severity,
            content=content,
            source=source,
        )

        audit_log_entry.additional_properties = d
        return audit_log_entry

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
