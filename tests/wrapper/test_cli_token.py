"""A token that cannot be sent is refused alike by a real run and a dry run: exit 2, one line.

The line names where the token came from (``--token`` or ``ONEPROVIDER_API_KEY``)
and what is wrong with it, never the token itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from oneprovider_automation import Oneprovider
from oneprovider_automation.cli._main import main

# Nothing listens there: a request that left would end in exit 1, not 2.
NOWHERE = "http://127.0.0.1:9"

BAD_TOKENS = [
    ("MDAx secret", "a space at character 5"),
    ("MDAxsecret\n", "a newline at character 11"),
    ("MDAx\tsecret", "a tab at character 5"),
    ("MDAx\rsecret", "a carriage return at character 5"),
    ("MDAxsécret", "a non-ASCII character at character 6"),
    ("MDAx\x01secret", "a control character at character 5"),
    ("   ", "must not be empty or blank"),
]


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ONEPROVIDER_HOST", NOWHERE)
    monkeypatch.delenv("ONEPROVIDER_API_KEY", raising=False)
    monkeypatch.delenv("ONEPROVIDER_LOG", raising=False)
    monkeypatch.chdir(tmp_path)


def _refusal(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("source", ["--token", "ONEPROVIDER_API_KEY"])
@pytest.mark.parametrize(("token", "problem"), BAD_TOKENS, ids=[b[1] for b in BAD_TOKENS])
@pytest.mark.parametrize(
    "command",
    [["get", "e1"], ["cancel", "e1"], ["getWorkflowExecutionDetails", "wid=e1"]],
    ids=["get", "cancel", "rest-cli"],
)
def test_a_token_that_cannot_be_sent_is_refused_alike_with_and_without_dry_run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    source: str,
    token: str,
    problem: str,
    command: list[str],
) -> None:
    given: list[str] = []
    if source == "--token":
        given = ["--token", token]
    else:
        monkeypatch.setenv("ONEPROVIDER_API_KEY", token)
    real = _refusal(capsys, [*given, *command])
    dry = _refusal(capsys, [*given, "--dry-run", *command])
    assert real == dry
    assert real.startswith(f"oneprovider-automation: error: {source}: ")
    assert problem in real
    assert "secret" not in real


def test_an_empty_token_option_is_refused_alike(capsys: pytest.CaptureFixture[str]) -> None:
    real = _refusal(capsys, ["--token", "", "get", "e1"])
    dry = _refusal(capsys, ["--token", "", "--dry-run", "get", "e1"])
    assert (
        real == dry == "oneprovider-automation: error: --token: token must not be empty or blank\n"
    )


def test_the_library_refuses_the_same_tokens_for_the_same_reasons() -> None:
    for token, problem in BAD_TOKENS:
        with pytest.raises(ValueError, match=problem) as caught:
            Oneprovider(NOWHERE, token)
        assert "secret" not in str(caught.value)


def test_no_token_at_all_is_named_in_a_real_run(capsys: pytest.CaptureFixture[str]) -> None:
    err = _refusal(capsys, ["get", "e1"])
    assert "no token given: set ONEPROVIDER_API_KEY (or pass --token)" in err


def test_a_token_option_after_the_command_is_named_as_the_option(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ONEPROVIDER_API_KEY", "MDAxgood")
    err = _refusal(capsys, ["get", "e1", "--token", "MDAx secret"])
    assert err.startswith("oneprovider-automation: error: --token: token must be printable ASCII")
