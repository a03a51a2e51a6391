from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.atm_lane_run_status import AtmLaneRunStatus
from ..models.atm_lane_run_type import AtmLaneRunType

if TYPE_CHECKING:
    from ..models.atm_parallel_box_execution import AtmParallelBoxExecution


T = TypeVar("T", bound="AtmLaneRunDetails")


@_attrs_define
class AtmLaneRunDetails:
    """One run of a lane."""

    run_number: int | None
    """ Number of the workflow execution run that includes this lane run; `null` for a run prepared in advance. """
    origin_run_number: int | None
    """ For a rerun or retry, the number of the lane run it repeats; `null` otherwise. """
    run_type: AtmLaneRunType
    """ Whether a lane run is the regular one or repeats an earlier run. """
    status: AtmLaneRunStatus
    """ Overall status of a lane run. """
    iterated_store_id: None | str
    """ Id of the store this lane run iterates over; `null` until it is created. """
    exception_store_id: None | str
    """ Id of this lane run's exception store; `null` until it is created. """
    parallel_boxes: list[AtmParallelBoxExecution]
    """ Parallel boxes of this lane run. """
    is_retriable: bool
    """ Whether this lane run can be retried. """
    is_rerunable: bool
    """ Whether this lane run can be rerun. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        run_number: int | None
        run_number = self.run_number

        origin_run_number: int | None
        origin_run_number = self.origin_run_number

        run_type = self.run_type.value

        status = self.status.value

        iterated_store_id: None | str
        iterated_store_id = self.iterated_store_id

        exception_store_id: None | str
        exception_store_id = self.exception_store_id

        parallel_boxes = []
        for parallel_boxes_item_data in self.parallel_boxes:
            parallel_boxes_item = parallel_boxes_item_data.to_dict()
            parallel_boxes.append(parallel_boxes_item)

        is_retriable = self.is_retriable

        is_rerunable = self.is_rerunable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "runNumber": run_number,
                "originRunNumber": origin_run_number,
                "runType": run_type,
                "status": status,
                "iteratedStoreId": iterated_store_id,
                "exceptionStoreId": exception_store_id,
                "parallelBoxes": parallel_boxes,
                "isRetriable": is_retriable,
                "isRerunable": is_rerunable,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.atm_parallel_box_execution import AtmParallelBoxExecution

        d = dict(src_dict)

        def _parse_run_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        run_number = _parse_run_number(d.pop("runNumber"))

        def _parse_origin_run_number(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        origin_run_number = _parse_origin_run_number(d.pop("originRunNumber"))

        run_type = AtmLaneRunType(d.pop("runType"))

        status = AtmLaneRunStatus(d.pop("status"))

        def _parse_iterated_store_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        iterated_store_id = _parse_iterated_store_id(d.pop("iteratedStoreId"))

        def _parse_exception_store_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        exception_store_id = _parse_exception_store_id(d.pop("exceptionStoreId"))

        parallel_boxes = []
        _parallel_boxes = d.pop("parallelBoxes")
        for parallel_boxes_item_data in _parallel_boxes:
            parallel_boxes_item = AtmParallelBoxExecution.from_dict(
                parallel_boxes_item_data
            )

            parallel_boxes.append(parallel_boxes_item)

        is_retriable = d.pop("isRetriable")

        is_rerunable = d.pop("isRerunable")

        atm_lane_run_details = cls(
            run_number=run_number,
            origin_run_number=origin_run_number,
            run_type=run_type,
            status=status,
            iterated_store_id=iterated_store_id,
            exception_store_id=exception_store_id,
            parallel_boxes=parallel_boxes,
            is_retriable=is_retriable,
            is_rerunable=is_rerunable,
        )

        atm_lane_run_details.additional_properties = d
        return atm_lane_run_details

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
