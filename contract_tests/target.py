"""Which server the contract tests run against, and which ids are valid in its world.

With ``ONEPROVIDER_HOST`` and ``ONEPROVIDER_API_KEY`` set (the variables Onedata's own
``oneprovider-rest-cli`` reads), the target is that provider, over the network; the ids the
tests may use there come from ``ONEPROVIDER_TEST_SPACE_ID``,
``ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID`` and ``ONEPROVIDER_TEST_REVISION`` (and, optionally,
``ONEPROVIDER_TEST_STORE_INITIAL_CONTENT``, a JSON object that revision accepts as
``storeInitialContentOverlay``). Without them the target is the embedded mock, in-process,
with its default world and executions in every status (:mod:`contract_tests.executions`).

Against a live provider the suite creates executions and cleans them up at the end
(cancels and deletes them); ``ONEPROVIDER_TEST_READ_ONLY=1`` sends only reads (get, list,
the audit-log dump) of executions that are already there, and schedules nothing.
``ONEPROVIDER_TEST_PEER_API_KEY`` is a token of a second user of the space who is not the
first and lacks ``space_manage_atm_workflow_executions``: every operation that changes an
execution of the first user must be 403 for them. ``ONEPROVIDER_TEST_OUTSIDER_API_KEY`` is
a token of a user without ``space_view_atm_workflow_executions``: schemathesis's
``object_level_authorization`` replays the first user's reads as them, and they must not
get the first user's executions.

``CONTRACT_TEST_WORKFLOW_SCHEMA=FILE`` (several joined by ``:``) serves these
workflow-schema dumps (Onezone's "Download JSON") in the embedded mock's world, and the
suite schedules the first one: its schema id, revision and the example content the mock
builds for its required stores (``oneprovider_mock.world._served_schemas``).

``CONTRACT_TEST_APP=module:factory`` replaces the embedded mock with another ASGI app (the
factory is called with no arguments); the tests that prove the suite fails against a broken
mock use it.
"""

from __future__ import annotations

import copy
import importlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

#: Where the API lives under a provider's address.
API_PATH = "/api/v3/oneprovider"

#: Ids of the embedded mock's default world: the spec's examples and the seed page use them.
DEFAULT_SPACE_ID = "4d3e35e5bbd4a0a4f3a1d7a04b5d6e02ch8f4c"
DEFAULT_WORKFLOW_SCHEMA_ID = "5f29b45b5ea0fb2e6c0f1a8f9cde7a1cchb2a4"
DEFAULT_REVISION = 3
#: Files of the default world's space that the seed's initial content names.
DEFAULT_FILE_IDS = (
    "0000000000523261677569642330376134636136616638613431366334386338343366356338643562323662",
    "000000000052A6E0677569642334653938663463616538386232366437366539636462393634633031653733",
)
#: Initial content that revision 3 of the default world's schema accepts (the seed's).
DEFAULT_STORE_INITIAL_CONTENT: Mapping[str, Any] = {
    "de6d2e524459dd235f80aa8652a68879b5dbe9": [{"fileId": DEFAULT_FILE_IDS[0]}],
    "83cf895501eb11f9bc71e4b2b41a252e8561b5": {"fileId": DEFAULT_FILE_IDS[1]},
}

#: The header the token travels in: the one Onedata's own tools use.
TOKEN_HEADER = "X-Auth-Token"

#: The embedded mock's world: the default world's users, space and schemas, plus
#: executions in every status.
EMBEDDED_WORLD = "executions-in-every-state"
#: A workflow of that world whose executions fail in their first lane at once (its lane
#: runs may then be retried, rerun, continued past).
FAILING_WORKFLOW_SCHEMA_ID = "60d94924dda6e8a922132ba68b80734echaa17"
#: How long an execution of the embedded mock waits for its next step: longer than any run.
WAITING_SECONDS = 1e6
#: The second identity in that world: a member of the space with the privileges to view
#: and schedule, not to manage, who created none of its executions.
PEER_USER = "carol"
#: The third identity there: a member of the space who may schedule but not view.
OUTSIDER_USER = "dave"

#: The host schemathesis puts in requests to an in-process app.
IN_PROCESS_HOST = "testserver"

