"""Help that reads well at any width, and the shell completion the README documents."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from oneprovider_automation.cli._main import cli, main
from oneprovider_automation.cli._options import PROG

README = Path(__file__).resolve().parents[2] / "README.md"
BIN = Path(sys.executable).parent


def _help(capsys: pytest.CaptureFixture[str], argv: list[str], *, unwrapped: bool = False) -> str:
    capsys.readouterr()
    if unwrapped:
        code = cli.main(
            [*argv, "--help"],
            prog_name=PROG,
            standalone_mode=False,
            terminal_width=10_000,
            max_content_width=10_000,
        )
    else:
        code = main([*argv, "--help"])
    out = capsys.readouterr().out
    assert code == 0
    return out


@pytest.mark.parametrize("columns", [60, 80, 100])
@pytest.mark.parametrize("command", ["", *sorted(cli.commands)])
def test_no_word_of_the_help_is_split_across_lines(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    columns: int,
) -> None:
    argv = [command] if command else []
    unwrapped = _help(capsys, argv, unwrapped=True)
    monkeypatch.setenv("COLUMNS", str(columns))
    wrapped = _help(capsys, argv)
    assert wrapped.split() == unwrapped.split()
    for line in wrapped.splitlines():
        # Only a word with no room beside it may stick out.
        assert len(line) <= columns or len(line.split()) == 1, line


def test_schedule_workflow_execution_usage_keeps_its_words_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = _help(capsys, ["scheduleWorkflowExecution"])
    assert "atmWorkflowSchemaId==ID" in out.split()


# --- shell completion ------------------------------------------------------------------


def _completion_lines() -> dict[str, str]:
    """The README's completion line for each shell: shell -> command."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## The CLI\n(.*?)(?=^## )", text, re.DOTALL | re.MULTILINE)
    assert section
    lines = {}
    for shell in ("bash", "zsh", "fish"):
        (line,) = [
            line for line in section.group(1).splitlines() if f"={shell}_source {PROG}" in line
        ]
        lines[shell] = line.split("#")[0].strip()
    return lines


def _environment() -> dict[str, str]:
    return {"PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "HOME": os.environ.get("HOME", "/")}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_documented_bash_line_installs_a_completion_that_completes() -> None:
    line = _completion_lines()["bash"]
    assert line == f'eval "$(_ONEPROVIDER_AUTOMATION_COMPLETE=bash_source {PROG})"'
    script = subprocess.run(
        ["bash", "-c", line.removeprefix('eval "$(').removesuffix(')"')],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert f"complete -o nosort -F _oneprovider_automation_completion {PROG}" in script
    # The completion it installs, asked as bash asks it for `oneprovider-automation can<TAB>`.
    asked = (
        f"{line}\nCOMP_WORDS=({PROG} can); COMP_CWORD=1\n"
        f'_oneprovider_automation_completion {PROG}; printf "%s\\n" "${{COMPREPLY[@]}}"'
    )
    done = subprocess.run(
        ["bash", "-c", asked],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["cancel", "cancelWorkflowExecution"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_documented_zsh_and_fish_lines_print_a_script(shell: str) -> None:
    line = _completion_lines()[shell]
    assignment = re.search(r"(_ONEPROVIDER_AUTOMATION_COMPLETE)=(\w+)", line)
    assert assignment
    done = subprocess.run(
        [str(BIN / PROG)],
        env={**_environment(), assignment.group(1): assignment.group(2)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "_ONEPROVIDER_AUTOMATION_COMPLETE" in done.stdout
    assert f"{shell}_complete" in done.stdout
