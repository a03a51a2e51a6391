"""The README's wrapper sections hold what the code does: tables checked, examples run."""

from __future__ import annotations

import inspect
import json
import re
import shlex
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import oneprovider_automation
import pytest
from oneprovider_automation import (
    ApiStatusError,
    ExecutionStatus,
    OneproviderError,
)
from oneprovider_automation._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
    INITIAL_RETRY_DELAY,
    MAX_POLL_INTERVAL,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    POLL_BACKOFF,
    RETRY_JITTER,
)
from oneprovider_automation._exceptions import _CLASS_BY_STATUS, make_status_error
from oneprovider_automation._models import execution_from_json
from oneprovider_automation._retries import (
    OPERATIONS,
    Settlement,
    _should_retry,
    settle_refusal,
    state_confirms,
)
from oneprovider_automation._secrets import Secret
from oneprovider_automation.cli._input import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROVIDER_ERROR
from oneprovider_mock import World
from oneprovider_mock.pytest_plugin import MockProviderFactory

from tests import seed

from . import test_wait_all
from .router import details

README = Path(__file__).resolve().parents[2] / "README.md"
REQUEST = httpx.Request("GET", "https://provider.test/x")


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def _tables(section: str) -> list[list[list[str]]]:
    """Each markdown table of ``section`` as rows of cells (header and rule dropped)."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current[2:])
            current = []
    return tables


def _code_blocks(section: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)]


# --- retries ----------------------------------------------------------------------


def _error(cls: type[httpx.TransportError]) -> dict[str, Any]:
    return {"error": cls("x", request=REQUEST)}


def _status(code: int, **headers: str) -> dict[str, Any]:
    return {"response": httpx.Response(code, headers=headers, request=REQUEST)}


LONG_WAIT = str(int(MAX_RETRY_AFTER) + 1)

#: For each row of the retry table, outcomes it stands for: (retries already made, outcome).
ROW_CASES: dict[str, list[tuple[int, dict[str, Any]]]] = {
    "connection refused, DNS or TLS failure, connect or pool timeout (the request never left)": [
        (0, _error(httpx.ConnectError)),
        (0, _error(httpx.ConnectTimeout)),
        (1, _error(httpx.PoolTimeout)),
    ],
    "read or write timeout, connection dropped after sending": [
        (0, _error(httpx.ReadTimeout)),
        (0, _error(httpx.WriteTimeout)),
        (1, _error(httpx.RemoteProtocolError)),
        (0, _error(httpx.ReadError)),
    ],
    "408, 429, 500 and any other 5xx": [
        (0, _status(code)) for code in (408, 429, 500, 502, 503, 504, 599)
    ]
    + [(0, _status(503, **{"Retry-After": str(int(MAX_RETRY_AFTER))}))],
    f"408, 429 or 5xx with a `Retry-After` above {int(MAX_RETRY_AFTER)} s": [
        (0, _status(429, **{"Retry-After": LONG_WAIT})),
        (0, _status(503, **{"Retry-After": LONG_WAIT})),
    ],
    "any other status (400, 401, 403, 404, ...)": [
        (0, _status(code)) for code in (301, 400, 401, 403, 404, 409)
    ],
    "`max_retries` retries already made": [
        (DEFAULT_MAX_RETRIES, _status(503)),
        (DEFAULT_MAX_RETRIES, _error(httpx.ConnectError)),
    ],
}

#: The columns: whether the request may be repeated.
COLUMNS = {
    "`get`, `list`, `audit_log`, `wait`": True,
    "`cancel`, `pause`, `resume`, `force_continue`, `delete`": True,
    "`schedule`, `rerun`, `retry`": False,
    "`schedule`, `unsafe_retries=True`": True,
}


def test_the_retry_table_is_what_should_retry_decides() -> None:
    retries, _actions, _settings = _tables(_section("Retries and timeouts"))
    assert [row[0] for row in retries] == list(ROW_CASES)
    header = README.read_text().split("| what happened to an attempt |")[1].split("\n")[0]
    assert [c.strip() for c in header.strip().strip("|").split("|")] == list(COLUMNS)
    named = [
        name for column in COLUMNS for name in re.findall(r"`([a-z_]+)`", column.split(",  ")[0])
    ]
    assert set(named) - {"wait", "unsafe_retries"} == set(OPERATIONS)
    for column, repeatable in COLUMNS.items():
        if "unsafe_retries" in column:
            continue
        for name in re.findall(r"`([a-z_]+)`", column):
            if name != "wait":
                assert OPERATIONS[name].repeatable is repeatable, name
    for row in retries:
        for cell, repeatable in zip(row[1:], COLUMNS.values(), strict=True):
            assert cell in ("retried", "not retried"), cell
            for done, outcome in ROW_CASES[row[0]]:
                decision = _should_retry(
                    repeatable=repeatable,
                    retries_done=done,
                    max_retries=DEFAULT_MAX_RETRIES,
                    **outcome,
                )
                assert decision.retry is (cell == "retried"), (row[0], repeatable, outcome)


def _refused(operation: str, status: int, id: str) -> ApiStatusError:
    response = httpx.Response(status, request=REQUEST)
    return make_status_error(
        response, id=id, description="d", details={}, ctx=None, secret=Secret("t")
    )


def test_the_actions_table_is_what_settle_refusal_decides() -> None:
    _retries, actions, _settings = _tables(_section("Retries and timeouts"))
    covered: list[str] = []
    for operations, refusals, then, done_when in actions:
        names = re.findall(r"`([a-z_]+)`", operations)
        covered += names
        for name in names:
            rule = OPERATIONS[name]
            if rule.verified_by_runs:
                assert not rule.repeatable
                assert "not sent again" in refusals
                assert "`OutcomeUnknownError`" in done_when
                continue
            ids = re.findall(r"`([a-zA-Z]+)`", refusals)
            assert {id for _status, id in rule.checked_refusals} == set(ids), name
            for status, id in rule.checked_refusals:
                error = _refused(name, status, id)
                first = settle_refusal(name, error, earlier_attempt_unknown=False)
                assert first is Settlement.RAISE, name
                retried = settle_refusal(name, error, earlier_attempt_unknown=True)
                expected = Settlement.SUCCEED if then == "nothing" else Settlement.CHECK_STATE
                assert retried is expected, name
            other = _refused(name, 400, "atmWorkflowExecutionNotStopped")
            assert settle_refusal(name, other, earlier_attempt_unknown=True) is Settlement.RAISE
            if then == "nothing":
                assert rule.gone_confirms
                assert done_when == "always"
                continue
            confirming = re.findall(r"`?([a-z]+)`?", done_when)
            for each in ExecutionStatus:
                execution = execution_from_json(details(status=each.value))
                shown = each.value in confirming or execution.phase.value in confirming
                assert state_confirms(name, execution) is shown, (name, each)
    assert sorted(covered) == sorted(
        name for name, rule in OPERATIONS.items() if rule.checked_refusals or rule.verified_by_runs
    )


def test_the_settings_table_holds_the_defaults() -> None:
    _retries, _actions, settings = _tables(_section("Retries and timeouts"))
    expected = {
        "timeout of each request": [DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.connect],
        "retries after the first attempt": [DEFAULT_MAX_RETRIES],
        "delay before the first retry": [INITIAL_RETRY_DELAY],
        "longest delay between attempts": [MAX_RETRY_DELAY],
        "jitter": [RETRY_JITTER * 100],
        "longest `Retry-After` waited out": [MAX_RETRY_AFTER],
        "`wait()` gives up after": [DEFAULT_WAIT_TIMEOUT],
        "`wait()` first poll interval": [DEFAULT_POLL_INTERVAL, POLL_BACKOFF],
        "`wait()` longest poll interval": [MAX_POLL_INTERVAL],
    }
    assert [row[0] for row in settings] == list(expected)
    for name, default, _where in settings:
        assert _numbers(default) == expected[name], name
    assert DEFAULT_TIMEOUT.read == DEFAULT_TIMEOUT.write == DEFAULT_TIMEOUT.pool


# --- errors -----------------------------------------------------------------------


def test_the_errors_table_lists_every_exception_with_its_status() -> None:
    (rows,) = _tables(_section("Errors"))
    named = {row[0].strip("`"): row for row in rows}
    carried: list[str] = []
    exported = {
        name
        for name in oneprovider_automation.__all__
        if isinstance(getattr(oneprovider_automation, name), type)
        and issubclass(getattr(oneprovider_automation, name), OneproviderError)
    }
    assert set(named) == exported - {"OneproviderError"}
    for name, row in named.items():
        cls = getattr(oneprovider_automation, name)
        ids = re.match(r"((?:`[a-zA-Z]+`(?:, )?)+) \(400\):", row[1])
        if ids:
            for id in re.findall(r"`([a-zA-Z]+)`", ids.group(1)):
                assert type(_refused("x", 400, id)) is cls, (name, id)
        status = re.match(r"(\d{3}):", row[1])
        if status:
            code = int(status.group(1))
            expected = _CLASS_BY_STATUS.get(code) or oneprovider_automation.InternalServerError
            assert expected is cls, name
            assert issubclass(cls, ApiStatusError)
        extra: list[str] = []
        if row[2].startswith("the same, and "):
            extra = re.findall(r"`([a-z_]+)`", row[2])
        elif row[2] != "the same":
            carried = re.findall(r"`([a-z_]+)`", row[2])
        sources = "".join(
            inspect.getsource(base) for base in cls.__mro__ if issubclass(base, OneproviderError)
        )
        for attribute in [*carried, *extra]:
            assert f"self.{attribute} =" in sources or f"def {attribute}(" in sources, (
                name,
                attribute,
            )


# --- the CLI ----------------------------------------------------------------------


def test_the_exit_code_table() -> None:
    rows = _tables(_section("The CLI"))[-1]
    # A batch stopped by a signal exits 128 + its number.
    stopped = [128 + signal.SIGINT, 128 + signal.SIGTERM]
    assert [int(row[0]) for row in rows] == [EXIT_OK, EXIT_PROVIDER_ERROR, EXIT_BAD_INPUT, *stopped]


# --- the quickstart runs ------------------------------------------------------------


def _run_as_written(example: str) -> None:
    """Run a README example in a fresh namespace: it defines every name it uses."""
    exec(compile(example, "README.md", "exec"), {"__name__": "__readme__"})


def test_the_quickstart_runs_against_the_mock(
    oneprovider_mock_factory: MockProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Both scheduling examples, as written, against the mock's default world."""
    provider = oneprovider_mock_factory(phase_seconds=0)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
    sync_example, async_example, _managing = _code_blocks(_section("Quickstart"), "python")
    _run_as_written(sync_example)
    printed = capsys.readouterr().out.splitlines()
    execution_id, url = printed[0].split()
    assert url.endswith(f"/oneprovider/automation/execution/workflows/{execution_id}")
    assert printed[1].startswith("finished ")
    assert printed[1].endswith("+00:00")

    _run_as_written(async_example)
    assert capsys.readouterr().out.splitlines() == ["finished"]
    assert len(provider.world.executions) == 2
    first, second = (e.store_initial_content for e in provider.world.executions.values())
    assert first == second
    assert seed.request_body()["storeInitialContentOverlay"].items() <= first.items()


