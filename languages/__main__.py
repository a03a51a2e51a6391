"""``python -m languages SPEC BUILD [--only NAME,...]``: the check of ``make check-languages``.

Generates each client from SPEC into BUILD/<language>/client (in parallel),
compiles it, runs or decodes the scenario against the mock, and prints one
line per language. Exit 1 when a step fails (its output is shown), 2 on bad
arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import yaml

from . import _scenario, _toolchains
from ._generators import GO, JAVA, LANGUAGES, PYTHON, TYPESCRIPT, Language, by_name
from ._toolchains import RUN_TIMEOUT_S, StepFailed, run

#: The Content-Type a provider accepts on a request with a body (no parameter).
ACCEPTED_CONTENT_TYPE = "application/json"


def _arguments(argv: list[str]) -> tuple[Path, Path, list[Language]]:
    parser = argparse.ArgumentParser(prog="python -m languages", description=__doc__)
    parser.add_argument("spec", type=Path, help="the bundled spec (dist/openapi/...yaml)")
    parser.add_argument("build", type=Path, help="where the clients are generated")
    parser.add_argument("--only", default="", help="comma-separated languages (default: all)")
    args = parser.parse_args(argv)
    if not args.spec.is_file():
        parser.exit(2, f"check-languages: spec {str(args.spec)!r}: no such file\n")
    try:
        chosen = [by_name(n) for n in args.only.split(",") if n] or list(LANGUAGES)
    except KeyError as err:
        parser.exit(2, f"check-languages: --only: {err.args[0]}\n")
    return args.spec.resolve(), args.build.resolve(), chosen


def _json_output(step: str, text: str) -> dict[str, Any]:
    try:
        loaded = json.loads(text.strip().splitlines()[-1])
    except (ValueError, IndexError) as err:
        raise StepFailed(f"{step}: printed no JSON result: {text[-500:]!r}") from err
    assert isinstance(loaded, dict)
    return loaded


def _python(build: Path, scenario: Path, mock: _scenario.Mock) -> str:
    script = _toolchains.build_python(build)
    env = {"PYTHONPATH": str(scenario.parent / "client")}
    args = [sys.executable, str(script), str(scenario)]
    return run(args, cwd=scenario.parent, step="python: scenario", timeout=RUN_TIMEOUT_S, env=env)


def _typescript(build: Path, scenario: Path, mock: _scenario.Mock) -> str:
    args = ["node", str(_toolchains.build_typescript(build)), str(scenario)]
    return run(args, cwd=scenario.parent, step="typescript: scenario", timeout=RUN_TIMEOUT_S)


def _go(build: Path, scenario: Path, mock: _scenario.Mock) -> str:
    binary = _toolchains.build_go(build)
    args = [str(binary), str(build / "bodies"), mock.provider.api_url, mock.provider.token]
    return run(args, cwd=scenario.parent, step="go: decode", timeout=RUN_TIMEOUT_S)


def _java(build: Path, scenario: Path, mock: _scenario.Mock) -> str:
    classpath = f"{_toolchains.build_java(build)}:{_toolchains.java_classpath(build)}"
    args = ["java", "-cp", classpath, "Check", str(build / "bodies")]
    args += [mock.provider.api_url, mock.provider.token]
    return run(args, cwd=scenario.parent, step="java: decode", timeout=RUN_TIMEOUT_S)


Runner = Callable[[Path, Path, _scenario.Mock], str]
Checker = Callable[[dict[str, Any], dict[str, Any]], list[str]]

#: How each client is built and exercised, and how its output is judged: Python and
#: TypeScript run the whole scenario over HTTP; Go and Java decode the bodies the mock
#: sent and schedule the seed.
EXERCISES: dict[Language, tuple[Runner, Checker, str]] = {
    PYTHON: (_python, _scenario.check_run, "ran the scenario"),
    TYPESCRIPT: (_typescript, _scenario.check_run, "ran the scenario"),
    GO: (_go, _scenario.check_decoded, "decoded the bodies, scheduled"),
    JAVA: (_java, _scenario.check_decoded, "decoded the bodies, scheduled"),
}


def _exercise(language: Language, build: Path, mock: _scenario.Mock, spec: dict[str, Any]) -> str:
    """Build the client of ``language``, run or decode the scenario; return what it did."""
    runner, checker, did = EXERCISES[language]
    scenario = build / language.name / "scenario.json"
    scenario.write_text(json.dumps(mock.scenario(_scenario.seed_request(spec))), encoding="utf-8")
    mock.take_content_types()
    problems = checker(_json_output(language.name, runner(build, scenario, mock)), spec)
    sent = sorted(set(mock.take_content_types()))
    if sent != [ACCEPTED_CONTENT_TYPE]:
        problems.append(
            f"sent Content-Type {sent}; a provider answers any other than "
            f"{ACCEPTED_CONTENT_TYPE!r} with 415"
        )
    if problems:
        raise StepFailed(f"{language.name}: " + "; ".join(problems))
    return f"{did}, sent Content-Type: {ACCEPTED_CONTENT_TYPE}"


def main(argv: list[str]) -> int:
    spec_path, build, chosen = _arguments(argv)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    build.mkdir(parents=True, exist_ok=True)
    try:
        with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
            generated = pool.map(lambda lang: _toolchains.generate(lang, spec_path, build), chosen)
            warnings = dict(zip(chosen, generated, strict=True))
        with _scenario.serve() as mock:
            _scenario.record_bodies(mock, _scenario.seed_request(spec), build / "bodies")
            for language in chosen:
                did = _exercise(language, build, mock, spec)
                count = len(warnings[language])
                name = language.name
                print(f"check-languages: {name}: generated ({count} warnings), compiled, {did}")
                for warning in warnings[language]:
                    print(f"  warning: {warning}")
    except StepFailed as err:
        print(f"check-languages: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
