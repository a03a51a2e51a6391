"""A stateful fake Oneprovider for tests: the automation workflow-execution API.

Three doors on the same state (a ``Backend`` around a ``World``):

- ``create_app(world)``: an ASGI app, for ``httpx.ASGITransport`` and schemathesis;
- ``MockProvider(world)``: uvicorn on 127.0.0.1, a free port, in a thread;
- the ``oneprovider-mock`` command (``python -m oneprovider_mock``).

The pytest plugin (``oneprovider_mock.pytest_plugin``, registered as an entry
point) provides the ``oneprovider_mock`` fixture. ``create_app``, ``MockApp``
and ``MockProvider`` need the ``mock`` extra (starlette, uvicorn) and are
imported on first use, so that importing this package (as pytest does for the
plugin) works without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._backend import Backend
from ._callbacks import CallbackAttempt, CallbackDelivery, CallbackPolicy, refusal_reason
from .world._executions import WorkflowExecution
from .world._model import (
    SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS,
    SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS,
    File,
    Inventory,
    LaneSchema,
    ParallelBoxSchema,
    Provider,
    SchemaRevision,
    Space,
    StoreSchema,
    TaskSchema,
    User,
    WorkflowSchema,
    WorldDefaults,
)
from .world._onedata_error import OnedataError
from .world._world import World, WorldError

if TYPE_CHECKING:
    from .http._app import MockApp, create_app
    from .http._server import MockProvider

__all__ = [
    "SPACE_SCHEDULE_ATM_WORKFLOW_EXECUTIONS",
    "SPACE_VIEW_ATM_WORKFLOW_EXECUTIONS",
    "Backend",
    "CallbackAttempt",
    "CallbackDelivery",
    "CallbackPolicy",
    "File",
    "Inventory",
    "LaneSchema",
    "MockApp",
    "MockProvider",
    "OnedataError",
    "ParallelBoxSchema",
    "Provider",
    "SchemaRevision",
    "Space",
    "StoreSchema",
    "TaskSchema",
    "User",
    "WorkflowExecution",
    "WorkflowSchema",
    "World",
    "WorldDefaults",
    "WorldError",
    "create_app",
    "refusal_reason",
]

_NEEDS_EXTRA = {"create_app": "http._app", "MockApp": "http._app", "MockProvider": "http._server"}


def __getattr__(name: str) -> Any:
    module_name = _NEEDS_EXTRA.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ImportError as err:
        raise ImportError(
            f"oneprovider_mock.{name} needs the 'mock' extra (starlette, uvicorn): "
            "pip install 'oneprovider-automation[mock]'"
        ) from err
    return getattr(module, name)
