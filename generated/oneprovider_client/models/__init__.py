"""Contains all the data models used in inputs/outputs"""

from .atm_lane_execution import AtmLaneExecution
from .atm_lane_run_details import AtmLaneRunDetails
from .atm_lane_run_selector import AtmLaneRunSelector
from .atm_lane_run_status import AtmLaneRunStatus
from .atm_lane_run_type import AtmLaneRunType
from .atm_parallel_box_execution import AtmParallelBoxExecution
from .atm_parallel_box_execution_task_registry import (
    AtmParallelBoxExecutionTaskRegistry,
)
from .atm_workflow_execution_callback import AtmWorkflowExecutionCallback
from .atm_workflow_execution_details import AtmWorkflowExecutionDetails
from .atm_workflow_execution_details_lambda_snapshot_registry import (
    AtmWorkflowExecutionDetailsLambdaSnapshotRegistry,
)
from .atm_workflow_execution_details_store_registry import (
    AtmWorkflowExecutionDetailsStoreRegistry,
)
from .atm_workflow_execution_list import AtmWorkflowExecutionList
from .atm_workflow_execution_phase import AtmWorkflowExecutionPhase
from .atm_workflow_execution_schedule_request import AtmWorkflowExecutionScheduleRequest
from .atm_workflow_execution_schedule_response import (
    AtmWorkflowExecutionScheduleResponse,
)
from .atm_workflow_execution_status import AtmWorkflowExecutionStatus
from .audit_log_entry import AuditLogEntry
from .error_json import ErrorJson
from .log_level import LogLevel
from .onedata_error import OnedataError
from .onedata_error_context import OnedataErrorContext
from .onedata_error_details import OnedataErrorDetails
from .store_initial_content_overlay import StoreInitialContentOverlay

__all__ = (
    "AtmLaneExecution",
    "AtmLaneRunDetails",
    "AtmLaneRunSelector",
    "AtmLaneRunStatus",
    "AtmLaneRunType",
    "AtmParallelBoxExecution",
    "AtmParallelBoxExecutionTaskRegistry",
    "AtmWorkflowExecutionCallback",
    "AtmWorkflowExecutionDetails",
    "AtmWorkflowExecutionDetailsLambdaSnapshotRegistry",
    "AtmWorkflowExecutionDetailsStoreRegistry",
    "AtmWorkflowExecutionList",
    "AtmWorkflowExecutionPhase",
    "AtmWorkflowExecutionScheduleRequest",
    "AtmWorkflowExecutionScheduleResponse",
    "AtmWorkflowExecutionStatus",
    "AuditLogEntry",
    "ErrorJson",
    "LogLevel",
    "OnedataError",
    "OnedataErrorContext",
    "OnedataErrorDetails",
    "StoreInitialContentOverlay",
)
