"""Checks on a query's text before the embedded store runs it: how deep it can nest, and whom it calls.

pyoxigraph parses and evaluates a query recursively on the calling thread's
stack and has no depth limit: 2,200 nested groups, 330 OPTIONALs in a row or
7,000 ``+`` crash the process with a segmentation fault (measured on the
default 8 MB stack). Any construct that adds a level to the query's algebra
(a group, a bracket, an operator, a keyword such as OPTIONAL, each of which
turns the patterns before it into one more nested node) is given a cost in
stack bytes, about twice what it was measured to take; ``check`` refuses a
query whose total is over :data:`STACK_BUDGET`, and ``on_big_stack`` runs the
query on a thread whose stack is four times that, so what passes cannot
overflow. A sum over all constructs overestimates a wide query's depth, so
the budget is generous: 8,000 groups, 16,000 VALUES rows.

``SERVICE`` makes the store send an HTTP request to any address the query
names, from the machine that runs it. pyoxigraph has no switch to turn it
off, so the query text is scanned the way its parser reads it: comments,
strings, IRIs and variables are skipped, and any other word whose prefix part
holds ``service`` counts, written in any case, glued to ``SILENT`` or to a
prefixed name (pyoxigraph reads ``SERVICESILENT<…>`` and ``SERVICE:x``).
Both the text as sent and the text with ``\\u`` escapes expanded are scanned,
so neither reading hides one.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

#: Stack bytes a query may be estimated to need; it runs on a stack four times this.
STACK_BUDGET = 64 << 20
THREAD_STACK = 4 * STACK_BUDGET

_T = TypeVar("_T")

_NAME_CHARS = "A-Za-z0-9_\u00b7\u00c0-\U000effff"
_TOKEN = re.compile("|".join([
    r"(?P<comment>#[^\n\r]*)",
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')',
    r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
    rf"(?P<var>[?$][{_NAME_CHARS}]+)",
    # A keyword, a function name or a prefixed name (prefix part, then ``:`` and the local part).
    rf"(?P<word>(?:[A-Za-z\u00c0-\U000effff][{_NAME_CHARS}.\-]*)?:[{_NAME_CHARS}.\-:%\\]*"
    rf"|[A-Za-z_\u00c0-\U000effff][{_NAME_CHARS}.\-]*)",
    r"(?P<open>[{(\[])",
    r"(?P<close>[})\]])",
    r"(?P<op>\|\||&&|!=|<=|>=|\^\^|[=<>+\-*/|^!])",
]))

#: Stack bytes per construct, about twice the largest measured cost of one more of them.
_KEYWORD_COST = {"optional": 52 << 10, "minus": 52 << 10, "exists": 52 << 10, "service": 52 << 10,
                 "graph": 16 << 10, "union": 8 << 10, "bind": 8 << 10, "filter": 8 << 10, "values": 8 << 10}
_OPEN_COST = {"{": 8 << 10, "(": 4 << 10, "[": 8 << 10}
_CALL_COST = 20 << 10  # a function or aggregate call: CONCAT( took 9 KB a level
_OP_COST = 4 << 10


class QueryRefused(ValueError):
    """The query text is over a limit or calls another server; the message is one line for the user."""


class ServiceRefused(QueryRefused):
    """The query calls another server (SERVICE) that is not allowed."""


@dataclass
class Shape:
    """What a scan of a query text found."""

    cost: int = 0
    depth: int = 0
    #: Each SERVICE: its target IRI, or None when it is a variable or cannot be read from the text.
    services: list[str | None] = field(default_factory=list)


def _expand_escapes(text: str) -> str:
    r"""``\uXXXX`` and ``\UXXXXXXXX`` replaced by their characters, as SPARQL 1.1 allows anywhere."""
    def char(match: re.Match[str]) -> str:
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", char, text)


def _tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) of each token the parser would see; any other character stands alone as ``other``."""
    out, i = [], 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        match = _TOKEN.match(text, i)
        if match is None:
            out.append(("other", text[i]))
            i += 1
            continue
        kind, value = match.lastgroup or "other", match.group()
        if kind == "word":
            value = value.rstrip(".")  # a dot ending a name ends the triple instead
        out.append((kind, value))
        i += len(value)
    return out


def _prefix_part(word: str) -> str:
    return word.split(":", 1)[0].lower()


