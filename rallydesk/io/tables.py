"""Read a CSV or XLSX file into header + rows of text, with line numbers, or say clearly why not."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import RallyDeskError

#: Columns whose XLSX cells may hold Excel times or durations (fractions of a day).
TIME_COLUMNS = frozenset({"start", "finish", "elapsed", "nominal", "amount"})
#: Key of a row dict that had more cells than the header (reported as a bad row).
EXTRA = "\x00extra"
#: Key of a row dict that could not be read at all (a CSV quote error): reported as a bad row.
UNREADABLE = "\x00unreadable"
MAX_BYTES = 50 * 1024 * 1024
#: No real event comes near this (800 entries × 15 stages is 12,000 times): a file past it is
#: refused in seconds instead of being read for minutes (an XLSX "bomb" of millions of rows).
MAX_ROWS = 100_000
#: Columns read from an XLSX sheet; an import has about ten.
MAX_COLUMNS = 200
#: An XLSX part decompressing past this is refused before openpyxl reads it: openpyxl scans a
#: whole sheet that declares no size before the first row comes out (3 million rows: 30 s).
#: 100,000 rows of ten cells take about 40 MiB of sheet XML.
MAX_XLSX_PART = 64 * 1024 * 1024


@dataclass
class RawTable:
    path: Path
    header: list[str]  # lower-cased, stripped
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, column -> text)


def read_table(path: Path) -> RawTable:
    if not path.exists():
        raise RallyDeskError(f"{path}: no such file")
    if path.is_dir():
        raise RallyDeskError(f"{path}: is a folder, not a CSV or XLSX file")
    size = path.stat().st_size
    if size == 0:
        raise RallyDeskError(f"{path}: the file is empty; expected a header row and data rows")
    if size > MAX_BYTES:
        raise RallyDeskError(
            f"{path}: {size // (1024 * 1024)} MiB is too large for an import file (limit 50 MiB)"
        )
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    return _read_csv(path)


def _read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise RallyDeskError(
            f"{path}: binary data, not a CSV text file; expected CSV (UTF-8, comma or semicolon) or XLSX"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RallyDeskError(
            f"{path}, line {line}: not UTF-8 text (byte {data[exc.start]:#04x}); "
            "save the file as 'CSV UTF-8' and import it again"
        ) from None
    head = text.split("\n", 1)[0]
    delimiter = ";" if head.count(";") > head.count(",") else ","
    # strict: a quote error is an error, not a cell that silently swallows the rows after it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header_line = None
    header: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        first = reader.line_num + 1  # the line this record starts on
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problem = f'malformed CSV ({exc}); is a quote (") missing or doubled?'
            if header_line is None:
                raise RallyDeskError(f"{path}, line {first}: {problem}") from None
            rows.append((first, {UNREADABLE: problem}))
            continue
        if not any(c.strip() for c in rec):
            continue
        if any("\n" in c or "\r" in c for c in rec):
            last = reader.line_num
            problem = (
                f'a quoted cell runs from line {first} to line {last}; a closing quote (") is '
                "probably missing (import cells never span lines)"
            )
            if header_line is None:
                raise RallyDeskError(f"{path}, line {first}: {problem}")
            rows.append((first, {UNREADABLE: problem}))
            continue
        if header_line is None:
            header_line = first
            header = [c.strip().lower() for c in rec]
            continue
        if len(rows) >= MAX_ROWS:
            raise RallyDeskError(_too_many_rows(path))
        rows.append((first, _zip_row(path, first, header, rec)))
    if header_line is None:
        raise RallyDeskError(f"{path}: no header row; expected column names in the first line")
    return RawTable(path, header, rows)


def _zip_row(path: Path, line: int, header: list[str], rec: list[str]) -> dict[str, str]:
    row = {h: (rec[i].strip() if i < len(rec) else "") for i, h in enumerate(header) if h}
    if len(rec) > len(header) and any(c.strip() for c in rec[len(header) :]):
        row[EXTRA] = f"{len(rec)} cells but the header has {len(header)} columns"
    return row


def _too_many_rows(path: Path) -> str:
    return (
        f"{path}: more than {MAX_ROWS:,} rows; no event has that many, so the file is refused "
        "(is it the right file?)"
    )


def _check_xlsx_parts(path: Path) -> None:
    """Refuse a workbook whose parts decompress to absurd sizes, before anything reads them."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.file_size > MAX_XLSX_PART:
                    raise RallyDeskError(
                        f"{path}: the part {info.filename} unpacks to {info.file_size // (1024 * 1024)} MiB "
                        f"(limit {MAX_XLSX_PART // (1024 * 1024)} MiB); not an import file of an event"
                    )
    except (zipfile.BadZipFile, OSError) as exc:
        raise RallyDeskError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None


