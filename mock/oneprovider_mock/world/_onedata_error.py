"""``OnedataError``: an error of Onedata's catalogue, and how it is written as JSON.

Hierarchy::

    Exception
     └── OnedataError    an error of Onedata's catalogue, raised by the rules and
                         turned into an HTTP answer by the ASGI layer

The errors themselves are built by the functions of ``_errors``, one per
catalogue entry.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: ``serviceReleaseVersion`` of every error: the Onedata release the spec describes.
RELEASE_VERSION = "25.0"
#: ``serviceBuildVersion``: a build string shaped like a provider's.
BUILD_VERSION = "mock-25.0"
#: ``onedataErrorsRevision``: the catalogue revision the descriptions come from.
ERRORS_REVISION = "c4a2b52d"


@dataclass(frozen=True)
class ServiceContext:
    """What an error's ``ctx`` says about the service that raised it."""

    service_id: str
    service_domain: str
    release_version: str = RELEASE_VERSION
    build_version: str = BUILD_VERSION
    errors_revision: str = ERRORS_REVISION


class OnedataError(Exception):
    """An error of Onedata's catalogue; raised by the rules, answered by the ASGI layer."""

    def __init__(
        self,
        error_id: str,
        http_status: int,
        description: str,
        details: Mapping[str, Any] | None = None,
        *,
        module: str,
        line: int,
    ) -> None:
        super().__init__(f"{error_id} (HTTP {http_status}): {description}")
        self.id = error_id
        self.http_status = http_status
        self.description = description
        self.details = dict(details) if details is not None else None
        self.module = module
        self.line = line
        self.timestamp_ms = time.time_ns() // 1_000_000

    def to_json(self, service: ServiceContext) -> dict[str, Any]:
        """The inner error object: ``id``, ``description``, ``details`` if any, ``ctx``."""
        body: dict[str, Any] = {"id": self.id, "description": self.description}
        if self.details is not None:
            body["details"] = with_nested_errors(self.details, service)
        body["ctx"] = {
            "timestamp": self.timestamp_ms,
            "service": "opw",
            "serviceId": service.service_id,
            "serviceDomain": service.service_domain,
            "serviceReleaseVersion": service.release_version,
            "serviceBuildVersion": service.build_version,
            "onedataErrorsRevision": service.errors_revision,
            "module": self.module,
            "line": self.line,
        }
        return body


def with_nested_errors(value: Any, service: ServiceContext | None) -> Any:
    # Details may hold errors anywhere (``authError``, ``specificError``, the per-item
    # errors of an array constraint); without a service they are written without ctx,
    # which is how they appear inside a description.
    if isinstance(value, OnedataError):
        if service is not None:
            return value.to_json(service)
        plain: dict[str, Any] = {"id": value.id, "description": value.description}
        if value.details is not None:
            plain["details"] = with_nested_errors(value.details, None)
        return plain
    if isinstance(value, dict):
        return {key: with_nested_errors(item, service) for key, item in value.items()}
    if isinstance(value, list):
        return [with_nested_errors(item, service) for item in value]
    return value