ENV_HOST = "ONEPROVIDER_HOST"
ENV_API_KEY = "ONEPROVIDER_API_KEY"
ENV_SPACE_ID = "ONEPROVIDER_TEST_SPACE_ID"
ENV_WORKFLOW_SCHEMA_ID = "ONEPROVIDER_TEST_WORKFLOW_SCHEMA_ID"
ENV_REVISION = "ONEPROVIDER_TEST_REVISION"
ENV_STORE_INITIAL_CONTENT = "ONEPROVIDER_TEST_STORE_INITIAL_CONTENT"
ENV_APP = "CONTRACT_TEST_APP"
ENV_WORKFLOW_SCHEMA = "CONTRACT_TEST_WORKFLOW_SCHEMA"
ENV_READ_ONLY = "ONEPROVIDER_TEST_READ_ONLY"
ENV_PEER_API_KEY = "ONEPROVIDER_TEST_PEER_API_KEY"
ENV_OUTSIDER_API_KEY = "ONEPROVIDER_TEST_OUTSIDER_API_KEY"


class TargetError(ValueError):
    """Raised when the environment names a target incompletely or wrongly."""


@dataclass(frozen=True)
class Target:
    """A server under test and the ids of its world that the tests may use."""

    #: How the summary line names it, e.g. ``embedded mock (in-process)``.
    name: str
    #: The API's base URL, ending in ``/api/v3/oneprovider``.
    api_url: str
    #: The access token; kept out of ``repr`` so it never reaches a log.
    token: str = field(repr=False)
    space_id: str
    workflow_schema_id: str
    revision: int
    #: Initial content the revision accepts (store schema id -> content); empty if unknown.
    store_initial_content: Mapping[str, Any]
    #: The ASGI app called in-process, or ``None`` for a target reached over the network.
    app: Any = None
    #: A second user's token: someone else's executions are 403 for them (see module doc).
    peer_token: str | None = field(default=None, repr=False)
    #: A user's token who may not view executions: the reads of others' are 403 for them.
    outsider_token: str | None = field(default=None, repr=False)
    #: Send only reads of what exists; create, change and delete nothing.
    read_only: bool = False
    #: Other workflow schemas of the space (same revision number) to schedule now and then.
    other_workflow_schema_ids: tuple[str, ...] = ()

    @property
    def is_live(self) -> bool:
        """Whether requests go over the network (as opposed to an in-process app)."""
        return self.app is None


