"""``ContentProblem``: why a provider refuses a store's initial content.

The data-spec rules (``_data_values``, ``_store_content``) raise it with what a
provider's error holds: the Onedata error id, the description worded as in
``onedata-errors``, the details (which may nest other problems, as an array's
item errors and ``atmStoreCreationFailed``'s ``specificError`` do) and the
op-worker module that raises it. The mock answers it as an HTTP error; the
client shows it before anything is sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def describe(text: str) -> str:
    """Onedata's ``od_error:format_description/2``: trailing dots trimmed, one added."""
    return text.rstrip(".") + "."


def json_text(value: Any) -> str:
    """Compact JSON as ``json_utils:encode/1`` writes it, nested problems as plain errors."""
    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False, default=str)


def plain(value: Any) -> Any:
    """``value`` with every nested problem written as ``{"id", "description", "details"?}``."""
    if isinstance(value, ContentProblem):
        body: dict[str, Any] = {"id": value.id, "description": value.description}
        if value.details is not None:
            body["details"] = plain(value.details)
        return body
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class ContentProblem(Exception):
    """Store content a provider refuses: an error of Onedata's catalogue (HTTP 400)."""

    def __init__(
        self,
        error_id: str,
        description: str,
        details: Mapping[str, Any] | None = None,
        *,
        module: str,
        line: int,
    ) -> None:
        super().__init__(f"{error_id}: {description}")
        self.id = error_id
        self.description = description
        self.details = dict(details) if details is not None else None
        self.module = module
        self.line = line

    def _nested(self) -> list[tuple[str, ContentProblem]]:
        """The problems inside this one: in its details, or (an array item's) its constraints."""
        details = self.details or {}
        constraints = details.get("valueConstraints")
        places = [details, constraints] if isinstance(constraints, dict) else [details]
        return [
            (key, value)
            for place in places
            for key, value in place.items()
            if isinstance(value, ContentProblem)
        ]

    def innermost(self) -> ContentProblem:
        """The problem at the bottom: the store's error, then an array item's, and so on."""
        nested = self._nested()
        return nested[0][1].innermost() if len(nested) == 1 else self

    def path(self) -> str:
        """Where in the content the innermost problem is, as ``$[2][0]`` (``$``: the whole)."""
        steps = "$"
        problem: ContentProblem = self
        while True:
            nested = problem._nested()
            if len(nested) != 1:
                return steps
            key, problem = nested[0]
            if key.startswith("$["):
                steps += key[1:]


def data_type_unverified(value: Any, expected_type: str) -> ContentProblem:
    """``value`` is not of the data type its data spec names."""
    return ContentProblem(
        "atmDataTypeUnverified",
        describe(f"Provided value is not of expected type: {expected_type}"),
        {"value": value, "expType": expected_type},
        module="atm_value",
        line=182,
    )


def constraint_unverified(value: Any, data_type: str, constraints: Any) -> ContentProblem:
    """``value`` has the right type but breaks a constraint (allowed values, space...)."""
    return ContentProblem(
        "atmDataValueConstraintUnverified",
        describe(
            f'Provided value of type "{data_type}" doesn\'t meet the constraints: '
            f'"{json_text(constraints)}"'
        ),
        {"value": value, "type": data_type, "valueConstraints": constraints},
        module="atm_value",
        line=48,
    )


def posix(errno: str, *, module: str, line: int) -> ContentProblem:
    """A file-system operation failed with ``errno`` (e.g. ``enoent``)."""
    return ContentProblem(
        "posix",
        describe(f"Operation failed with POSIX error: {errno}"),
        {"errno": errno},
        module=module,
        line=line,
    )


def not_found(*, module: str, line: int) -> ContentProblem:
    """A dataset the content names does not exist."""
    return ContentProblem(
        "notFound", "The requested resource could not be found.", module=module, line=line
    )


def missing_required_initial_content() -> ContentProblem:
    """A store requires initial content and neither the request nor the schema gives it."""
    return ContentProblem(
        "atmStoreMissingRequiredInitialContent",
        "Missing initial content required to create an automation store.",
        module="atm_store_api",
        line=52,
    )


def bad_data_hint(key: str, hint: str, *, module: str, line: int) -> ContentProblem:
    """``badData`` with a hint (a time-series store given initial content)."""
    return ContentProblem(
        "badData",
        describe(f'Bad value provided for "{key}": {hint}'),
        {"key": key, "hint": hint},
        module=module,
        line=line,
    )


def store_creation_failed(store_schema_id: str, specific: ContentProblem) -> ContentProblem:
    """A store of the revision refuses its initial content; ``specific`` says why."""
    return ContentProblem(
        "atmStoreCreationFailed",
        describe(
            "Failed to create an automation store "
            f'(schema ID: "{store_schema_id}"): {specific.description}'
        ),
        {"atmStoreSchemaId": store_schema_id, "specificError": specific},
        module="atm_workflow_execution_factory",
        line=320,
    )
