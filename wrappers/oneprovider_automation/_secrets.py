"""Keeping the access token out of everything a person or a log can read.

The token is held in a :class:`Secret`, which never shows its value, and is
revealed only where a request header is built. Text that may echo it (a
provider's error description, an httpx error message, a body excerpt) goes
through :meth:`Secret.redact` before it reaches a message or a log record.
:func:`token_problem` is the one rule of what a token may hold, for the
client and the CLI (its dry runs too).
"""

from __future__ import annotations

import json

#: What stands for a token wherever one would be shown. It is the same for
#: every token: a prefix or a length would give away part of a short one.
MASK = "***"

#: What a character that cannot travel in a header is called in a message.
_CHARACTER_NAMES = {" ": "a space", "\t": "a tab", "\n": "a newline", "\r": "a carriage return"}


def token_problem(token: str) -> str | None:
    """What keeps ``token`` out of an ``X-Auth-Token`` header, or ``None`` when it can go.

    A token is visible ASCII without spaces (Onedata's are alphanumeric): a
    space, a line break or a non-ASCII character is a copy-and-paste accident
    that would fail later, in httpx or at the provider. The message places the
    first bad character without showing any of the token.
    """
    if not token.strip():
        return "token must not be empty or blank"
    for position, character in enumerate(token, start=1):
        if not 0x21 <= ord(character) <= 0x7E:
            if character in _CHARACTER_NAMES:
                name = _CHARACTER_NAMES[character]
            elif ord(character) < 0x20 or 0x7F <= ord(character) < 0xA0:
                name = "a control character"
            else:
                name = "a non-ASCII character"
            return (
                f"token must be printable ASCII without spaces; it has {name} "
                f"at character {position}"
            )
    return None


class Secret:
    """A token that shows as ``***`` in ``str``, ``repr`` and f-strings."""

    __slots__ = ("_in_json", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        #: The token as it reads inside a JSON string (``"`` and ``\\`` escaped).
        self._in_json = json.dumps(value, ensure_ascii=False)[1:-1]

    def reveal(self) -> str:
        """The token itself; called only to build the request header."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the token replaced by the mask."""
        if not self._value:
            return text
        return text.replace(self._value, MASK)

    def occurs_in_json(self, text: str) -> bool:
        """Whether ``text``, JSON, may hold the token in one of its strings.

        JSON escapes a string character by character, so a string holding
        the token holds its escaped form once encoded: a cheap test before
        masking a whole structure string by string.
        """
        return bool(self._value) and self._in_json in text

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the token out; refuse rather than leak it.
        raise TypeError("a Secret cannot be pickled")
