"""Readers on the real sample reports, on re-encoded copies, on DOCX and on bad files."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest

from ties.ingest.errors import ReportError
from ties.ingest.readers import decode_text, read_blocks
from ties.ingest.records import Block

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def sample(prefix: str) -> Path:
    """The sample report whose name starts with ``prefix`` (names carry a hash)."""
    (path,) = REPORTS.glob(f"{prefix}_*.txt")
    return path


def numbered_rows(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "row" and not b.cells[0].startswith("№")]


def headings(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.kind == "heading"]


# --- the samples ----------------------------------------------------------------


@pytest.mark.parametrize("prefix, rows", [("000", 0), ("001", 34), ("002", 23), ("003", 0), ("004", 6)])
def test_sample_row_counts(prefix: str, rows: int) -> None:
    blocks = read_blocks(sample(prefix))
    numbered = numbered_rows(blocks)
    assert len(numbered) == rows
    assert [b.cells[0] for b in numbered] == [f"{n}." for n in range(1, rows + 1)]
    if rows:
        header = [b for b in blocks if b.kind == "row"][0]
        assert header.cells[0].startswith("№") and len(header.cells) == 6
        assert all(len(b.cells) == 6 for b in numbered)
    else:
        assert {b.kind for b in blocks} == {"paragraph"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_artifacts_or_odd_spaces_survive(prefix: str) -> None:
    for block in read_blocks(sample(prefix)):
        assert "[bookmark" not in block.text and "\xa0" not in block.text and "\t" not in block.text
        assert all(cell == cell.strip() for cell in block.cells)
        assert all(line == line.rstrip() for line in block.text.split("\n"))


def test_001_headings_and_cells() -> None:
    blocks = read_blocks(sample("001"))
    assert headings(blocks) == [
        "Город Смоленск",
        "Муниципальное образование «Вяземский район» Смоленской области",
        "Муниципальное образование «город Десногорск» Смоленской области",
        "Муниципальное образование «Гагаринский район» Смоленской области",
        "Муниципальное образование «Сафоновский район» Смоленской области",
        "Муниципальное образование «Хиславичский район» Смоленской области",
    ]
    assert blocks[0] == Block(
        "paragraph",
        ("Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления\n"
         "муниципальных образований Смоленской области в I квартале 2023 года",),
        1,
    )
    assert blocks[1].cells[:4] == ("№\nп/п", "Наименование мероприятия", "Место проведения\nмероприятия",
                                   "Сроки\nпроведения\nмероприятия")
    assert (blocks[1].line, blocks[2].line) == (4, 17)
    rows = numbered_rows(blocks)
    assert rows[0].line == 19
    assert rows[0].cells[2:4] == ("г. Москва\n(в дистанционном формате)",
                                  "18 декабря 2022 года –\n18 января\n2023 года")
    assert rows[11].cells[0] == "12."  # "12. [bookmark: _GoBack]" in the export
    # a blank line inside a cell stays part of it; the trailing one is dropped
    assert rows[18].cells[2] == "г. Гагарин,\nСмоленская область\n(ФГБУК «Музей-заповедник\nЮ.А. Гагарина»)"
    assert rows[33].cells[5].startswith("Делегация Хиславичского района")


def test_002_headings_and_cells_with_blank_lines() -> None:
    blocks = read_blocks(sample("002"))
    names = headings(blocks)
    assert names[:3] == [
        "Сотрудничество в сфере инвестиционного развития",
        "Представительство Администрации Смоленской области при Правительстве Российской Федерации",
        "Сотрудничество в сфере культуры",
    ]
    assert "Сотрудничество в сфере спорта" in names and len(names) == 10
    assert blocks[-1].kind == "heading"  # the sentence after the table
    assert blocks[-1].text.startswith("В III квартале 2023 года состоялись 2 встречи")
    rows = numbered_rows(blocks)
    assert rows[0].cells[4].startswith("Поддержание внешнеэкономических отношений между Россией и Турцией")
    # blank lines after a cell's text (four of them after cell 2 of row 4) belong to no cell text
    assert rows[3].cells[1] == ("Участие в мероприятиях республиканского праздника «Купалье» "
                                "(«Александрия собирает друзей»)")
    assert rows[3].cells[2] == ("агрогородок Александрия, Шкловский район, Могилевская область,\n"
                                "Республика Беларусь")
    assert rows[3].cells[3] == "8-9 июля\n2023 года"
    assert rows[10].cells[4].startswith("На официальном сайте") and not rows[10].cells[4].endswith("\n")
    assert rows[10].cells[5] == "Посетители сайта ОГБУК «Смоленский государственный музей-заповедник»"


def test_004_title_paragraphs_and_empty_cells() -> None:
    blocks = read_blocks(sample("004"))
    assert [(b.kind, b.line) for b in blocks[:2]] == [("paragraph", 1), ("paragraph", 3)]
    assert blocks[0].text == "2"
    assert blocks[1].text.endswith("\nСмоленской области в международной сфере во II квартале 2020 года")
    assert headings(blocks) == [
        "Город Смоленск",
        "Муниципальное образование «город Десногорск» Смоленской области",
        "Муниципальное образование «Рославльский район» Смоленской области",
    ]
    first = numbered_rows(blocks)[0]
    assert first.cells[2] == "" and first.cells[3] == "5 июня"  # an empty "\t" cell keeps its column


def test_prose_reports_are_one_paragraph_per_line() -> None:
    blocks = read_blocks(sample("000"))
    assert [b.line for b in blocks[:4]] == [1, 2, 3, 5]
    assert blocks[14].text.startswith("С целью дальнейшей координации")
    blocks = read_blocks(sample("003"))
    assert blocks[0] == Block("paragraph", ("ХАБАРОВСК",), 3)


# --- encodings --------------------------------------------------------------------


def _encode(text: str, codec: str) -> bytes:
    if codec == "utf-16-be+bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    if codec == "cp1251-crlf":
        return text.replace("\n", "\r\n").encode("cp1251")
    return text.encode(codec)  # "utf-16" writes a BOM, "utf-8-sig" too


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be+bom", "cp1251", "cp1251-crlf"])
def test_same_blocks_in_every_encoding(tmp_path: Path, prefix: str, codec: str) -> None:
    original = sample(prefix)
    copy = tmp_path / f"{prefix}.txt"
    copy.write_bytes(_encode(original.read_text(encoding="utf-8"), codec))
    assert read_blocks(copy) == read_blocks(original)


def test_decode_text_normalises_line_ends_and_spaces() -> None:
    assert decode_text("а\r\nб\rв\xa0г".encode("cp1251"), "x.txt") == "а\nб\nв г"


def test_decode_text_refuses_non_russian_8bit_text() -> None:
    with pytest.raises(ReportError, match="unknown text encoding"):
        decode_text("Müller café déjà vu".encode("latin-1"), "x.txt")


# --- DOCX -------------------------------------------------------------------------

TITLE = ("Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления \n"
         "муниципальных образований Смоленской области в I квартале 2023 года")
#: Header and rows 1-3 of report 001 as Word holds them: one list of paragraphs per cell.
HEADER = [["№", "п/п"], ["Наименование мероприятия"], ["Место проведения", "мероприятия"],
          ["Сроки", "проведения", "мероприятия"],
          ["Цель, содержание и результат мероприятия",
           "(в том числе краткая информация о достигнутых договоренностях, подписанных документах)"],
          ["Участники мероприятия", "(общее количество, другие дополнительные сведения)"]]
ROWS = [
    [["1. "], ["Участие в Международном конкурсе-фестивале искусства «Щелкунчик»"],
     ["г. Москва", "(в дистанционном формате)"], ["18 декабря 2022 года –  ", "18 января", "2023 года"],
     ["Выявление и поддержка юных талантов, формирование творческого потенциала подрастающего поколения. ",
      "Конкурс проводится при поддержке Министерства культуры Российской Федерации и Государственного "
      "портала «PRO Культура»"],
     ["Обучающиеся МБУДО «Детская музыкальная школа № 5 им. В.П. Дубровского» города Смоленска, участники "
      "из Российской Федерации, Республики Беларусь, Республики Казахстан"]],
    [["2. "], ["Изготовление серии обучающих видеороликов «Русский язык как иностранный» для поддержки "
               "французских граждан, изучающих русский язык в г.\xa0Тюле (Французская Республика)"],
     ["г. Смоленск", "(в дистанционном формате)"], ["Декабрь ", "2022  года – январь ", "2023 года"],
     ["Продвижение русского языка за рубежом, распространение информации о г. Смоленске, как о\xa0городе "
      "с богатой историей и культурой. ",
      "Результат: ролики демонстрируются на занятиях по русскому языку, жители г. Тюля (Французская "
      "Республика) изучают лексику, знакомятся с достопримечательностями ", "г. Смоленска"],
     ["Сотрудники Администрации города Смоленска, ",
      "представители общественности г.\xa0Тюля (Французская Республика), изучающие русский язык"]],
    [["3. "], ["Участие в ", "IV Международной олимпиаде по сольфеджио «Музыкальный снегопад»"],
     ["г. Череповец", "(в дистанционном формате)"], ["Декабрь ", "2022  года – январь ", "2023 года"],
     ["Повышение интереса учащихся к музыкально-теоретическим предметам, совершенствование качества "
      "обучения учащихся по предметам музыкально-теоретического цикла, выявление способных и одаренных "
      "детей, повышение профессионально-педагогического мастерства преподавателей"],
     ["Обучающиеся МБУДО «Детская школа искусств ", "№ 7» города Смоленска, ",
      "участники из Российской Федерации, Республики Беларусь, Республики Казахстан"]],
]


def _fill(cell: docx.table._Cell, paragraphs: list[str]) -> None:
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def _report_001_docx(path: Path) -> Path:
    """A small DOCX shaped like the original of report 001: title, table, closing line."""
    document = docx.Document()
    document.add_paragraph(TITLE)  # the "\n" becomes a line break inside the paragraph
    document.add_paragraph("")
    table = document.add_table(rows=2 + len(ROWS), cols=6)
    for cell, paragraphs in zip(table.rows[0].cells, HEADER):
        _fill(cell, paragraphs)
    merged = table.cell(1, 0).merge(table.cell(1, 5))
    merged.text = "Город Смоленск"
    for row, cells in zip(table.rows[2:], ROWS):
        for cell, paragraphs in zip(row.cells, cells):
            _fill(cell, paragraphs)
    document.add_paragraph("Итого: 3 мероприятия")
    document.save(path)
    return path


def test_docx_reads_back_like_the_text_export(tmp_path: Path) -> None:
    blocks = read_blocks(_report_001_docx(tmp_path / "001.docx"))
    expected = read_blocks(sample("001"))[:6]  # title, header, "Город Смоленск", rows 1-3
    assert [(b.kind, b.cells) for b in blocks[:6]] == [(b.kind, b.cells) for b in expected]
    assert blocks[6] == Block("paragraph", ("Итого: 3 мероприятия",), 8)
    assert [b.line for b in blocks] == [1, 3, 4, 5, 6, 7, 8]  # the empty paragraph 2 is skipped


def test_docx_nested_table_is_flattened_into_cell_text(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1."
    inner = table.cell(0, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "г. Витебск", "Республика Беларусь"
    document.save(tmp_path / "nested.docx")
    assert read_blocks(tmp_path / "nested.docx") == [
        Block("row", ("1.", "г. Витебск\nРеспублика Беларусь"), 1)]


# --- bad files ----------------------------------------------------------------------


def _broken_docx(tmp_path: Path, name: str) -> Path:
    """A real DOCX damaged as ``name`` says: cut in half, or document.xml missing / unparsable."""
    whole = _report_001_docx(tmp_path / "whole.docx")
    path = tmp_path / f"{name}.docx"
    if name == "truncated":
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) // 2])
        return path
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
            elif name == "bad-xml":
                target.writestr(item, source.read(item)[:500])
    return path


def _bad_file(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"report-{case}.txt"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "whitespace":
        path.write_bytes(b" \t\r\n\n   \n\t\n")
    elif case == "binary":
        path.write_bytes(random.Random(0).randbytes(4096))
    elif case == "binary-no-nul":
        path.write_bytes(bytes(b for b in random.Random(1).randbytes(4096) if b))
    elif case == "doc":
        path = tmp_path / "report.doc"
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    elif case == "missing":
        path = tmp_path / "no-such-report.txt"
    elif case == "directory":
        path = tmp_path / "a-folder.txt"
        path.mkdir()
    else:
        path = _broken_docx(tmp_path, case)
    return path


@pytest.mark.parametrize("case, problem", [
    ("empty", "empty file (0 bytes)"),
    ("whitespace", "empty file (only whitespace)"),
    ("binary", "not a text report (binary content)"),
    ("binary-no-nul", "not a text report (binary content)"),
    ("truncated", "damaged or truncated DOCX"),
    ("no-document", "damaged DOCX"),
    ("bad-xml", "damaged DOCX"),
    ("doc", "legacy Word .doc file"),
    ("missing", "file not found"),
    ("directory", "is a directory"),
])
def test_bad_files_raise_one_plain_report_error(tmp_path: Path, case: str, problem: str) -> None:
    path = _bad_file(tmp_path, case)
    with pytest.raises(ReportError) as caught:
        read_blocks(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message
    assert "\n" not in message and caught.value.path == path
    error = caught.value  # no chained low-level exception shown under ours
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__)
    if case == "doc":
        assert f"libreoffice --headless --convert-to docx {path}" in message
