"""The client's logger, and ``ONEPROVIDER_LOG=debug`` to watch it work.

Everything is logged under ``oneprovider_automation`` with stdlib
:mod:`logging`, so applications configure it like any other library. Each
message is redacted with the client's token before it is handed to logging:
no record, formatted or not, holds the token.
"""

from __future__ import annotations

import logging
import os
import sys

from ._constants import LOG_ENV
from ._secrets import Secret

logger = logging.getLogger("oneprovider_automation")

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_configured = False


def setup_logging() -> None:
    """Honour ``ONEPROVIDER_LOG`` once; called when a client or the CLI starts.

    ``debug`` logs every request, answer and retry decision; ``info`` only
    retries and waiting. Any other value leaves logging to the application.
    """
    global _configured
    if _configured:
        return
    _configured = True
    level = _LEVELS.get(os.environ.get(LOG_ENV, "").strip().lower())
    if level is None:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)


def log(level: int, secret: Secret, message: str, *args: object) -> None:
    """Log ``message % args`` with the token masked, if ``level`` is enabled."""
    if not logger.isEnabledFor(level):
        return
    text = message % args if args else message
    logger.log(level, "%s", secret.redact(text))
