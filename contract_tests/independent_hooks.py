"""The one hook of the independent schemathesis run (``tests/contract/test_independent_run.py``).

JSON Schema counts ``3.0`` as the integer 3, a provider answers it ``badValueInteger``
(``openapi/README.md``, "Differences a JSON Schema cannot express"): such bodies are
not generated. Nothing else is changed from schemathesis's defaults.
"""

from __future__ import annotations

from typing import Any

import schemathesis

REVISION = "atmWorkflowSchemaRevisionNumber"


@schemathesis.hook
def filter_body(context: schemathesis.HookContext, body: Any) -> bool:
    """Leave out bodies whose revision is a float with no fraction part."""
    revision = body.get(REVISION) if isinstance(body, dict) else None
    return not (isinstance(revision, float) and revision.is_integer())
