"""What the mock logs of each callback decision, with no credential of the URL in it.

A callback URL may carry credentials: a password in its userinfo
(``https://user:password@host/``), a token as a user name, or a token in its
query (``?token=...``). Every line logged shows the URL with these masked
(``https://user:***@host/cb?token=***``), and any text that may quote part of the
URL (a refusal reason, a transport error) is redacted of them too.

The lines, all at INFO on the ``oneprovider_mock.callbacks`` logger::

    callback of WID (finished) to URL refused: REASON
    callback of WID (finished) to URL: try 1 of 31 failed (answered 503); next try in 1.2 s
    callback of WID (finished) to URL: delivered on try 2 of 31 (answered 204)
    callback of WID (finished) to URL: try 31 of 31 failed (answered 500); gave up after 31 tries
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._callbacks import CallbackDelivery

logger = logging.getLogger("oneprovider_mock.callbacks")

MASK = "***"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
#: Parts of a credential this short are masked only where they stand alone in a text:
#: a query value ``1`` must not mask every digit 1 of a message.
_SHORT = 4


def _split(url: str) -> tuple[str, str | None, str, str | None, str | None]:
    """``url`` as scheme, userinfo, host and path, query, fragment (``None``: absent)."""
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(0) if scheme_match else ""
    rest = url[len(scheme) :]
    rest, hash_sign, fragment = rest.partition("#")
    rest, question_mark, query = rest.partition("?")
    # Up to the last '@' (not the first, as a provider reads it): a password with an
    # '@' in it is then masked whole.
    userinfo: str | None = None
    if "@" in rest:
        userinfo, rest = rest.rsplit("@", 1)
    return (
        scheme,
        userinfo,
        rest,
        query if question_mark else None,
        fragment if hash_sign else None,
    )


def _masked_userinfo(userinfo: str) -> str:
    user, colon, _ = userinfo.partition(":")
    # A user name alone may be a token; a '/' means the parts cannot be told apart.
    if not colon or "/" in userinfo:
        return MASK
    return f"{user}:{MASK}"


def _masked_query(query: str) -> str:
    return re.sub(
        r"[^&;]+",
        lambda pair: (
            (pair.group(0).split("=", 1)[0] + "=" + MASK) if "=" in pair.group(0) else MASK
        ),
        query,
    )


def masked_url(url: str) -> str:
    """``url`` with its userinfo password (or bare user name), query values and fragment masked."""
    scheme, userinfo, rest, query, fragment = _split(url)
    shown = scheme
    if userinfo is not None:
        shown += _masked_userinfo(userinfo) + "@"
    shown += rest
    if query is not None:
        shown += "?" + _masked_query(query)
    if fragment is not None:
        shown += "#" + MASK
    return shown


def _credentials(url: str) -> list[str]:
    """Every part of ``url`` that ``masked_url`` hides, and the pieces they are made of."""
    _, userinfo, _, query, fragment = _split(url)
    parts: list[str] = []
    if userinfo is not None:
        _, colon, password = userinfo.partition(":")
        if not colon or "/" in userinfo:
            parts.append(userinfo)
        parts.append(password)
    if query is not None:
        parts.extend(
            pair.split("=", 1)[1] if "=" in pair else pair for pair in re.split("[&;]", query)
        )
    if fragment is not None:
        parts.append(fragment)
    pieces = {piece for part in parts for piece in re.split(r"[:/@&;=?#]", part)}
    return sorted({*parts, *pieces} - {""}, key=len, reverse=True)


def redacted(text: str, url: str) -> str:
    """``text`` with every credential of ``url`` masked (for reasons and errors that quote it)."""
    for credential in _credentials(url):
        if len(credential) >= _SHORT:
            text = text.replace(credential, MASK)
        else:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(credential)}(?![A-Za-z0-9])", MASK, text)
    return text


def _seconds(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def _head(delivery: CallbackDelivery) -> str:
    return (
        f"callback of {delivery.atm_workflow_execution_id} ({delivery.status}) "
        f"to {masked_url(delivery.url)}"
    )


def _log(text: str) -> None:
    # Formatted here, so that no record's arguments hold the URL either.
    logger.info("%s", text)


def log_refused(delivery: CallbackDelivery, reason: str) -> None:
    """Log that ``delivery`` is refused (never contacted), and why."""
    _log(f"{_head(delivery)} refused: {redacted(reason, delivery.url)}")


def _answer(delivery: CallbackDelivery) -> str:
    attempt = delivery.attempts[-1]
    if attempt.status_code is not None:
        return f"answered {attempt.status_code}"
    return redacted(attempt.error or "no answer", delivery.url)


def log_delivered(delivery: CallbackDelivery, *, tries: int) -> None:
    """Log that the last try of ``delivery`` got a 2xx answer."""
    number = len(delivery.attempts)
    _log(f"{_head(delivery)}: delivered on try {number} of {tries} ({_answer(delivery)})")


def log_failed(
    delivery: CallbackDelivery, *, tries: int, next_wait: float | None, gave_up: bool
) -> None:
    """Log that the last try of ``delivery`` failed, and what comes next.

    ``next_wait``: the wait before the next try (``None``: there is none); ``gave_up``:
    that was the last try allowed.
    """
    number = len(delivery.attempts)
    if next_wait is not None:
        then = f"next try in {_seconds(next_wait)} s"
    elif gave_up:
        then = f"gave up after {number} tries"
    else:
        then = "no next try: the deliveries were cleared or the mock stopped"
    _log(f"{_head(delivery)}: try {number} of {tries} failed ({_answer(delivery)}); {then}")
