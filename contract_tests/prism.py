"""Prism (``@stoplight/prism-cli``, pinned in ``package.json``), started and stopped for a test.

Prism is an implementation of the spec that this project did not write: ``prism mock``
answers from the spec's examples and schemas, ``prism proxy --errors`` forwards to a real
server and reports every request or response that breaks the spec. Both are served on
127.0.0.1, on a free port, with the spec's paths mounted under ``/api/v3/oneprovider`` as
on a provider (Prism itself routes by the ``paths`` alone), so clients are pointed at it
exactly as at a provider.
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from contract_tests.processes import ServerError, running, wait_for
from contract_tests.schema import ROOT, SPEC_PATH
from contract_tests.target import API_PATH

PRISM = ROOT / "node_modules" / ".bin" / "prism"

#: How long Prism may take to start listening (it is a Node program, cold on CI).
START_TIMEOUT = 60.0


class PrismError(ServerError):
    """Raised when Prism is not installed, does not start in time, or exits early."""


def mounted_spec() -> dict[str, Any]:
    """The spec with each path under ``/api/v3/oneprovider``, as a provider serves it."""
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(spec, dict)
    spec["paths"] = {API_PATH + path: item for path, item in spec["paths"].items()}
    return spec


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _listening(log: Path, port: int) -> bool | None:
    # Prism's own word, rather than "something answers on the port": between picking a
    # free port and Prism binding it, another program may have taken it.
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return True if f"Prism is listening on http://127.0.0.1:{port}" in text else None


#: Tries to start Prism, each on a fresh free port (one may be taken in between).
START_ATTEMPTS = 3


@contextlib.contextmanager
def run_prism(
    command: str, workdir: Path, *, upstream: str | None = None, errors: bool = False
) -> Iterator[str]:
    """Serve ``prism <command>`` (``mock`` or ``proxy``) on 127.0.0.1; yield its API base URL.

    ``workdir`` holds the mounted spec and Prism's log (``prism.log``). ``upstream`` is the
    server a proxy forwards to (its address, without the API path). Prism is always
    stopped on the way out. Raises :class:`PrismError` if it cannot be started.
    """
    if not PRISM.exists():
        raise PrismError(f"{PRISM} is missing; run `make node-tools`")
    spec_file = workdir / "oneprovider-automation.mounted.json"
    spec_file.write_text(json.dumps(mounted_spec()), encoding="utf-8")
    log = workdir / "prism.log"
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        args = [str(PRISM), command, str(spec_file)]
        if upstream is not None:
            args.append(upstream)
        args += ["--host", "127.0.0.1", "--port", str(port)]
        if errors:
            args.append("--errors")
        with running(args, log, cwd=ROOT) as process:
            try:
                wait_for(
                    functools.partial(_listening, log, port),
                    process,
                    log,
                    timeout=START_TIMEOUT,
                    what="Prism",
                )
            except ServerError as err:
                if process.poll() is None or attempt == START_ATTEMPTS:
                    raise PrismError(str(err)) from err
                continue  # it exited, most likely because the port was taken: try another
            yield f"http://127.0.0.1:{port}{API_PATH}"
            return


def violations(headers: Mapping[str, str]) -> list[dict[str, Any]]:
    """The spec violations Prism reported for an exchange (its ``sl-violations`` header)."""
    raw = headers.get("sl-violations")
    if not raw:
        return []
    parsed = json.loads(raw)
    return parsed if isinstance(parsed, list) else [parsed]
