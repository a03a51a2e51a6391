"""Mix the ids that exist in the target's world into generated schedule requests.

Bodies generated from the spec alone name spaces and workflow schemas that do not exist,
so a provider answers them with 403 or 404 and never gets to create an execution or to
check store content. This module turns such a body, with high probability, into one that
names the target's space, workflow schema and revision, and gives the revision's stores
content that is valid, missing, ``null`` or arbitrary JSON, so the suite reaches the 201
path and the store checks (400 ``atmStoreCreationFailed``) as well as the sanitizing errors.

The mixing runs as a schemathesis ``flatmap_case`` hook in the fuzzing and stateful phases
(the examples and coverage phases send the spec's own values). It replaces ``case.body``,
so schemathesis re-validates the body against the schema and labels the case positive or
negative by what is actually sent.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from hypothesis import strategies as st
from schemathesis import Case, HookContext
from schemathesis.generation.meta import TestPhase

from contract_tests.executions import ExecutionPool
from contract_tests.target import Target

SCHEDULE_PATH = "/automation/execution/workflows"
OVERLAY = "storeInitialContentOverlay"

# Markers for "leave the generated value as it is", "leave the field out" and "the valid
# store content beside the generated keys".
_KEEP = object()
_DROP = object()
_BESIDE = object()
_MIXED_PHASES = frozenset({TestPhase.FUZZING, TestPhase.STATEFUL})
# Stateful scenarios take their path ids from the spec's links, so only fuzzing gets them.
_PATH_MIXED_PHASES = frozenset({TestPhase.FUZZING})

#: Any JSON value, small: what a store can be given when the tests want it to say no.
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 12) | st.floats(-2, 2) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def file_ids(content: object) -> Iterator[str]:
    """Every ``fileId`` named anywhere in ``content``."""
    if isinstance(content, Mapping):
        if isinstance(content.get("fileId"), str):
            yield content["fileId"]
        for value in content.values():
            yield from file_ids(value)
    elif isinstance(content, list):
        for item in content:
            yield from file_ids(item)


#: Of eight cases, how many get an id of the world (the others keep the generated value,
#: which names nothing and is answered 403 or 404).
WORLD_IDS_OF_EIGHT = 7


def _mostly(valid: list[Any]) -> st.SearchStrategy[Any]:
    """One of ``valid`` seven times out of eight, else the generated value."""
    return _mostly_of(tuple(valid))


# Strategies are built once per set of values, not once per case: hypothesis validates
# every new strategy it draws from, which cost more than the drawing.
@functools.cache
def _mostly_of(valid: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    weighted = [value for value in valid for _ in range(WORLD_IDS_OF_EIGHT)]
    return st.sampled_from([*weighted, *[_KEEP] * (8 - WORLD_IDS_OF_EIGHT) * len(valid)])


def store_content(valid: Any, known_files: list[str]) -> st.SearchStrategy[Any]:
    """Content for one store: valid, ``null`` (the default), file-shaped or any JSON."""
    files: st.SearchStrategy[Any] = (
        st.sampled_from(known_files) if known_files else st.text(min_size=1, max_size=12)
    )
    file_ref = st.builds(lambda file_id: {"fileId": file_id}, files | st.text(max_size=12))
    return st.one_of(
        st.just(valid),
        st.none(),
        file_ref,
        st.lists(file_ref, max_size=3),
        json_values,
    )


def overlays(target: Target) -> st.SearchStrategy[Any]:
    """A ``storeInitialContentOverlay`` for the target's revision (or a marker)."""
    valid = dict(target.store_initial_content)
    if not valid:
        return st.sampled_from([_KEEP, _DROP])
    known_files = sorted(set(file_ids(valid)))
    per_store = st.fixed_dictionaries(
        {store: store_content(content, known_files) for store, content in valid.items()}
    )
    # _BESIDE: keys that name no store are ignored by a provider, so valid content stays
    # valid next to the generated (random) keys.
    return st.one_of(st.just(valid), st.just(_BESIDE), per_store, st.sampled_from([_KEEP, _DROP]))


