"""Deliberately broken mocks: the embedded mock with one disagreement with the spec each.

Each factory takes no arguments and returns an ASGI app serving the world the suite's
embedded mock serves (the default world with executions in every status), with the mock's
``backend`` at hand as the suite expects; ``CONTRACT_TEST_APP=tests.contract.broken:<factory>``
runs the contract suite against it (``test_teeth`` does, and expects the suite to fail).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from oneprovider_mock import World, create_app

from contract_tests.target import EMBEDDED_WORLD, OUTSIDER_USER, PEER_USER

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

REVISION = "atmWorkflowSchemaRevisionNumber"


def _mock() -> tuple[World, App]:
    world = World.named(EMBEDDED_WORLD)
    app: App = create_app(world)
    return world, app


def _with_backend(broken: App, app: App) -> App:
    # The suite reads the world's executions and puts them back through the backend.
    broken.backend = app.backend  # type: ignore[attr-defined]
    return broken


def _rewrite_response_start(app: App, change: Callable[[Message], Message]) -> App:
    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        async def changed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = change(message)
            await send(message)

        await app(scope, receive, changed)

    return _with_backend(broken, app)


def _token(world: World, name: str) -> bytes:
    (user,) = [user for user in world.users.values() if user.name == name]
    return user.tokens[0].encode()


def _as_owner(app: App, world: World, name: str, applies: Callable[[Scope], bool]) -> App:
    """Serve requests of the user ``name`` for which ``applies`` holds as the default user's."""
    theirs, owners = _token(world, name), world.default_token.encode()

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and applies(scope):
            scope = {
                **scope,
                "headers": [
                    (key, owners if key.lower() == b"x-auth-token" and value == theirs else value)
                    for key, value in scope["headers"]
                ],
            }
        await app(scope, receive, send)

    return _with_backend(broken, app)


def lets_any_member_change_an_execution() -> App:
    """Lets a member without the manage privilege cancel, pause... others' executions."""
    world, app = _mock()
    return _as_owner(app, world, PEER_USER, lambda scope: scope["method"] in ("POST", "DELETE"))


def shows_executions_to_anyone() -> App:
    """Shows an execution's details to a member without the view privilege."""
    world, app = _mock()
    return _as_owner(app, world, OUTSIDER_USER, lambda scope: scope["method"] == "GET")


def answers_200_instead_of_201() -> App:
    """Schedules as it should, but says 200 OK instead of 201 Created."""
    _, app = _mock()

    def change(message: Message) -> Message:
        return {**message, "status": 200} if message["status"] == 201 else message

    return _rewrite_response_start(app, change)


def puts_another_execution_in_location() -> App:
    """Answers 201 with a Location that names another execution than the body."""
    _, app = _mock()

    def change(message: Message) -> Message:
        headers = [
            (name, value.rsplit(b"/", 1)[0] + b"/someone-elses-execution")
            if name.lower() == b"location"
            else (name, value)
            for name, value in message.get("headers", [])
        ]
        return {**message, "headers": headers}

    return _rewrite_response_start(app, change)


def answers_not_found_with_403() -> App:
    """Sends the body of 404 notFound with the status 403."""
    _, app = _mock()

    def change(message: Message) -> Message:
        return {**message, "status": 403} if message["status"] == 404 else message

    return _rewrite_response_start(app, change)


def accepts_revision_zero() -> App:
    """Takes a revision number below 1 (``0``, ``-2``, ``"0"``) as the default revision."""
    world, app = _mock()

    async def broken(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await app(scope, receive, send)
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        try:
            request = json.loads(body)
        except ValueError:
            request = None
        if isinstance(request, dict) and _below_one(request.get(REVISION)):
            request[REVISION] = world.defaults.revision_number
            body = json.dumps(request).encode()
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await app(scope, replay, send)

    return _with_backend(broken, app)


def _below_one(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value < 1
    if isinstance(value, str):
        try:
            return int(value) < 1
        except ValueError:
            return False
    return False
