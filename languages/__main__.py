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


def _exercise(language: Language, build: Path, mock: _scenario.Mock, spec: dict[str, Any]) -> str:
    """Build the client of ``language``, run or decode the scenario; return what it did."""
    base = build / language.name
    scenario = base / "scenario.json"
    scenario.write_text(json.dumps(mock.scenario(_scenario.seed_request(spec))), encoding="utf-8")
    bodies = build / "bodies"
    api, token = mock.provider.api_url, mock.provider.token
    mock.take_content_types()
    if language is PYTHON:
        script = _toolchains.build_python(build)
        env = {"PYTHONPATH": str(base / "client")}
        out = run([sys.executable, str(script), str(scenario)], cwd=base, step="python: scenario", timeout=RUN_TIMEOUT_S, env=env)
        problems, did = _scenario.check_run(_json_output("python", out), spec), "ran the scenario"
    elif language is TYPESCRIPT:
        script = _toolchains.build_typescript(build)
        out = run(["node", str(script), str(scenario)], cwd=base, step="typescript: scenario", timeout=RUN_TIMEOUT_S)
        problems, did = _scenario.check_run(_json_output("typescript", out), spec), "ran the scenario"
    elif language is GO:
        binary = _toolchains.build_go(build)
        out = run([str(binary), str(bodies), api, token], cwd=base, step="go: decode", timeout=RUN_TIMEOUT_S)
        problems, did = _scenario.check_decoded(_json_output("go", out), spec), "decoded the bodies, scheduled"
    else:
        classes = _toolchains.build_java(build)
        classpath = f"{classes}:{_toolchains.java_classpath(build)}"
        out = run(
            ["java", "-cp", classpath, "Check", str(bodies), api, token],
            cwd=base,
            step="java: decode",
            timeout=RUN_TIMEOUT_S,
        )
        problems, did = _scenario.check_decoded(_json_output("java", out), spec), "decoded the bodies, scheduled"
    sent = sorted(set(mock.take_content_types()))
    if sent != [ACCEPTED_CONTENT_TYPE]:
        problems.append(f"sent Content-Type {sent}; a provider answers anything but {ACCEPTED_CONTENT_TYPE!r} with 415")
    if problems:
        raise StepFailed(f"{language.name}: " + "; ".join(problems))
    return f"{did}, sent Content-Type: {ACCEPTED_CONTENT_TYPE}"


def main(argv: list[str]) -> int:
    spec_path, build, chosen = _arguments(argv)
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    build.mkdir(parents=True, exist_ok=True)
    try:
        with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
            warnings = dict(zip(chosen, pool.map(lambda lang: _toolchains.generate(lang, spec_path, build), chosen)))
        with _scenario.serve() as mock:
            _scenario.record_bodies(mock, _scenario.seed_request(spec), build / "bodies")
            for language in chosen:
                did = _exercise(language, build, mock, spec)
                print(f"check-languages: {language.name}: generated ({len(warnings[language])} warnings), compiled, {did}")
                for warning in warnings[language]:
                    print(f"  warning: {warning}")
    except StepFailed as err:
        print(f"check-languages: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