def mixed_bodies(target: Target, body: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``body`` with, field by field, the target's ids often put in place of generated ones."""
    valid_overlay = dict(target.store_initial_content)

    def apply(fields: dict[str, Any]) -> dict[str, Any]:
        mixed = dict(body)
        for name, value in fields.items():
            if value is _BESIDE:
                generated = body.get(name)
                mixed[name] = (
                    {**generated, **valid_overlay}
                    if isinstance(generated, Mapping)
                    else valid_overlay
                )
            elif value is _DROP:
                mixed.pop(name, None)
            elif value is not _KEEP:
                mixed[name] = value
        return mixed

    return _body_choices(_TargetKey.of(target), target).map(apply)


@dataclasses.dataclass(frozen=True)
class _TargetKey:
    """What of a target the body choices depend on, hashable."""

    space_id: str
    workflow_schema_ids: tuple[str, ...]
    revision: Any
    store_initial_content: str

    @classmethod
    def of(cls, target: Target) -> _TargetKey:
        return cls(
            target.space_id,
            (target.workflow_schema_id, *target.other_workflow_schema_ids),
            target.revision,
            json.dumps(target.store_initial_content, sort_keys=True, default=repr),
        )


_BODY_CHOICES: dict[_TargetKey, st.SearchStrategy[dict[str, Any]]] = {}


def _body_choices(key: _TargetKey, target: Target) -> st.SearchStrategy[dict[str, Any]]:
    if key not in _BODY_CHOICES:
        _BODY_CHOICES[key] = _new_body_choices(target)
    return _BODY_CHOICES[key]


def _new_body_choices(target: Target) -> st.SearchStrategy[dict[str, Any]]:
    revision = target.revision
    return st.fixed_dictionaries(
        {
            "spaceId": _mostly([target.space_id]),
            # The target's workflow twice as often as each other one.
            "atmWorkflowSchemaId": _mostly(
                [*[target.workflow_schema_id] * 2, *target.other_workflow_schema_ids]
            ),
            # Every spelling a provider accepts: a JSON integer or a numeric string.
            "atmWorkflowSchemaRevisionNumber": _mostly(
                [revision, str(revision), f"+{revision}", f"0{revision}"]
            ),
            OVERLAY: overlays(target),
        }
    )


#: Path parameters that name something of the world, and where the pool keeps ids for them.
_PATH_IDS: Mapping[str, Callable[[Target, ExecutionPool], list[str]]] = {
    "wid": lambda target, pool: pool.execution_ids,
    "store_id": lambda target, pool: pool.audit_log_store_ids + pool.other_store_ids,
    "sid": lambda target, pool: [target.space_id],
}


def mixed_path(
    target: Target, pool: ExecutionPool, path: Mapping[str, Any]
) -> st.SearchStrategy[dict[str, Any]] | None:
    """``path`` with, parameter by parameter, ids of the world put in place of generated ones."""
    choices = {
        name: _mostly(ids)
        for name, ids_of in _PATH_IDS.items()
        if name in path and (ids := ids_of(target, pool))
    }
    if not choices:
        return None

    def apply(fields: dict[str, Any]) -> dict[str, Any]:
        return {**path, **{k: v for k, v in fields.items() if v is not _KEEP}}

    return st.fixed_dictionaries(choices).map(apply)


def mix_world_ids(
    target: Target, pool: ExecutionPool | None = None
) -> Callable[[HookContext, Case[Any]], st.SearchStrategy[Case[Any]]]:
    """A ``flatmap_case`` hook that mixes the target's ids into requests.

    Schedule bodies get the target's space, schema, revision and store content; the path
    parameters of the other operations get ids of the pool's executions and stores, and
    the target's space.
    """

    def hook(context: HookContext, case: Case[Any]) -> st.SearchStrategy[Case[Any]]:
        meta = case.meta
        if pool is not None and meta is not None and meta.phase.name in _PATH_MIXED_PHASES:
            paths = mixed_path(target, pool, case.path_parameters or {})
            if paths is not None:

                def with_path(path: dict[str, Any]) -> Case[Any]:
                    # Assigned, not edited: schemathesis re-validates what is really sent.
                    case.path_parameters = path
                    return case

                return paths.map(with_path)
        if (
            case.operation.path != SCHEDULE_PATH
            or case.method.upper() != "POST"
            or meta is None
            or meta.phase.name not in _MIXED_PHASES
            or not isinstance(case.body, Mapping)
        ):
            return st.just(case)
        original = dict(case.body)

        def with_body(body: dict[str, Any]) -> Case[Any]:
            # Assigning the body (not editing it in place) makes schemathesis re-validate
            # it, so the case is judged positive or negative by what is really sent.
            case.body = body
            return case

        return mixed_bodies(target, original).map(with_body)

    return hook
