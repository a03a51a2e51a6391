"""Defaults and fixed names of the client, in one place.

The README's "Retries and timeouts" tables are checked against these values
by a test, so change them here and there together.
"""

from __future__ import annotations

import httpx

from ._version import __version__

#: Path of the Oneprovider REST API under the provider's URL.
API_BASE_PATH = "/api/v3/oneprovider"

#: Environment variables, the same names as Onedata's own ``oneprovider-rest-cli``.
HOST_ENV = "ONEPROVIDER_HOST"
TOKEN_ENV = "ONEPROVIDER_API_KEY"  # noqa: S105 (a variable name)
#: ``debug`` or ``info`` turns on the client's logging to stderr.
LOG_ENV = "ONEPROVIDER_LOG"

#: Header that carries the access token (Onedata's own; ``Authorization: Bearer`` also works).
TOKEN_HEADER = "X-Auth-Token"  # noqa: S105 (a header name)

# A provider answers in well under a second; 30 s leaves room for a loaded one,
# and a connect that takes 10 s will not succeed later either.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

#: Retries after the first attempt (so three attempts in all).
DEFAULT_MAX_RETRIES = 2
#: Delay before the first retry; it doubles with each further retry.
INITIAL_RETRY_DELAY = 0.5
#: No computed delay between two attempts is longer than this.
MAX_RETRY_DELAY = 8.0
#: Each computed delay is shortened by a random fraction up to this one, so
#: that clients failing together do not retry together.
RETRY_JITTER = 0.25
#: A ``Retry-After`` up to this many seconds is waited out exactly; a longer
#: one ends the retries (the error is raised) rather than block silently.
MAX_RETRY_AFTER = 60.0

#: ``wait()`` gives up after this many seconds unless told otherwise.
DEFAULT_WAIT_TIMEOUT = 3600.0
#: ``wait()`` polls after this many seconds first ...
DEFAULT_POLL_INTERVAL = 2.0
#: ... then each interval is this many times the previous one ...
POLL_BACKOFF = 1.5
#: ... up to this (or the given poll interval, if longer).
MAX_POLL_INTERVAL = 30.0

USER_AGENT = f"oneprovider-automation/{__version__} python-httpx/{httpx.__version__}"
