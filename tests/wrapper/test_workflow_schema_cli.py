"""``check``, ``schedule`` and ``batch`` with ``--workflow-schema``: content checked before sending.

``check`` needs no provider: exit 0 with the overlay by store id and what is
left to the provider, 1 for content a provider would refuse (the refusal as
JSON), 2 for bad usage (a dump that cannot be read, an unknown store, bad
JSON). ``schedule`` and ``batch`` refuse the same content before anything is
sent; requests are counted on every httpx client the command makes.
"""

from __future__ import annotations

import copy
import json
import shlex
from pathlib import Path
from typing import Any

import httpx
import pytest
from oneprovider_automation import WorkflowSchema
from oneprovider_automation.cli._main import main
from oneprovider_mock import MockProvider

from .workflow_examples import (
    BAD_ITEMS,
    OTHER_SPACE,
    SPACE,
    dump_params,
    dump_path,
    file_id,
    good_by_name,
    good_overlay,
    item_type,
)

DUMPS = dump_params()


def _sent_body(schema: WorkflowSchema) -> dict[str, Any]:
    """The request a good line or command sends: the dump's ids, every store by id."""
    return {
        "spaceId": SPACE,
        "atmWorkflowSchemaId": schema.id,
        "atmWorkflowSchemaRevisionNumber": schema.revision_number,
        "storeInitialContentOverlay": good_overlay(schema),
    }


TOKEN = "MDAxY2xvY2F0aW9uIHNlY3JldC10b2tlbi1mb3ItY2hlY2sK"


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ONEPROVIDER_HOST", "ONEPROVIDER_API_KEY", "ONEPROVIDER_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Request]:
    """Every request any httpx client of the command sends."""
    requests: list[httpx.Request] = []
    sync_send, async_send = httpx.Client.send, httpx.AsyncClient.send

    def send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        requests.append(request)
        return sync_send(self, request, **kwargs)

    async def asend(
        self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any
    ) -> httpx.Response:
        requests.append(request)
        return await async_send(self, request, **kwargs)

    monkeypatch.setattr(httpx.Client, "send", send)
    monkeypatch.setattr(httpx.AsyncClient, "send", asend)
    return requests


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _schema(path: Path) -> WorkflowSchema:
    return WorkflowSchema.from_file(dump_path(path))


def _store_options(tmp_path: Path, content: dict[str, Any]) -> list[str]:
    """``--store NAME=@FILE`` for each store, its content written to a file."""
    argv = []
    for n, (name, value) in enumerate(content.items()):
        file = tmp_path / f"store-{n}.json"
        file.write_text(json.dumps(value))
        argv += ["--store", f"{name}=@{file}"]
    return argv


