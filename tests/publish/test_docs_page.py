"""The docs page, as a person sees it in a browser.

``make docs`` renders the spec with Redoc into ``dist/docs/index.html``. Here a
headless Chromium opens that file, offline, goes to each operation through the
sidebar as a reader would, opens an error response and the callback, and reads
the text the page shows (``innerText``: what is laid out, no scripts, nothing
hidden). One screenshot stays in ``dist/docs/screenshot.png`` for people to
look at.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest

from tests.openapi_support import spec
from tests.publish import chromium, make

SCHEDULE = "/automation/execution/workflows"
DETAILS = "/automation/execution/workflows/{wid}"
CALLBACK = "workflowExecutionStopped"
#: The sidebar entry of the operations' tag, "Workflow execution".
TAG_SLUG = "workflow-execution"

DOCS_PAGE = make.DIST / "docs" / "index.html"
SCREENSHOT = make.DIST / "docs" / "screenshot.png"
WIDTH, HEIGHT = 1400, 1000

# Redoc's script took over the prerendered page: React has attached to its root.
HYDRATED = (
    "(() => { const root = document.querySelector('#redoc > *');"
    " return !!root && Object.keys(root).some(k => k.startsWith('__react')); })()"
)
# Bounds for the page to react; rendering takes well under a second here.
RENDER_TIMEOUT_S = 30.0


def js(value: str) -> str:
    """``value`` as a JavaScript string literal."""
    return json.dumps(value)


def heading_shown(text: str) -> str:
    """JavaScript: whether a heading reading ``text`` is laid out on the page."""
    return (
        "[...document.querySelectorAll('h1, h2, h3')]"
        f".some(h => h.offsetParent !== null && h.innerText.trim() === {js(text)})"
    )


def shown_text(page: chromium.Page) -> str:
    text = page.evaluate("document.body.innerText")
    assert isinstance(text, str)
    return text


def callback_operation() -> dict[str, Any]:
    (path_item,) = spec()["paths"][SCHEDULE]["post"]["callbacks"][CALLBACK].values()
    operation: dict[str, Any] = path_item["post"]
    return operation


def first_sentence(description: str) -> str:
    """The first sentence of a Markdown ``description`` as the page shows it (no code marks)."""
    plain = " ".join(description.replace("`", "").split())
    return plain.split(". ")[0].rstrip(".") + "."


@pytest.fixture(scope="module")
def docs_page() -> Path:
    make.build("docs")
    assert Path(chromium.CHROMIUM).is_file(), "no Chromium: `make chromium` installs it"
    return DOCS_PAGE


def click(page: chromium.Page, element: str) -> None:
    """Click the element the JavaScript expression ``element`` finds, once it is there."""
    page.wait_until(
        f"(() => {{ const e = {element}; if (e) e.click(); return !!e; }})()",
        timeout_s=RENDER_TIMEOUT_S,
    )


def go_to_operation(page: chromium.Page, operation: dict[str, Any]) -> None:
    """Click the operation's link in the sidebar (opening its tag first, as a reader
    does when the tag is folded); return once its heading shows."""
    link = f"a[href$={js('/' + operation['operationId'])}]"
    tag = js("a[href$='/" + TAG_SLUG + "']")
    page.wait_until(
        f"(() => {{ if (document.querySelector({js(link)})) return true;"
        f" const t = document.querySelector({tag}); if (t) t.click(); return false; }})()",
        timeout_s=RENDER_TIMEOUT_S,
    )
    click(page, f"document.querySelector({js(link)})")
    page.wait_until(heading_shown(operation["summary"]), timeout_s=RENDER_TIMEOUT_S)


def test_docs_page_shows_every_operation_the_error_model_and_the_callback(
    docs_page: Path,
) -> None:
    paths = spec()["paths"]
    schedule = paths[SCHEDULE]["post"]
    operations = [
        operation
        for item in paths.values()
        for method, operation in item.items()
        if method != "parameters"
    ]
    error_schema = spec()["components"]["schemas"]["OnedataError"]
    callback = callback_operation()

    with chromium.launch() as browser:
        page = browser.new_page()
        page.open(docs_page.as_uri(), width=WIDTH, height=HEIGHT)
        page.wait_until(HYDRATED, timeout_s=RENDER_TIMEOUT_S)
        assert spec()["info"]["title"] in shown_text(page)

        # Every operation, reached through the sidebar; schedule last, for the screenshot.
        for operation in [*(o for o in operations if o is not schedule), schedule]:
            go_to_operation(page, operation)
            assert page.evaluate("location.hash").endswith(operation["operationId"])
        page.screenshot(SCREENSHOT)
        header = SCREENSHOT.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (WIDTH, HEIGHT)

        # The error model: the 400 tab shows the ErrorJson body, `error` of type Error.
        click(
            page,
            "[...document.querySelectorAll('button[role=tab]')]"
            ".find(b => b.innerText.trim() === '400')",
        )
        error_intro = first_sentence(error_schema["description"])
        page.wait_until(f"document.body.innerText.includes({js(error_intro)})", timeout_s=5)
        text = shown_text(page)
        assert "ErrorJson" in text
        assert "error\nobject\n(OnedataError)" in text
        for error_id in ("badValueTooLow", "atmStoreCreationFailed", "unauthorized"):
            assert error_id in text

        # The callback: its summary, then, opened, the URL expression and the body.
        label = js(f"button[aria-label={js(callback['summary'])}]")
        toggle = f"document.querySelector({label})"
        closed = page.wait_until(f"{toggle}?.getAttribute('aria-expanded')", timeout_s=5)
        assert closed == "false"
        click(page, toggle)
        page.wait_until(f"{toggle}.getAttribute('aria-expanded') === 'true'", timeout_s=5)
        text = shown_text(page)
        callbacks = text[text.index("Callbacks") :]
        assert callbacks.startswith(f"Callbacks\n{callback['summary']}\nPOST")
        assert first_sentence(callback["description"]) in callbacks
        (expression,) = spec()["paths"][SCHEDULE]["post"]["callbacks"][CALLBACK]
        assert expression in callbacks
        assert "atmWorkflowExecutionId" in callbacks
        assert "(AtmWorkflowExecutionStatus)" in callbacks

        assert page.exceptions == []
        # Everything the page needs is inside it: nothing came from elsewhere.
        assert page.loaded_from_outside == []