def _read_xlsx(path: Path) -> RawTable:
    import openpyxl  # type: ignore[import-untyped]  # openpyxl has no type hints

    _check_xlsx_parts(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RallyDeskError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on damaged workbooks
        raise RallyDeskError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__})"
        ) from None
    try:
        ws = wb.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, dict[str, str]]] = []
        epoch = wb.epoch
        # streamed (read-only mode), bounded in columns, stopped at MAX_ROWS lines
        for line, values in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if line > MAX_ROWS:
                raise RallyDeskError(_too_many_rows(path))
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            if header is None:
                header = [("" if v is None else str(v)).strip().lower() for v in values]
                continue
            cells = [
                _cell_text(header[i] if i < len(header) else "", v, epoch)
                for i, v in enumerate(values)
            ]
            while cells and cells[-1] == "":
                cells.pop()
            rows.append((line, _zip_row(path, line, header, cells)))
    finally:
        wb.close()
    if header is None:
        raise RallyDeskError(
            f"{path}: the first sheet is empty; expected a header row and data rows"
        )
    return RawTable(path, header, rows)


#: XLSX time columns that hold a time of day; the others hold durations.
CLOCK_COLUMNS = frozenset({"start", "finish"})


def _cell_text(column: str, v: object, epoch: dt.datetime = dt.datetime(1899, 12, 30)) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, dt.datetime):
        if column in TIME_COLUMNS:
            return _datetime_time(column, v, epoch)
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dt.time):
        return _ms_text(((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.microsecond // 1000)
    if isinstance(v, dt.timedelta):
        ms = v.days * 86_400_000 + v.seconds * 1000 + v.microseconds // 1000
        return _ms_text(ms, signed=column == "amount")
    if isinstance(v, int | float):
        if column in TIME_COLUMNS and abs(v) < 10:  # an Excel duration in days (1 is 24:00:00)
            return _ms_text(round(v * 86_400_000), signed=column == "amount")
        return str(int(v)) if float(v).is_integer() else repr(v)
    return str(v).strip()


def _datetime_time(column: str, v: dt.datetime, epoch: dt.datetime) -> str:
    """A time cell that openpyxl read as a date-time.

    Excel keeps times as days; a cell formatted ``hh:mm:ss`` or ``mm:ss.0`` holding 27 hours
    comes back as 1900-01-01 03:00. The whole number of days counts: the duration is the serial
    number, not its clock part.  A start or finish with a real calendar date keeps its clock time.
    """
    from openpyxl.utils.datetime import to_excel  # type: ignore[import-untyped]  # openpyxl has no type hints

    days = to_excel(v, epoch)
    ms = round(days * 86_400_000)
    if column in CLOCK_COLUMNS:
        if ms >= 2 * 86_400_000:  # a calendar date with a time of day: the clock time counts
            return _ms_text(
                ((v.hour * 60 + v.minute) * 60 + v.second) * 1000 + v.microsecond // 1000
            )
        if ms >= 86_400_000:  # 24:00–47:59: the next day, as docs/rules.md §7 writes it
            return _ms_text(ms - 86_400_000) + " +1"
    return _ms_text(ms, signed=column == "amount")


def _ms_text(ms: int, signed: bool = False) -> str:
    """A cell's duration or time of day as text; a negative one keeps its sign even where no
    sign is expected, so that the row check refuses it (never its absolute value)."""
    sign = "-" if ms < 0 else "+"
    ms = abs(ms)
    text = f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"
    return sign + text if signed or sign == "-" else text