def normalize_host(host: str) -> str:
    """``scheme://host[:port]`` from ``ONEPROVIDER_HOST``, which may omit the scheme.

    A bare domain means HTTPS, as for a real provider; a trailing API path is dropped.
    """
    text = host.strip()
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise TargetError(
            f"{ENV_HOST} must be a host or an http(s) URL such as https://provider.example.com, "
            f"got {host!r}"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise TargetError(
            f"{name} must be set when {ENV_HOST} is: the contract tests need ids that exist "
            "on that provider (a space, a workflow schema and a revision of it)"
        )
    return value


def _revision(text: str) -> int:
    try:
        revision = int(text)
    except ValueError:
        revision = 0
    if revision < 1:
        raise TargetError(f"{ENV_REVISION} must be an integer >= 1, got {text!r}")
    return revision


def _store_initial_content(text: str | None) -> Mapping[str, Any]:
    if not text:
        return {}
    try:
        content = json.loads(text)
    except json.JSONDecodeError as err:
        raise TargetError(f"{ENV_STORE_INITIAL_CONTENT} must be a JSON object: {err}") from err
    if not isinstance(content, dict):
        raise TargetError(f"{ENV_STORE_INITIAL_CONTENT} must be a JSON object, got {text!r}")
    return content


def live_target(env: Mapping[str, str]) -> Target:
    """The provider named by ``ONEPROVIDER_HOST`` and friends in ``env``."""
    host = normalize_host(env[ENV_HOST])
    token = env.get(ENV_API_KEY, "")
    if not token:
        raise TargetError(f"{ENV_API_KEY} must be set when {ENV_HOST} is (an access token)")
    return Target(
        name=f"live provider {host}",
        api_url=host + API_PATH,
        token=token,
        space_id=_required(env, ENV_SPACE_ID),
        workflow_schema_id=_required(env, ENV_WORKFLOW_SCHEMA_ID),
        revision=_revision(_required(env, ENV_REVISION)),
        store_initial_content=_store_initial_content(env.get(ENV_STORE_INITIAL_CONTENT)),
        peer_token=env.get(ENV_PEER_API_KEY, "").strip() or None,
        outsider_token=env.get(ENV_OUTSIDER_API_KEY, "").strip() or None,
        read_only=_flag(env, ENV_READ_ONLY),
    )


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise TargetError(f"{name} must be 1 or 0 (true or false), got {env[name]!r}")


def load_app_factory(spec: str) -> Any:
    """The ASGI app made by the ``module:factory`` named in ``spec``."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise TargetError(f"{ENV_APP} must look like 'package.module:factory', got {spec!r}")
    factory = getattr(importlib.import_module(module_name), attribute)
    return factory()


def embedded_target(
    app_factory: str | None = None, workflow_schemas: tuple[str, ...] = ()
) -> Target:
    """The embedded mock with a fresh :data:`EMBEDDED_WORLD` (or the app ``app_factory`` names).

    The ids and the tokens are those of the mock's default world, which that world extends
    with executions; an app named by ``app_factory`` is expected to serve that world too,
    with the mock's ``backend`` as an attribute. ``workflow_schemas`` are dumps served in
    it too, the first one scheduled by the suite.
    """
    from oneprovider_mock import World, WorldError, create_app

    world = World.named(EMBEDDED_WORLD)
    served = []
    for path in workflow_schemas:
        try:
            served.append(world.serve_workflow_schema(path))
        except WorldError as err:
            raise TargetError(f"{ENV_WORKFLOW_SCHEMA}: {err}") from err
    world = paced(world)
    defaults = world.defaults
    users = {user.name: user for user in world.users.values() if user.tokens}
    if app_factory:
        app = load_app_factory(app_factory)
        name = f"in-process app {app_factory}"
    else:
        app = create_app(world)
        name = "embedded mock (in-process)"
    if served:
        name += ", scheduling workflow schema " + repr(served[0].name)
    is_seed_world = (defaults.space_id, defaults.atm_workflow_schema_id) == (
        DEFAULT_SPACE_ID,
        DEFAULT_WORKFLOW_SCHEMA_ID,
    )
    return Target(
        name=name,
        api_url=f"http://{IN_PROCESS_HOST}{API_PATH}",
        token=world.default_token,
        space_id=defaults.space_id,
        workflow_schema_id=defaults.atm_workflow_schema_id,
        revision=defaults.revision_number,
        store_initial_content=(
            DEFAULT_STORE_INITIAL_CONTENT
            if is_seed_world
            else copy.deepcopy(defaults.store_initial_content_overlay)
        ),
        app=app,
        peer_token=users[PEER_USER].tokens[0] if PEER_USER in users else None,
        outsider_token=users[OUTSIDER_USER].tokens[0] if OUTSIDER_USER in users else None,
        other_workflow_schema_ids=(FAILING_WORKFLOW_SCHEMA_ID,),
    )


def paced(world: Any) -> Any:
    """``world`` set to the pace of the suite's scenarios, changed in place and returned.

    An execution waits (scheduled, resuming, active) until someone acts on it, and then
    stops at once, so a scenario sees schedule, pause, resume, cancel, delete through;
    the failing workflow fails in its first lane at once, so a scenario sees fail, retry,
    rerun, force_continue through. The executions the world starts with keep their status
    until acted on, and then go at the same pace.
    """
    world.phase_seconds, world.stop_seconds = WAITING_SECONDS, 0.0
    failing = world.workflow_schemas[FAILING_WORKFLOW_SCHEMA_ID].revisions[DEFAULT_REVISION]
    failing.phase_seconds, failing.outcome_lane = 0.0, 1
    for execution in world.executions.values():
        execution.phase_seconds, execution.stop_seconds = WAITING_SECONDS, 0.0
    return world


def target_from_env(env: Mapping[str, str] | None = None) -> Target:
    """The target the environment chooses: a live provider if ``ONEPROVIDER_HOST`` is set."""
    env = os.environ if env is None else env
    if env.get(ENV_HOST, "").strip():
        return live_target(env)
    dumps = tuple(p for p in env.get(ENV_WORKFLOW_SCHEMA, "").split(os.pathsep) if p.strip())
    return embedded_target(env.get(ENV_APP) or None, dumps)
