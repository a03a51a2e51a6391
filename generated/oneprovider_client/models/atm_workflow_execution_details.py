from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.atm_workflow_execution_status import AtmWorkflowExecutionStatus

if TYPE_CHECKING:
    from ..models.atm_lane_execution import AtmLaneExecution
    from ..models.atm_workflow_execution_details_lambda_snapshot_registry import (
        AtmWorkflowExecutionDetailsLambdaSnapshotRegistry,
    )
    from ..models.atm_workflow_execution_details_store_registry import (
        AtmWorkflowExecutionDetailsStoreRegistry,
    )


T = TypeVar("T", bound="AtmWorkflowExecutionDetails")


@_attrs_define
class AtmWorkflowExecutionDetails:
    """Workflow execution details. Times are POSIX epoch seconds, `0` while
    the moment has not come yet.

        Example:
            {'atmWorkflowExecutionId': '11a53ed06d175c89bc3ed5be61f8217cch1890', 'atmWorkflowSchemaSnapshotId':
                '821711ad53ed06be61f175c89bc3ed5cch1890', 'name': 'test execution', 'atmInventoryId':
                '2d180796daafcf15d586d29dd13dae48chd5fc', 'spaceId': 'c17147cc3188408c26f522881282cb83ch9853', 'userId':
                '08c26cc228812c3188417147f582cb83ch9853', 'status': 'active', 'scheduleTime': 1626107063, 'startTime':
                1626107064, 'suspendTime': 0, 'finishTime': 0, 'lambdaSnapshotRegistry':
                {'e412848d415329d81b7edd15c80b7740chf93f': '3946496fb29e3cf3faa96dbbd58d42d9ch9e3c'}, 'storeRegistry':
                {'216a5de15ba9f8f3138168682c3da954212abf': '805392e2b84fb7e6ff5b31b4b7e70845ch1995'}, 'systemAuditLogStoreId':
                '1439ca4dee1a251483923f4535bca500e72f2a', 'lanes': [{'schemaId': '3a1a829f714a41b043c4ce67402d8c136f125f',
                'runs': [{'runNumber': 1, 'originRunNumber': None, 'runType': 'regular', 'status': 'active', 'iteratedStoreId':
                '1b502545a3f9faa7f1e339f4aea793117be91d', 'exceptionStoreId': '98c669ec69c0394a38391c0ab0117f67ch260d',
                'parallelBoxes': [{'schemaId': '0068146d662adc878f699bf82af08b9ddbd9ab', 'taskRegistry':
                {'d92b861a5edfb08b920e0e80f4670a87f48176': '1697f7c1f46e0e22bb426bead5a3cb47chda3d'}}], 'isRetriable': False,
                'isRerunable': False}]}]}

    """

    atm_workflow_execution_id: str
    """ Id of this workflow execution. """
    atm_workflow_schema_snapshot_id: str
    """ Id of the snapshot of the workflow schema describing the tasks and stores for this workflow. """
    name: str
    """ Name of the workflow schema used for this execution. """
    atm_inventory_id: str
    """ Id of the automation inventory from which the workflow schema originates. """
    space_id: str
    """ Id of the space in context of which the workflow is executed. """
    user_id: str
    """ Id of the scheduling user. """
    status: AtmWorkflowExecutionStatus
    """ Overall status of the workflow execution. """
    schedule_time: int
    """ Schedule time in seconds (POSIX epoch timestamp). """
    start_time: int
    """ Start time in seconds (POSIX epoch timestamp), 0 if not started yet. """
    suspend_time: int
    """ Suspend time in seconds (POSIX epoch timestamp), 0 if never suspended. """
    finish_time: int
    """ Finish time in seconds (POSIX epoch timestamp), 0 if not finished yet. """
    lambda_snapshot_registry: AtmWorkflowExecutionDetailsLambdaSnapshotRegistry
    """ Map of lambda Ids (keys) to their snapshot Ids. """
    store_registry: AtmWorkflowExecutionDetailsStoreRegistry
    """ Map of store schema Ids (keys) to store instance Ids. """
    system_audit_log_store_id: None | str
    """ Id of this execution's system audit log store; `null` for an
    execution whose store was not created. (**Correction to the
    official definition**, which makes it a plain string.)
     """
    lanes: list[AtmLaneExecution]
    """ Lanes of this workflow execution, in order. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        atm_workflow_execution_id = self.atm_workflow_execution_id

        atm_workflow_schema_snapshot_id = self.atm_workflow_schema_snapshot_id

        name = self.name

        atm_inventory_id = self.atm_inventory_id

        space_id = self.space_id

        user_id = self.user_id

        status = self.status.value

        schedule_time = self.schedule_time

        start_time = self.start_time

        suspend_time = self.suspend_time

        finish_time = self.finish_time

        lambda_snapshot_registry = self.lambda_snapshot_registry.to_dict()

        store_registry = self.store_registry.to_dict()

        system_audit_log_store_id: None | str
        system_audit_log_store_id = self.system_audit_log_store_id

        lanes = []
        for lanes_item_data in self.lanes:
            lanes_item = lanes_item_data.to_dict()
            lanes.append(lanes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "atmWorkflowExecutionId": atm_workflow_execution_id,
                "atmWorkflowSchemaSnapshotId": atm_workflow_schema_snapshot_id,
                "name": name,
                "atmInventoryId": atm_inventory_id,
                "spaceId": space_id,
                "userId": user_id,
                "status": status,
                "scheduleTime": schedule_time,
                "startTime": start_time,
                "suspendTime": suspend_time,
                "finishTime": finish_time,
                "lambdaSnapshotRegistry": lambda_snapshot_registry,
                "storeRegistry": store_registry,
                "systemAuditLogStoreId": system_audit_log_store_id,
                "lanes": lanes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.atm_lane_execution import AtmLaneExecution
        from ..models.atm_workflow_execution_details_lambda_snapshot_registry import (
            AtmWorkflowExecutionDetailsLambdaSnapshotRegistry,
        )
        from ..models.atm_workflow_execution_details_store_registry import (
            AtmWorkflowExecutionDetailsStoreRegistry,
        )

        d = dict(src_dict)
        atm_workflow_execution_id = d.pop("atmWorkflowExecutionId")

        atm_workflow_schema_snapshot_id = d.pop("atmWorkflowSchemaSnapshotId")

        name = d.pop("name")

        atm_inventory_id = d.pop("atmInventoryId")

        space_id = d.pop("spaceId")

        user_id = d.pop("userId")

        status = AtmWorkflowExecutionStatus(d.pop("status"))

        schedule_time = d.pop("scheduleTime")

        start_time = d.pop("startTime")

        suspend_time = d.pop("suspendTime")

        finish_time = d.pop("finishTime")

        lambda_snapshot_registry = (
            AtmWorkflowExecutionDetailsLambdaSnapshotRegistry.from_dict(
                d.pop("lambdaSnapshotRegistry")
            )
        )

        store_registry = AtmWorkflowExecutionDetailsStoreRegistry.from_dict(
            d.pop("storeRegistry")
        )

        def _parse_system_audit_log_store_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        system_audit_log_store_id = _parse_system_audit_log_store_id(
            d.pop("systemAuditLogStoreId")
        )

        lanes = []
        _lanes = d.pop("lanes")
        for lanes_item_data in _lanes:
            lanes_item = AtmLaneExecution.from_dict(lanes_item_data)

            lanes.append(lanes_item)

        atm_workflow_execution_details = cls(
            atm_workflow_execution_id=atm_workflow_execution_id,
            atm_workflow_schema_snapshot_id=atm_workflow_schema_snapshot_id,
            name=name,
            atm_inventory_id=atm_inventory_id,
            space_id=space_id,
            user_id=user_id,
            status=status,
            schedule_time=schedule_time,
            start_time=start_time,
            suspend_time=suspend_time,
            finish_time=finish_time,
            lambda_snapshot_registry=lambda_snapshot_registry,
            store_registry=store_registry,
            system_audit_log_store_id=system_audit_log_store_id,
            lanes=lanes,
        )

        atm_workflow_execution_details.additional_properties = d
        return atm_workflow_execution_details

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
