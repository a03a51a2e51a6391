"""Keeping the access token out of everything a person or a log can read.

The token is held in a :class:`Secret`, which never shows its value, and is
revealed only where a request header is built. Text that may echo it (a
provider's error description, an httpx error message, a body excerpt) goes
through :meth:`Secret.redact` before it reaches a message or a log record.
"""

from __future__ import annotations

#: What stands for a token wherever one would be shown. It is the same for
#: every token: a prefix or a length would give away part of a short one.
MASK = "***"


class Secret:
    """A token that shows as ``***`` in ``str``, ``repr`` and f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The token itself; called only to build the request header."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every occurrence of the token replaced by the mask."""
        if not self._value:
            return text
        return text.replace(self._value, MASK)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __reduce__(self) -> tuple[object, ...]:
        # Pickling would write the token out; refuse rather than leak it.
        raise TypeError("a Secret cannot be pickled")
