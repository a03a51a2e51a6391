"""The changelog and the README section about the published spec keep up with it."""

from __future__ import annotations

import re

from tests.openapi_support import ROOT, spec

SECTION = "## Using the spec from other languages"


def readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme
    section = readme.split(SECTION, 1)[1]
    return section.split("\n## ", 1)[0]


def test_changelog_starts_with_the_specs_version() -> None:
    changelog = (ROOT / "openapi" / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\S+)", changelog, flags=re.MULTILINE)
    assert versions, "no version headings in openapi/CHANGELOG.md"
    assert versions[0] == spec()["info"]["version"]
    assert len(versions) == len(set(versions))


def test_readme_section_names_the_files_make_spec_and_make_docs_write() -> None:
    section = readme_section()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for path in (
        "dist/openapi/oneprovider-automation.yaml",
        "dist/openapi/oneprovider-automation.json",
        "dist/docs/index.html",
    ):
        assert path in section
    assert "DIST_SPEC := dist/openapi/oneprovider-automation\n" in makefile
    assert "DOCS_PAGE := dist/docs/index.html\n" in makefile


def test_readme_section_links_the_corrections_and_uses_real_targets() -> None:
    section = readme_section()
    assert "(openapi/README.md)" in section
    assert "(openapi/CHANGELOG.md)" in section
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"`make ([a-z-]+)`|^make ([a-z-]+)", section, flags=re.MULTILINE))
    named = {a or b for a, b in targets}
    assert {"spec", "docs", "lint-spec", "check-typescript", "check-docs"} <= named
    for target in named:
        assert re.search(rf"^{re.escape(target)}:", makefile, flags=re.MULTILINE), target
