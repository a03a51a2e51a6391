"""Generating each client and compiling it offline: openapi-generator, tsc, go, javac.

Every step runs as a subprocess with a time limit; a failure raises
``StepFailed`` with the tool's own output, which names the file and line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from ._generators import GO, JAVA, PYTHON, TYPESCRIPT, Language, output_dir

PROGRAMS = Path(__file__).resolve().parent / "programs"
ROOT = Path(__file__).resolve().parent.parent

# Upper bounds in seconds; each step takes a few seconds on 2 cores.
GENERATE_TIMEOUT_S = 300
BUILD_TIMEOUT_S = 300
RUN_TIMEOUT_S = 120

#: Debian's packages (installed by ``make language-tools``).
GOPATH_DEBIAN = Path("/usr/share/gocode")
JAKARTA_ANNOTATION_JAR = Path("/usr/share/java/jakarta-annotation-api.jar")
#: Jackson as the generator bundles it (core, databind, annotations, jsr310: Debian has
#: no jackson-datatype-jsr310), one consistent set, extracted for javac and java.
JACKSON_PACKAGES = (
    "com/fasterxml/jackson/core/",
    "com/fasterxml/jackson/databind/",
    "com/fasterxml/jackson/annotation/",
    "com/fasterxml/jackson/datatype/jsr310/",
)


class StepFailed(Exception):
    """A step of the check failed; the message names the language, the step and why."""


def run(
    args: list[str], *, cwd: Path, step: str, timeout: float, env: dict[str, str] | None = None
) -> str:
    """Run ``args``; return stdout, or raise ``StepFailed`` with the output's tail."""
    try:
        done = subprocess.run(
            args,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=None if env is None else os.environ | env,
            check=False,
        )
    except FileNotFoundError as err:
        raise StepFailed(f"{step}: {args[0]} not found ({err}); run 'make language-tools'") from err
    except subprocess.TimeoutExpired as err:
        raise StepFailed(f"{step}: no result within {timeout:.0f} s") from err
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()
        tail = "\n".join(output[-40:])
        raise StepFailed(f"{step} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def generator_cli() -> Path:
    return Path(sys.executable).parent / "openapi-generator-cli"


def generator_jar() -> Path:
    import openapi_generator_cli

    return Path(openapi_generator_cli.__file__).parent / "openapi-generator.jar"


def generate(language: Language, spec: Path, root: Path) -> list[str]:
    """Generate the client of ``language``; return the generator's warnings."""
    out = output_dir(root, language)
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    log = run(
        [str(generator_cli()), *language.command(str(spec), str(out))],
        cwd=root,
        step=f"{language.name}: openapi-generator",
        timeout=GENERATE_TIMEOUT_S,
    )
    (out.parent / "generate.log").write_text(log, encoding="utf-8")
    return sorted({line.split(" - ", 1)[-1] for line in log.splitlines() if " WARN " in line})


def build_python(root: Path) -> Path:
    """Byte-compile the Python client and copy the scenario next to it; return the script."""
    out = output_dir(root, PYTHON)
    run(
        [sys.executable, "-m", "compileall", "-q", "oneprovider_openapi"],
        cwd=out,
        step="python: compileall",
        timeout=BUILD_TIMEOUT_S,
    )
    script = out.parent / "check_client.py"
    shutil.copy(PROGRAMS / "check_client.py", script)
    return script


def build_typescript(root: Path) -> Path:
    """Compile the TypeScript client and the scenario with tsc (strict); return the script."""
    base = output_dir(root, TYPESCRIPT).parent
    shutil.copy(PROGRAMS / "check_client.ts", base / "check_client.ts")
    tsconfig = {
        "compilerOptions": {
            "target": "ES2020",
            "module": "commonjs",
            "lib": ["ES2020", "DOM"],
            "strict": True,
            "outDir": "out",
            "types": [],
        },
        "files": ["check_client.ts"],
    }
    (base / "tsconfig.json").write_text(json.dumps(tsconfig, indent=2), encoding="utf-8")
    tsc = ROOT / "node_modules" / ".bin" / "tsc"
    run(
        [str(tsc), "--project", str(base)],
        cwd=base,
        step="typescript: tsc",
        timeout=BUILD_TIMEOUT_S,
    )
    return base / "out" / "check_client.js"


def build_go(root: Path) -> Path:
    """Build the Go client and the decoder with ``go build`` offline (GOPATH mode)."""
    base = output_dir(root, GO).parent
    gopath = base / "gopath"
    shutil.rmtree(gopath, ignore_errors=True)
    # GOPATH mode: Debian's golang-*-dev packages are a GOPATH tree, and nothing is fetched.
    shutil.copytree(
        output_dir(root, GO), gopath / "src" / "oneprovider", ignore=shutil.ignore_patterns("test")
    )
    (gopath / "src" / "oneprovidercheck").mkdir(parents=True)
    shutil.copy(PROGRAMS / "main.go", gopath / "src" / "oneprovidercheck" / "main.go")
    binary = base / "check"
    env = {
        "GO111MODULE": "off",
        "GOPATH": f"{gopath}:{GOPATH_DEBIAN}",
        "GOPROXY": "off",
        "GOFLAGS": "",
        "GOCACHE": str(base / "gocache"),
    }
    run(
        ["go", "vet", "oneprovider"],
        cwd=gopath,
        step="go: go vet",
        timeout=BUILD_TIMEOUT_S,
        env=env,
    )
    run(
        ["go", "build", "-o", str(binary), "oneprovidercheck"],
        cwd=gopath,
        step="go: go build",
        timeout=BUILD_TIMEOUT_S,
        env=env,
    )
    return binary


def java_classpath(root: Path) -> str:
    """Jackson from the generator's jar (extracted once) and Debian's jakarta annotations."""
    libs = root / "java-libs"
    if not (libs / ".extracted").exists():
        shutil.rmtree(libs, ignore_errors=True)
        with zipfile.ZipFile(generator_jar()) as jar:
            for name in jar.namelist():
                if name.startswith(JACKSON_PACKAGES):
                    jar.extract(name, libs)
        (libs / ".extracted").write_text(str(generator_jar()), encoding="utf-8")
    return f"{libs}:{JAKARTA_ANNOTATION_JAR}"


def build_java(root: Path) -> Path:
    """Compile the Java client and the decoder with javac; return the classes folder."""
    base = output_dir(root, JAVA).parent
    classes = base / "classes"
    shutil.rmtree(classes, ignore_errors=True)
    classes.mkdir()
    sources = sorted(
        str(p) for p in (output_dir(root, JAVA) / "src" / "main" / "java").rglob("*.java")
    )
    sources.append(str(PROGRAMS / "Check.java"))
    run(
        [
            "javac",
            "-nowarn",
            "-encoding",
            "UTF-8",
            "-d",
            str(classes),
            "-cp",
            java_classpath(root),
            *sources,
        ],
        cwd=base,
        step="java: javac",
        timeout=BUILD_TIMEOUT_S,
    )
    return classes