@pytest.mark.parametrize("path", DUMPS)
def test_check_of_good_content_exits_0_with_the_overlay_by_id(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, sent: list[httpx.Request]
) -> None:
    schema = _schema(path)
    code, out, err = _run(
        capsys,
        "check",
        "--workflow-schema",
        path,
        *_store_options(tmp_path, good_by_name(schema)),
        "--space",
        SPACE,
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result == {
        "ok": True,
        "atmWorkflowSchemaId": schema.id,
        "atmWorkflowSchemaRevisionNumber": schema.revision_number,
        "storeInitialContentOverlay": good_overlay(schema),
        "leftToProvider": result["leftToProvider"],
    }
    files = [store for store in schema.stores if item_type(store) == "file"]
    assert len(result["leftToProvider"]) == len(files)
    assert all(f"file {file_id(1)} exists and is a" in line for line in result["leftToProvider"])
    assert sent == []


@pytest.mark.parametrize("path", DUMPS)
def test_check_takes_inline_json_and_store_ids(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = _schema(path)
    argv = [
        f"{store.id}={json.dumps(c)}"
        for store, c in zip(schema.stores, good_overlay(schema).values(), strict=True)
    ]
    code, out, err = _run(
        capsys, "check", "--workflow-schema", path, *(a for s in argv for a in ("--store", s))
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["storeInitialContentOverlay"] == good_overlay(schema)
    # No --space: the provider is left to check each file's space too.
    assert any("it must be the execution's" in line for line in result["leftToProvider"])


@pytest.mark.parametrize("path", DUMPS)
def test_check_of_a_bad_item_exits_1_with_the_providers_answer(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema = _schema(path)
    for store in schema.stores:
        bad = BAD_ITEMS[item_type(store)]
        content = {**good_by_name(schema), store.name: [bad]}
        code, out, err = _run(
            capsys, "check", "--workflow-schema", path, *_store_options(tmp_path, content)
        )
        assert code == 1, err
        result = json.loads(out)
        assert result["ok"] is False
        assert (result["store"], result["storeId"], result["path"]) == (
            store.name,
            store.id,
            "$[0]",
        )
        assert result["error"] == {
            "id": "atmDataTypeUnverified",
            "description": f"Provided value is not of expected type: {item_type(store)}.",
            "details": {"value": bad, "expType": item_type(store)},
        }
        assert result["providerError"]["id"] == "atmStoreCreationFailed"
        assert len(err.strip().splitlines()) == 1
        assert f"store {store.name!r}" in err
        assert "atmDataTypeUnverified" in err


@pytest.mark.parametrize("path", DUMPS)
def test_check_of_a_missing_required_store_exits_1(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema = _schema(path)
    for store in schema.stores:
        if not store.requires_initial_content:
            continue
        content = {k: v for k, v in good_by_name(schema).items() if k != store.name}
        code, out, err = _run(
            capsys, "check", "--workflow-schema", path, *_store_options(tmp_path, content)
        )
        assert code == 1, err
        result = json.loads(out)
        assert (result["store"], result["path"]) == (store.name, "$")
        assert result["error"]["id"] == "atmStoreMissingRequiredInitialContent"


@pytest.mark.parametrize("path", DUMPS)
def test_check_with_space_refuses_a_file_of_another_space(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema = _schema(path)
    store = next(store for store in schema.stores if item_type(store) == "file")
    content = {**good_by_name(schema), store.name: [{"fileId": file_id(9, OTHER_SPACE)}]}
    options = _store_options(tmp_path, content)
    code, out, _ = _run(capsys, "check", "--workflow-schema", path, *options, "--space", SPACE)
    assert code == 1
    error = json.loads(out)["error"]
    assert error["id"] == "atmDataValueConstraintUnverified"
    assert error["details"]["valueConstraints"] == {"inSpace": SPACE}
    code, _, _ = _run(capsys, "check", "--workflow-schema", path, *options, "--space", OTHER_SPACE)
    assert code == 0


@pytest.mark.parametrize("path", DUMPS)
def test_check_of_an_object_store_given_no_object_item(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = _schema(path)
    for store in schema.stores:
        if item_type(store) != "object":
            continue
        content = json.dumps({**good_by_name(schema), store.name: [[1, 2]]}[store.name])
        required = [
            f"{s.name}={json.dumps(good_by_name(schema)[s.name])}"
            for s in schema.stores
            if s.requires_initial_content
        ]
        argv = [a for s in required for a in ("--store", s)]
        code, out, _ = _run(
            capsys, "check", "--workflow-schema", path, *argv, "--store", f"{store.name}={content}"
        )
        assert code == 1
        assert json.loads(out)["error"]["details"] == {"value": [1, 2], "expType": "object"}


#: Fields removed from a copy of a dump, and the path the message must name.
REMOVED = [
    (
        ("revision", "atmWorkflowSchemaRevision", "_data", "stores", 0, "_data", "type"),
        "revision.atmWorkflowSchemaRevision._data.stores[0]._data.type",
    ),
    (
        ("revision", "atmWorkflowSchemaRevision", "_data", "stores", 1, "_data", "id"),
        "revision.atmWorkflowSchemaRevision._data.stores[1]._data.id",
    ),
    (("revision", "originalRevisionNumber"), "revision.originalRevisionNumber"),
    (("originalAtmWorkflowSchemaId",), "originalAtmWorkflowSchemaId"),
]


@pytest.mark.parametrize("path", DUMPS)
@pytest.mark.parametrize(("steps", "field"), REMOVED, ids=[field for _, field in REMOVED])
def test_check_of_a_broken_dump_exits_2_naming_the_file_and_the_field(
    path: Path,
    steps: tuple[str | int, ...],
    field: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    data = json.loads(dump_path(path).read_text(encoding="utf-8"))
    broken = copy.deepcopy(data)
    parent: Any = broken
    for step in steps[:-1]:
        parent = parent[step]
    del parent[steps[-1]]
    file = tmp_path / f"broken-{path.name}"
    file.write_text(json.dumps(broken))
    code, out, err = _run(capsys, "check", "--workflow-schema", file, "--store", "x=[]")
    assert (code, out) == (2, "")
    assert str(file) in err
    assert f"{field}: expected" in err
    assert len(err.strip().splitlines()) == 1


def test_check_of_a_dump_that_is_not_there_or_not_json_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "check", "--workflow-schema", tmp_path / "none.json")
    assert code == 2
    assert "none.json: cannot read it" in err
    (tmp_path / "bad.json").write_text("{")
    code, _, err = _run(capsys, "check", "--workflow-schema", tmp_path / "bad.json")
    assert code == 2
    assert "bad.json: not JSON" in err
    code, _, err = _run(capsys, "check", "--store", "a=[]")
    assert code == 2
    assert "--workflow-schema" in err


@pytest.mark.parametrize("path", DUMPS)
def test_check_of_an_unknown_store_or_bad_json_exits_2(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = _schema(path)
    name = schema.stores[0].name
    code, out, err = _run(capsys, "check", "--workflow-schema", path, "--store", f"{name}s=[]")
    assert (code, out) == (2, "")
    assert f"no store {name + 's'!r}; did you mean {name!r}?" in err
    code, out, err = _run(capsys, "check", "--workflow-schema", path, "--store", f"{name}=[1,")
    assert (code, out) == (2, "")
    assert f"--store {name}: malformed JSON" in err


@pytest.mark.parametrize("path", DUMPS)
def test_schedule_dry_run_with_the_dump_sends_the_overlay_by_id_and_no_token(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, sent: list[httpx.Request]
) -> None:
    schema = _schema(path)
    code, out, err = _run(
        capsys,
        "--host",
        "provider.example.com",
        "--token",
        TOKEN,
        "schedule",
        "--dry-run",
        "--workflow-schema",
        path,
        "--space",
        SPACE,
        *_store_options(tmp_path, good_by_name(schema)),
    )
    assert code == 0, err
    words = shlex.split(out)
    assert words[0] == "curl"
    assert json.loads(words[words.index("-d") + 1]) == _sent_body(schema)
    assert TOKEN not in out + err
    assert sent == []


@pytest.mark.parametrize("path", DUMPS)
def test_schedule_of_refused_content_exits_1_and_sends_nothing(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    oneprovider_mock: MockProvider,
    sent: list[httpx.Request],
) -> None:
    schema = _schema(path)
    store = next(store for store in schema.stores if item_type(store) == "file")
    content = {**good_by_name(schema), store.name: ["not a file"]}
    argv: list[str | Path] = [
        "--host",
        oneprovider_mock.url,
        "--token",
        oneprovider_mock.token,
        "schedule",
        "--workflow-schema",
        path,
        "--space",
        SPACE,
    ]
    code, out, err = _run(capsys, *argv, *_store_options(tmp_path, content))
    assert code == 1, err
    assert json.loads(out)["error"]["id"] == "atmDataTypeUnverified"
    assert "Nothing was sent." in err
    assert oneprovider_mock.token not in out + err
    assert sent == []
    assert oneprovider_mock.world.executions == {}
    # Good content does go out (the mock does not know the dump's schema: it refuses).
    code, _, err = _run(capsys, *argv, *_store_options(tmp_path, good_by_name(schema)))
    assert len(sent) == 1
    assert json.loads(sent[0].content)["atmWorkflowSchemaId"] == schema.id


def test_schedule_ids_given_with_the_dump_must_be_its_own(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = dump_path(DUMPS[0].values[0])
    schema = _schema(path)
    base = ["--host", "p.example.com", "--token", TOKEN, "--dry-run", "schedule"]
    base += ["--workflow-schema", str(path), "--space", SPACE]
    stores = _store_options(tmp_path, good_by_name(schema))
    code, _, err = _run(capsys, *base, *stores, "--schema", "other")
    assert code == 2
    assert "--schema 'other' is not the one of --workflow-schema" in err
    code, _, err = _run(capsys, *base, *stores, "--revision", str(schema.revision_number + 1))
    assert code == 2
    assert "--revision" in err
    code, _, err = _run(
        capsys, *base, *stores, "--schema", schema.id, "--revision", str(schema.revision_number)
    )
    assert code == 0, err
    code, _, err = _run(capsys, *base[:-2], *stores)
    assert code == 2
    assert "--space" in err


def _batch_lines(schema: WorkflowSchema, bad_line: int | None = None) -> str:
    lines = []
    for number in range(1, 4):
        content = good_by_name(schema)
        if number == bad_line:
            store = next(store for store in schema.stores if item_type(store) == "file")
            content[store.name] = [{"fileId": file_id(1)}, "not a file"]
        lines.append(json.dumps({"spaceId": SPACE, "storeInitialContentOverlay": content}))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("path", DUMPS)
@pytest.mark.parametrize("command", ["batch", "schedule --batch"])
def test_a_batch_with_a_refused_line_exits_2_naming_it_and_sends_nothing(
    path: Path,
    command: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    oneprovider_mock: MockProvider,
    sent: list[httpx.Request],
) -> None:
    schema = _schema(path)
    (tmp_path / "requests.jsonl").write_text(_batch_lines(schema, bad_line=2))
    code, out, err = _run(
        capsys,
        "--host",
        oneprovider_mock.url,
        "--token",
        oneprovider_mock.token,
        *command.split(),
        "requests.jsonl",
        "--output",
        "results.jsonl",
        "--workflow-schema",
        path,
    )
    assert (code, out) == (2, "")
    store = next(store for store in schema.stores if item_type(store) == "file")
    assert (
        f"requests.jsonl:2: store {store.name!r} ({store.id}): $[1]: atmDataTypeUnverified" in err
    )
    assert sent == []
    assert oneprovider_mock.world.executions == {}
    assert not (tmp_path / "results.jsonl").exists()


@pytest.mark.parametrize("path", DUMPS)
def test_a_batch_dry_run_with_the_dump_prints_every_line_by_store_id(
    path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, sent: list[httpx.Request]
) -> None:
    schema = _schema(path)
    (tmp_path / "requests.jsonl").write_text(_batch_lines(schema))
    code, out, err = _run(
        capsys,
        "--host",
        "provider.example.com",
        "--token",
        TOKEN,
        "batch",
        "requests.jsonl",
        "--workflow-schema",
        path,
        "--dry-run",
    )
    assert code == 0, err
    bodies = [json.loads(shlex.split(line)[-1]) for line in out.splitlines()]
    assert bodies == 3 * [_sent_body(schema)]
    assert TOKEN not in out + err
    assert sent == []


@pytest.mark.parametrize("path", DUMPS)
def test_a_batch_line_by_name_is_the_same_line_as_by_id(path: Path, tmp_path: Path) -> None:
    from oneprovider_automation.batch._run import read_batch

    schema = _schema(path)
    by_name = tmp_path / "by-name.jsonl"
    by_name.write_text(_batch_lines(schema))
    full = _sent_body(schema)
    by_id = tmp_path / "by-id.jsonl"
    by_id.write_text(json.dumps(full) + "\n")
    named = read_batch(by_name, schema)[0]
    assert named.digest == read_batch(by_id)[0].digest == read_batch(by_id, schema)[0].digest
    assert named.request.store_initial_content == good_overlay(schema)


def test_check_takes_no_host_or_token_and_says_so_in_its_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "check", "--help")
    assert code == 0
    assert "--workflow-schema" in out
    assert "Needs no provider or token" in out


@pytest.mark.parametrize("path", DUMPS)
def test_a_batch_line_naming_no_store_or_another_schema_exits_2_naming_the_line(
    path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    sent: list[httpx.Request],
) -> None:
    schema = _schema(path)
    name = schema.stores[0].name
    good = json.dumps({"spaceId": SPACE, "storeInitialContentOverlay": good_by_name(schema)})
    lines = {
        "unknown-store": json.dumps(
            {"spaceId": SPACE, "storeInitialContentOverlay": {name + "s": []}}
        ),
        "other-schema": json.dumps(
            {
                "spaceId": SPACE,
                "atmWorkflowSchemaId": "other",
                "storeInitialContentOverlay": good_by_name(schema),
            }
        ),
    }
    expected = {
        "unknown-store": (
            f"requests.jsonl:2: storeInitialContentOverlay: workflow schema {schema.name!r} "
            f"has no store {name + 's'!r}; did you mean {name!r}?"
        ),
        "other-schema": (
            "requests.jsonl:2: atmWorkflowSchemaId 'other' is not the one of --workflow-schema"
        ),
    }
    for kind, line in lines.items():
        (tmp_path / "requests.jsonl").write_text(f"{good}\n{line}\n")
        code, out, err = _run(
            capsys,
            "--host",
            "provider.example.com",
            "--token",
            TOKEN,
            "batch",
            "requests.jsonl",
            "--output",
            "results.jsonl",
            "--workflow-schema",
            path,
        )
        assert (code, out) == (2, ""), kind
        assert expected[kind] in err, kind
        assert not (tmp_path / "results.jsonl").exists()
    assert sent == []
