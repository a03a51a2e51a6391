from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AtmLaneRunSelector")


@_attrs_define
class AtmLaneRunSelector:
    """A lane (by its position) and one of its runs. Unknown keys are ignored."""

    lane_index: int | str
    """ An integer >= 1 (a lane's position, counted from 1, or a run
    number), as a JSON integer or as a string of ASCII digits with an
    optional `+` sign. A non-numeric value is 400 `badValueInteger`, a
    number below 1 400 `badValueTooLow` (`details.limit` = 1). As for
    `atmWorkflowSchemaRevisionNumber`, a JSON number with a fraction
    part is `badValueInteger` on a provider. There is no upper bound; a
    lane or run that does not exist is 404.
     """
    lane_run_number: int | str
    """ An integer >= 1 (a lane's position, counted from 1, or a run
    number), as a JSON integer or as a string of ASCII digits with an
    optional `+` sign. A non-numeric value is 400 `badValueInteger`, a
    number below 1 400 `badValueTooLow` (`details.limit` = 1). As for
    `atmWorkflowSchemaRevisionNumber`, a JSON number with a fraction
    part is `badValueInteger` on a provider. There is no upper bound; a
    lane or run that does not exist is 404.
     """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        lane_index: int | str
        lane_index = self.lane_index

        lane_run_number: int | str
        lane_run_number = self.lane_run_number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "laneIndex": lane_index,
                "laneRunNumber": lane_run_number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_lane_index(data: object) -> int | str:
            return cast(int | str, data)

        lane_index = _parse_lane_index(d.pop("laneIndex"))

        def _parse_lane_run_number(data: object) -> int | str:
            return cast(int | str, data)

        lane_run_number = _parse_lane_run_number(d.pop("laneRunNumber"))

        atm_lane_run_selector = cls(
            lane_index=lane_index,
            lane_run_number=lane_run_number,
        )

        atm_lane_run_selector.additional_properties = d
        return atm_lane_run_selector

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
