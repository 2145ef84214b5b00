"""docs/sparql.md: every worked query runs on the sample store and gives the answer the page shows.

To refresh the answers after a change of the data model: ``python tests/test_sparql_docs.py STORE``
(a store of ``data/reports`` after ``ties reason``) rewrites the tables under the queries.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from pyoxigraph import Store

DOC = Path(__file__).resolve().parent.parent / "docs" / "sparql.md"
BLOCK = re.compile(r"```sparql\n(.*?)```\n(?:\nAnswer on the sample reports:\n\n((?:\|[^\n]*\|\n)+))?", re.DOTALL)
LEAD = "\nAnswer on the sample reports:\n\n"


def blocks(text: str) -> tuple[str, list[tuple[str, str | None]]]:
    """The prefix block, and every other query with the answer table the page shows after it."""
    found = [(m.group(1), m.group(2)) for m in BLOCK.finditer(text)]
    assert found and all(line.startswith("PREFIX") for line in found[0][0].strip().splitlines())
    return found[0][0], found[1:]


def table(store: Store, prefixes: str, query: str) -> str:
    """The answer as the page shows it: a Markdown table of the values (IRIs, text, numbers, dates)."""
    answer = store.query(prefixes + query)
    names = [v.value for v in answer.variables]
    rows = [["" if row[n] is None else row[n].value.replace("|", "\\|") for n in names] for row in answer]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


@pytest.fixture(scope="module")
def reasoned(demo_store: Path) -> Store:
    """The sample store after ``ties reason``, as ``make demo`` leaves it."""
    return Store.read_only(str(demo_store))


PREFIXES, QUERIES = blocks(DOC.read_text(encoding="utf-8"))


def test_the_page_has_a_worked_query_for_each_main_class() -> None:
    text = DOC.read_text(encoding="utf-8")
    for heading in ("Place", "Institution", "Event", "Tie", "Agreement", "Report"):
        assert f"\n### {heading}\n" in text
    assert len(QUERIES) >= 7 and all(answer for _, answer in QUERIES)


@pytest.mark.parametrize("query, shown", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_worked_query_gives_the_answer_shown(reasoned: Store, query: str, shown: str) -> None:
    got = table(reasoned, PREFIXES, query)
    assert got.count("\n") > 2, "a worked query must find something in the sample store"
    assert got == shown


def regenerate(store_path: str) -> None:
    store, text = Store.read_only(store_path), DOC.read_text(encoding="utf-8")

    def fill(match: re.Match) -> str:
        if match.start() == BLOCK.search(text).start():
            return match.group(0)  # the prefix block
        return f"```sparql\n{match.group(1)}```\n{LEAD}{table(store, PREFIXES, match.group(1))}"
    DOC.write_text(BLOCK.sub(fill, text), encoding="utf-8")


if __name__ == "__main__":
    regenerate(sys.argv[1])
