"""Other offices' tables: the sample reports re-laid as other regions lay theirs out.

Another office names and orders its columns in its own words, puts place and dates in one column,
leaves the goal column out and numbers rows "1)" or not at all. The header is read by its words,
so the same events come out; and every field scores as it does on the same rows in the sample's own
layout. The comparison is with the sample *without its goal column*: what that column alone said
(an institution or agreement named only in the goal) goes with it in either layout, so the test
measures the reading of the layout, not the loss of a column. The full-layout figures are printed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GOLD, REPORTS
from test_formats import TABLE_REPORTS, extract, figures, needs_gold, score
from ties.ingest.readers import read_blocks

#: Another office's header words for the record's fields, in its own order.
OTHER_HEADER = ["Мероприятие", "Место и сроки проведения", "Состав участников"]


def relaid_docx(text: Path, out: Path, numbers: str) -> Path:
    """A sample report's table as another office lays it out: its own words and column order, place
    and dates in one column, no goal column; rows numbered "1)" (``numbers="1)"``) or, with no "№"
    column at all, not numbered (``numbers=""``)."""
    def cells(block, roles: dict[str, int]) -> list[str]:
        cell = lambda role: block.cells[roles[role]]  # noqa: E731
        number = block.cells[0].strip().rstrip(".") + numbers[1:]  # "1." -> "1)"
        return ([number] if numbers else []) + [cell("title"), f"{cell('venue')}\n{cell('dates')}".strip(),
                                                cell("participants")]
    return _table_docx(text, out, (["№"] if numbers else []) + OTHER_HEADER, cells)


def without_goal_docx(text: Path, out: Path) -> Path:
    """A sample report in its own layout and words, its goal column's cells left empty."""
    def cells(block, roles: dict[str, int]) -> list[str]:
        return ["" if i == roles["content"] else value for i, value in enumerate(block.cells)]
    return _table_docx(text, out, None, cells)


def _table_docx(text: Path, out: Path, header: list[str] | None, cells) -> Path:
    """The report's text before its table, then a table of ``header`` (None: the report's own) and
    ``cells(row block, column roles)`` for every row; heading rows span the table."""
    import docx
    from ties.ingest.table import column_roles, is_header

    blocks = read_blocks(text)
    found = next(b for b in blocks if is_header(b))
    roles = column_roles(found)
    header = header or list(found.cells)
    document = docx.Document()
    for block in blocks[:blocks.index(found)]:
        document.add_paragraph(block.text)
    rows = [header]
    for block in blocks[blocks.index(found) + 1:]:
        if block.kind == "heading":
            rows.append([block.text])
        elif block.kind == "row":
            rows.append(cells(block, roles))
    table = document.add_table(rows=0, cols=len(header))
    for values in rows:
        row = table.add_row()
        if len(values) == 1:
            row.cells[0].merge(row.cells[-1]).text = values[0]
            continue
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{text.stem}.docx"
    document.save(path)
    return path


@pytest.mark.parametrize("numbers", ["1)", ""], ids=["numbered-1)", "no-number-column"])
@pytest.mark.parametrize("prefix", TABLE_REPORTS)
def test_another_offices_table_gives_the_same_events(prefix: str, numbers: str, tmp_path: Path) -> None:
    """Columns renamed and reordered, place and dates in one column, no goal column: the same events,
    with their titles and dates."""
    from ties.ingest.report import read_report

    text = next(REPORTS.glob(f"{prefix}_*.txt"))
    relaid = read_report(relaid_docx(text, tmp_path, numbers))
    original = read_report(text)
    assert relaid.layout == "table"
    assert [(e.n, e.title, e.start, e.end) for e in relaid.events] == \
        [(e.n, e.title, e.start, e.end) for e in original.events]


@needs_gold
def test_another_offices_tables_score_as_the_samples_own_layout(tmp_path: Path) -> None:
    """The three table reports re-laid: every figure of ``score.py`` within 0.02 of the same rows in
    the sample's own layout (both without the goal column), the events exactly."""
    texts = [next(REPORTS.glob(f"{prefix}_*.txt")) for prefix in TABLE_REPORTS]
    relaid = [relaid_docx(text, tmp_path / "relaid", "1)") for text in texts]
    own = [without_goal_docx(text, tmp_path / "own") for text in texts]
    gold = tmp_path / "gold"
    gold.mkdir()
    for text in texts:
        (gold / f"{text.stem}.json").write_bytes((GOLD / f"{text.stem}.json").read_bytes())
    scored = {}
    for name, paths in (("relaid", relaid), ("own", own), ("full", texts)):
        extract(paths, tmp_path / f"x-{name}")
        scored[name] = figures(score(gold, tmp_path / f"x-{name}" / "json"))
    print("\n".join(f"{k:30} relaid {scored['relaid'][k]:.4f}  own layout {scored['own'][k]:.4f}  "
                    f"with goal column {scored['full'][k]:.4f}" for k in sorted(scored["own"])))
    assert scored["relaid"]["events.f1"] == scored["own"]["events.f1"] == 1.0
    apart = {k: (scored["relaid"][k], v) for k, v in scored["own"].items()
             if not k.endswith((".n", "_pairs")) and abs(scored["relaid"].get(k, -1) - v) > 0.02}
    assert not apart, apart
