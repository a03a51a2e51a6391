"""The README's "Other languages" section quotes what the checks run."""

from __future__ import annotations

import re

from languages import _generators
from tests.openapi_support import ROOT, spec

SECTION = "## Other languages"


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def section() -> str:
    readme = _readme()
    assert SECTION in readme
    return readme.split(SECTION + "\n", 1)[1].split("\n## ", 1)[0]


def test_the_section_follows_the_generated_client() -> None:
    headings = re.findall(r"^## (.+)$", _readme(), flags=re.MULTILINE)
    assert headings[headings.index("The generated client") + 1] == "Other languages"


def test_each_generate_command_is_quoted_as_the_check_runs_it() -> None:
    lines = set(section().splitlines())
    for language in _generators.LANGUAGES:
        assert language.readme_command() in lines, language.name


def test_the_quoted_bundle_is_what_make_spec_writes() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    dist = re.search(r"^DIST_SPEC := (\S+)$", makefile, flags=re.MULTILINE)
    assert dist is not None
    assert dist.group(1) + ".yaml" == _generators.BUNDLE


def test_the_targets_named_exist_and_the_version_is_the_specs() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"make ([a-z-]+)", section())):
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.MULTILINE), target
    assert f"(`{spec()['info']['version']}`)" in section()
    assert f"(`{spec()['info']['x-onedata-release']}`)" in section()
