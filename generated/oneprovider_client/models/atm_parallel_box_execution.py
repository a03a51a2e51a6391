from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.atm_parallel_box_execution_task_registry import (
        AtmParallelBoxExecutionTaskRegistry,
    )


T = TypeVar("T", bound="AtmParallelBoxExecution")


@_attrs_define
class AtmParallelBoxExecution:
    """A parallel box of a lane run."""

    schema_id: str
    """ Id of the parallel box schema. """
    task_registry: AtmParallelBoxExecutionTaskRegistry
    """ Map of task schema Ids (keys) to task execution Ids. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema_id = self.schema_id

        task_registry = self.task_registry.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "schemaId": schema_id,
                "taskRegistry": task_registry,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.atm_parallel_box_execution_task_registry import (
            AtmParallelBoxExecutionTaskRegistry,
        )

        d = dict(src_dict)
        schema_id = d.pop("schemaId")

        task_registry = AtmParallelBoxExecutionTaskRegistry.from_dict(
            d.pop("taskRegistry")
        )

        atm_parallel_box_execution = cls(
            schema_id=schema_id,
            task_registry=task_registry,
        )

        atm_parallel_box_execution.additional_properties = d
        return atm_parallel_box_execution

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
