"""OpenDocument (.odt) and Rich Text (.rtf) reports, read through LibreOffice's DOCX export.

LibreOffice reads both formats fully (tables, merged cells, sections), and its DOCX is what the
DOCX reader already knows, so the blocks come out as from the report's DOCX. The conversion runs
as the legacy .doc one does (``ingest.readers._read_legacy_doc``): headless, with a throw-away
profile, in its own process group, killed whole after ``config.soffice_timeout()``.
"""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import tempfile
from pathlib import Path

from ties.ingest import readers
from ties.config import soffice_timeout
from ties.ingest.errors import ReportError
from ties.ingest.limits import MAX_UNPACKED, Budget
from ties.ingest.records import Block

#: An ODT is a ZIP like a DOCX; an RTF with pictures is large text: the DOCX limit for both.
MAX_BYTES = MAX_UNPACKED
_KINDS = {".odt": "OpenDocument text (.odt)", ".rtf": "Rich Text (.rtf)"}
_MAGIC = {".odt": b"PK\x03\x04", ".rtf": b"{\\rtf"}


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """The blocks of an .odt or .rtf report, or one line saying what is wrong or what to install."""
    suffix = path.suffix.lower()
    kind = _KINDS.get(suffix, "document")
    if not data.startswith(_MAGIC[suffix]):  # LibreOffice would import any other bytes as plain text
        raise ReportError(path, f"not an {kind} file (its content is something else)")
    how = f"convert it to DOCX first: libreoffice --headless --convert-to docx {shlex.quote(str(path))}"
    office = readers._soffice()
    if office is None:
        raise ReportError(path, f"{kind} file needs LibreOffice (Debian: apt-get install libreoffice-writer-nogui); "
                                f"or {how}")
    return libreoffice_docx(path, data, suffix, kind, how, budget, "docx:MS Word 2007 XML")


def libreoffice_docx(path: Path, data: bytes, suffix: str, kind: str, how: str, budget: Budget,
                     target: str = "docx") -> list[Block]:
    """The blocks of a file LibreOffice converts to DOCX (.doc, .odt, .rtf), converted headless with a
    throw-away profile in its own process group, killed whole after ``config.soffice_timeout()``."""
    office = readers._soffice()
    if office is None:  # callers say what to install before they get here; kept for direct callers
        raise ReportError(path, f"{kind} file needs LibreOffice; {how}")
    what = kind.split(" (")[0]
    with tempfile.TemporaryDirectory(prefix="ties-office-") as tmp:
        work = Path(tmp)
        source = work / f"report{suffix}"  # a plain name: the user's may hold anything
        source.write_bytes(data)
        command = [office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(work / "out"), str(source)]
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise ReportError(path, f"{kind} file: cannot run LibreOffice ({exc.strerror}); {how}") from None
        try:
            process.wait(soffice_timeout())
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
            raise ReportError(path, f"{kind} file: LibreOffice did not convert it within "
                                    f"{soffice_timeout():g} s; {how}") from None
        converted = work / "out" / "report.docx"
        if not converted.is_file():
            raise ReportError(path, f"{kind} file could not be converted by LibreOffice (damaged, or not "
                                    f"{what}?); {how}")
        with open(converted, "rb") as file:
            return readers._read_docx(file, path, budget)
