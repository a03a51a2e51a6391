"""The openapi-generator command of each language: the one place it is written.

The README quotes ``readme_command`` for each language, and a test holds it to
this table, so that what users are told to run is what the check runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Where users find the bundled spec (``make spec``).
BUNDLE = "dist/openapi/oneprovider-automation.yaml"

#: Options every generation takes. swagger-parser, which openapi-generator reads the
#: spec with, wrongly requires a link's ``requestBody`` to be a string (OpenAPI allows
#: any value; ours are the rerun and retry selectors), so its validation is skipped.
COMMON = ("--skip-validate-spec",)


@dataclass(frozen=True)
class Language:
    """One generated client: its name here, the generator and its options."""

    name: str
    generator: str
    options: tuple[str, ...]

    def command(self, spec: str, output: str) -> list[str]:
        """Arguments of ``openapi-generator-cli`` that generate this client."""
        return ["generate", "-i", spec, "-g", self.generator, "-o", output, *COMMON, *self.options]

    def readme_command(self) -> str:
        """The command as the README shows it."""
        args = self.command(BUNDLE, f"oneprovider-{self.name}")
        return "openapi-generator-cli " + " ".join(args)


PYTHON = Language("python", "python", ("--package-name", "oneprovider_openapi"))
TYPESCRIPT = Language("typescript", "typescript-fetch", ())
# enumClassPrefix: the two status enums share values (`scheduled`, `active`...), and
# without a prefix their Go constants clash ("SCHEDULED redeclared").
GO = Language(
    "go",
    "go",
    ("--package-name", "oneprovider", "--additional-properties=enumClassPrefix=true"),
)
# native: java.net.http, no OkHttp; jakarta annotations and no jackson-databind-nullable,
# so that Debian's jars (and the Jackson the generator bundles) are all it needs.
JAVA = Language(
    "java",
    "java",
    ("--library", "native", "--additional-properties=useJakartaEe=true,openApiNullable=false"),
)

LANGUAGES = (PYTHON, TYPESCRIPT, GO, JAVA)


def by_name(name: str) -> Language:
    """The language called ``name``; raises ``KeyError`` naming the known ones."""
    for language in LANGUAGES:
        if language.name == name:
            return language
    known = ", ".join(language.name for language in LANGUAGES)
    raise KeyError(f"unknown language {name!r} (known: {known})")


def output_dir(root: Path, language: Language) -> Path:
    """Where the client of ``language`` is generated under ``root``."""
    return root / language.name / "client"
