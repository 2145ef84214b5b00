"""Other offices' table headers: a CSV whose header cells hold the delimiter's rival (a comma in
«Место (страна, город)» of a ";" file), and columns no field is named by, told as one warning line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT
from test_formats import facts, sheet_rows, write_csv


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_another_offices_csv_with_commas_in_its_header_gives_the_same_events(prefix: str, tmp_path: Path) -> None:
    """A ";" CSV whose header says «Место (страна, город)»: the comma must not be taken for the delimiter."""
    from ties.ingest.report import read_report

    text = next(REPORTS.glob(f"{prefix}_*.txt"))
    rows = sheet_rows(text, other_office=True)
    assert any("," in cell for row in rows for cell in row if cell == "Место (страна, город)")
    sheet = write_csv(rows, tmp_path / f"{text.stem}.csv")
    assert facts(read_report(sheet)) == facts(read_report(text))


def test_a_short_csv_with_one_comma_in_every_row_is_read_by_its_semicolons(tmp_path: Path) -> None:
    """Every row holds one comma («страна, город» in the place column), so a comma is as regular as
    the ";": csv.Sniffer prefers the comma then, and the header would be cut in the middle of a cell."""
    from ties.ingest.report import read_report

    sheet = write_csv([["№", "Мероприятие", "Дата проведения", "Место (страна, город)", "Состав участников"],
                       ["1", "Визит делегации администрации в город-побратим", "12.03.2024", "Беларусь, Витебск",
                        "3 человека"],
                       ["2", "Участие в фестивале «Славянский базар»", "14.07.2024", "Беларусь, Витебск",
                        "ансамбль «Родник»"]], tmp_path / "short.csv")
    report = read_report(sheet)
    assert [(e.n, e.start.isoformat(), e.countries) for e in report.events] == \
        [(1, "2024-03-12", ["BY"]), (2, "2024-07-14", ["BY"])]
    assert [e.title for e in report.events] == ["Визит делегации администрации в город-побратим",
                                                "Участие в фестивале «Славянский базар»"]
    assert [[p.name for p in e.foreign_places] for e in report.events] == [["Витебск"], ["Витебск"]]


def test_columns_not_understood_are_one_warning_line_and_the_report_still_goes_in(tmp_path: Path) -> None:
    """Two columns no field is named by («Ответственный», «Примечание»): the events are those of the
    report without them, and the user is told once which columns were guessed at."""
    from ties.ingest.report import read_report

    text = next(REPORTS.glob("001_*.txt"))
    rows = sheet_rows(text, other_office=True)
    header_at = next(i for i, row in enumerate(rows) if "Мероприятие" in row)
    wide = [row if i < header_at else row + (["Ответственный", "Примечание"] if i == header_at else
            (["Иванов И. И.", "—"] if sum(bool(c.strip()) for c in row) > 1 else ["", ""]))
            for i, row in enumerate(rows)]
    plain = write_csv(rows, tmp_path / "plain.csv")
    sheet = write_csv(wide, tmp_path / "wide.csv")
    assert facts(read_report(sheet)) == facts(read_report(plain))
    assert read_report(plain).notes == []

    result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(tmp_path / "store"), "-q", "build",
                             str(sheet)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"warning: {sheet}: table columns not understood from their header: ")
    assert "«Ответственный»" in warnings[0] and "«Примечание»" in warnings[0]
    assert "Мероприятие" not in warnings[0]