def test_the_cli_examples_parse(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each command of the CLI examples is accepted (dry run: nothing is sent).

    Every command of the CLI is shown, and a ``# curl`` line after a dry run
    is what that dry run prints (``...`` standing for an id).
    """
    from oneprovider_automation.cli._main import cli, main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ONEPROVIDER_HOST", "provider.example.com")
    (tmp_path / "input-files.json").write_text('[{"fileId": "f"}]')
    (tmp_path / "requests.jsonl").write_text(json.dumps(seed.request_body()) + "\n")
    variables = {
        "SPACE_ID": seed.SPACE_ID,
        "ATM_WORKFLOW_SCHEMA_ID": seed.ATM_WORKFLOW_SCHEMA_ID,
        "FILE_ID": "f",
        "EXECUTION_ID": "e1",
        "STORE_ID": "s1",
    }
    blocks = _code_blocks(_section("The CLI"), "sh")
    assert len(blocks) == 2
    shown: set[str] = set()
    printed = ""
    ran = 0
    for line in re.sub(r"\\\n\s*", "", "\n".join(blocks)).splitlines():
        if line.startswith("# curl"):
            pattern = ".*".join(re.escape(part) for part in line[2:].split("..."))
            assert re.fullmatch(pattern, printed.strip()), (line, printed)
            continue
        line = line.split(" | ")[0].strip()
        if not line.startswith("oneprovider-automation"):
            continue
        for name, value in variables.items():
            line = line.replace(f'"${name}"', value).replace(f"${name}", value)
        argv = shlex.split(line, comments=True)[1:]
        shown.add(next(arg for arg in argv if not arg.startswith("-")))
        if "--dry-run" not in argv:
            argv = ["--dry-run", *argv]
        capsys.readouterr()
        assert main(argv) == 0, line
        printed = capsys.readouterr().out
        ran += 1
    # check sends nothing; its section (test_readme_workflow_schema.py) shows it.
    assert shown | {"check"} == set(cli.commands)
    assert ran == 29


RUNNING = "03eeeeeeeeeeeeeeeeeeeeeeeeeeeeeech0000"
FAILED = "09eeeeeeeeeeeeeeeeeeeeeeeeeeeeeech0000"


class _QuickClock:
    """``time`` for the client: real monotonic time, and polls 10 ms apart."""

    monotonic = staticmethod(time.monotonic)

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(min(seconds, 0.01))


def test_the_managing_example_runs_against_the_mock(
    oneprovider_mock_factory: MockProviderFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    world = World.named("executions-in-every-state")
    provider = oneprovider_mock_factory(world, phase_seconds=None)
    monkeypatch.setenv("ONEPROVIDER_HOST", provider.url)
    monkeypatch.setenv("ONEPROVIDER_API_KEY", provider.token)
    monkeypatch.setattr(oneprovider_automation._client, "time", _QuickClock)
    monkeypatch.chdir(tmp_path)
    *_, example = _code_blocks(_section("Quickstart"), "python")
    _run_as_written(example)
    printed = capsys.readouterr().out.splitlines()
    suspended = [line for line in printed if line.endswith("ch0000")]
    assert len(suspended) == 3
    assert "paused suspended" in printed
    assert "cancelled" in printed
    assert any(
        line.endswith("notice [Lane: 1, Run: 1] Scheduled manual retry.") for line in printed
    )
    (saved,) = (tmp_path / "logs").iterdir()
    assert saved.name.startswith("09eeeeeeeeee.audit_log.WORKFLOW-SYSTEM-AUDIT-LOG.")
    assert printed[-1] == repr({RUNNING: "cancelled", FAILED: "finished"})
    deleted = provider.world.executions.get(RUNNING)
    assert deleted is not None
    assert deleted.deleted


def test_the_wait_all_numbers_are_the_measured_ones() -> None:
    section = _section("Quickstart")
    sentence = re.search(r"Counted by a test, (.*?)\.\n\n", section, re.DOTALL)
    assert sentence
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", sentence.group(1))]
    assert numbers == [
        test_wait_all.EXECUTIONS,
        test_wait_all.POLLS,
        test_wait_all.HISTORY,
        test_wait_all.WAIT_ALL_REQUESTS,
        test_wait_all.ONE_GET_PER_POLL_REQUESTS,
    ]
