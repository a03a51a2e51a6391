from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.atm_lane_run_details import AtmLaneRunDetails


T = TypeVar("T", bound="AtmLaneExecution")


@_attrs_define
class AtmLaneExecution:
    """A lane of the workflow execution and its runs."""

    schema_id: str
    """ Id of the lane schema. """
    runs: list[AtmLaneRunDetails]
    """ Runs of this lane, newest first. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema_id = self.schema_id

        runs = []
        for runs_item_data in self.runs:
            runs_item = runs_item_data.to_dict()
            runs.append(runs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "schemaId": schema_id,
                "runs": runs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.atm_lane_run_details import AtmLaneRunDetails

        d = dict(src_dict)
        schema_id = d.pop("schemaId")

        runs = []
        _runs = d.pop("runs")
        for runs_item_data in _runs:
            runs_item = AtmLaneRunDetails.from_dict(runs_item_data)

            runs.append(runs_item)

        atm_lane_execution = cls(
            schema_id=schema_id,
            runs=runs,
        )

        atm_lane_execution.additional_properties = d
        return atm_lane_execution

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
