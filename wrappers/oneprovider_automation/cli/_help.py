"""Help text that never splits a word across lines.

click wraps help with :class:`textwrap.TextWrapper`'s defaults, which cut a
word longer than the room left (a rest-cli usage such as
``atmWorkflowSchemaId==ID`` after a long prefix) and break at hyphens
(``--lane-run-|number``). This formatter wraps at spaces only: a word that
does not fit on a line gets a line of its own, even when that is wider.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import click

#: Below this many columns left of the usage prefix, the arguments go on the next line.
_USAGE_ROOM = 20


def wrap_text(
    text: str,
    width: int,
    *,
    initial_indent: str = "",
    subsequent_indent: str = "",
    preserve_paragraphs: bool = False,
) -> str:
    """:func:`click.formatting.wrap_text`, without cutting words or breaking at hyphens."""
    wrapper = textwrap.TextWrapper(
        width,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
        replace_whitespace=False,
        break_long_words=False,
        break_on_hyphens=False,
    )
    text = text.expandtabs()
    if not preserve_paragraphs:
        return wrapper.fill(text)
    paragraphs: list[str] = []
    for block in _blocks(text):
        lines = block.splitlines()
        first = lines[0]
        indent = " " * (len(first) - len(first.lstrip()))
        if first.strip() == "\b":
            # click's mark of a paragraph kept as written.
            paragraphs.append("\n".join(initial_indent + indent + line for line in lines[1:]))
            continue
        indented = textwrap.TextWrapper(
            width,
            initial_indent=initial_indent + indent,
            subsequent_indent=subsequent_indent + indent,
            replace_whitespace=False,
            break_long_words=False,
            break_on_hyphens=False,
        )
        paragraphs.append(indented.fill(" ".join(line.strip() for line in lines)))
    return "\n\n".join(paragraphs)


def _blocks(text: str) -> Iterable[str]:
    block: list[str] = []
    for line in text.splitlines():
        if line.strip():
            block.append(line)
        elif block:
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


class HelpFormatter(click.HelpFormatter):
    """click's formatter, wrapping with :func:`wrap_text`."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = "Usage: " if prefix is None else prefix
        usage_prefix = f"{prefix:>{self.current_indent}}{prog} "
        if not args:
            self.write(usage_prefix.rstrip(" ") + "\n")
            return
        text_width = self.width - self.current_indent
        longest = max(len(word) for word in args.split())
        if text_width - len(usage_prefix) >= max(_USAGE_ROOM, longest):
            indent = " " * len(usage_prefix)
            self.write(
                wrap_text(args, text_width, initial_indent=usage_prefix, subsequent_indent=indent)
            )
        else:
            # The prefix is too long: the arguments go on the next lines.
            indent = " " * (max(self.current_indent, len(prefix)) + 4)
            self.write(usage_prefix.rstrip(" ") + "\n")
            self.write(wrap_text(args, text_width, initial_indent=indent, subsequent_indent=indent))
        self.write("\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write(
            wrap_text(
                text,
                self.width,
                initial_indent=indent,
                subsequent_indent=indent,
                preserve_paragraphs=True,
            )
        )
        self.write("\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max((len(term) for term, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if len(term) <= first_col - col_spacing:
                self.write(" " * (first_col - len(term)))
            else:
                self.write("\n" + margin)
            text_width = max(self.width - first_col - 2, 10)
            lines = wrap_text(text, text_width, preserve_paragraphs=True).splitlines() or [""]
            self.write(
                "\n".join([lines[0], *(margin + line if line else "" for line in lines[1:])])
            )
            self.write("\n")


class HelpContext(click.Context):
    """The context of every command: its help comes from :class:`HelpFormatter`."""

    formatter_class = HelpFormatter