def scan(text: str) -> Shape:
    """Nesting cost, depth and SERVICE targets of a query text."""
    shape = Shape()
    tokens = _tokens(text)
    prefixes: dict[str, str] = {}
    depth = 0
    for index, (kind, value) in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ("", "")
        if kind == "open":
            depth += 1
            shape.depth = max(shape.depth, depth)
            shape.cost += _OPEN_COST[value]
        elif kind == "close":
            depth -= 1
        elif kind == "op":
            shape.cost += _OP_COST
        elif kind == "word":
            lower = value.lower()
            if lower == "prefix" and following[0] == "word" and index + 2 < len(tokens) \
                    and tokens[index + 2][0] == "iri":
                prefixes[following[1].lower().rstrip(":")] = tokens[index + 2][1][1:-1]
            if "service" in _prefix_part(value):
                shape.services.append(_service_target(value, tokens[index + 1:index + 3], prefixes))
            shape.cost += _KEYWORD_COST.get(lower, _CALL_COST if following == ("open", "(") else 0)
    return shape


def _service_target(word: str, after: Sequence[tuple[str, str]], prefixes: dict[str, str]) -> str | None:
    """The absolute IRI a SERVICE keyword calls, or None when the text does not say it plainly."""
    match = re.fullmatch(r"service(silent)?(:.*)?", word, re.IGNORECASE)
    if match is None:
        return None  # "service" glued into another word: not readable, so not allowed
    rest = list(after)
    if match.group(2):  # SERVICE:local — a prefixed name with the empty prefix
        rest = [("word", match.group(2))]
    elif not match.group(1) and rest and rest[0][0] == "word" and rest[0][1].lower() == "silent":
        rest = rest[1:]
    if not rest:
        return None
    kind, value = rest[0]
    if kind == "iri":
        iri = value[1:-1]
    elif kind == "word" and ":" in value:
        prefix, _, local = value.partition(":")
        if prefix.lower() not in prefixes or "\\" in local or "%" in local:
            return None
        iri = prefixes[prefix.lower()] + local
    else:
        return None
    return iri if re.match(r"https?://", iri, re.IGNORECASE) else None


def check(text: str, allow_service: Sequence[str] | None = (), budget: int = STACK_BUDGET) -> Shape:
    """Refuse a query that could overflow the stack, or that calls a server not in ``allow_service``.

    ``allow_service`` holds URL prefixes a SERVICE may call; None lets any SERVICE through
    (``ties query`` on one's own machine), an empty sequence none (the default of ``ties serve``).
    ``budget`` is a quarter of the stack the query will run on.
    """
    shapes = [scan(text)]
    expanded = _expand_escapes(text)
    if expanded != text:
        shapes.append(scan(expanded))
    cost = max(s.cost for s in shapes)
    if cost > budget:
        depth = max(s.depth for s in shapes)
        raise QueryRefused(f"query too deeply nested or too long to run safely: its groups, brackets, "
                           f"operators and OPTIONALs (nesting depth {depth}) would take about {cost >> 20} MB "
                           f"of stack; the limit is {budget >> 20} MB")
    if allow_service is not None:
        for target in (t for s in shapes for t in s.services):
            if not allow_service:
                raise ServiceRefused("SERVICE (a call to another server) is disabled on this endpoint; "
                                   "start it with --allow-service URL_PREFIX to allow federation")
            if target is None or not any(target.startswith(prefix) for prefix in allow_service):
                shown = f"<{target}>" if target else "a target that is not a plain http(s) IRI"
                raise ServiceRefused(f"SERVICE {shown} is not allowed here; allowed prefixes: "
                                   f"{', '.join(allow_service)}")
    return shapes[0]


def on_big_stack(function: Callable[..., _T], *args: Any, stack: int = THREAD_STACK) -> _T:
    """``function(*args)`` on a thread with a ``stack``-byte stack, its result or exception passed back.

    Every query that passed :func:`check` runs (and is iterated) here, so a deep one fits.
    Used from single-threaded callers: the stack size setting is process-wide while it is set.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as is
            box["error"] = exc

    previous = threading.stack_size(stack)
    try:
        thread = threading.Thread(target=target, name="ties-query", daemon=True)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if "error" in box:
        raise box["error"]
    return box["value"]
