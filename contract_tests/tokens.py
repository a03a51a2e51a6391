"""Keep the target's token in most fuzzed cases whose only fault is the token.

Schemathesis counts the security schemes (``X-Auth-Token``, ``Authorization``) among the
headers it generates, and a negative case may break nothing but them: the token left out
or replaced by garbage. For an operation whose other inputs cannot be broken (an id in the
path and nothing else), every negative case is such a case, so a plain run spends a third
of its fuzzing cases on the one answer "a bad token is 401".

This ``flatmap_case`` hook turns three in four of those cases back into requests with the
target's token in ``X-Auth-Token`` in place of the generated security headers (set here:
schemathesis decided on a case's auth as it generated it); schemathesis re-validates the
headers and labels the case positive, so it reaches the provider's deeper checks. The
fourth keeps its broken token and still has to be answered 401.
Cases that also break something else (a query, a body) are left as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import strategies as st
from schemathesis import Case, HookContext
from schemathesis.generation.meta import TestPhase, negated_parameters

from contract_tests.target import TOKEN_HEADER

#: The headers of the spec's security schemes (``components.securitySchemes``).
SECURITY_HEADERS = frozenset({TOKEN_HEADER.lower(), "authorization"})
#: Of the fuzzed cases that break only the token, how many in four get it back.
KEPT_OF_FOUR = 3


def breaks_only_the_token(negated: Iterable[tuple[str, object]]) -> bool:
    """Whether every parameter a negative case broke is a security header (and it broke one)."""
    names = [str(name).lower() for name, _location in negated]
    return bool(names) and all(name in SECURITY_HEADERS for name in names)


def with_target_token(case: Case[Any], token: str) -> Case[Any]:
    """``case`` with ``token`` in place of its generated security headers."""
    headers = {k: v for k, v in case.headers.items() if k.lower() not in SECURITY_HEADERS}
    # Assigned, not edited in place: schemathesis re-validates the headers and relabels
    # the case by what is really sent.
    case.headers = type(case.headers)({**headers, TOKEN_HEADER: token})
    return case


def keep_token(
    token: str,
) -> Callable[[HookContext, Case[Any]], st.SearchStrategy[Case[Any]]]:
    """A ``flatmap_case`` hook: most fuzzed cases that break only the token get it back."""
    choices = st.sampled_from([True] * KEPT_OF_FOUR + [False] * (4 - KEPT_OF_FOUR))

    def hook(context: HookContext, case: Case[Any]) -> st.SearchStrategy[Case[Any]]:
        meta = case.meta
        if (
            meta is None
            or meta.phase.name != TestPhase.FUZZING
            or not meta.generation.mode.is_negative
            or not breaks_only_the_token(negated_parameters(meta))
        ):
            return st.just(case)
        return choices.map(lambda keep: with_target_token(case, token) if keep else case)

    return hook
