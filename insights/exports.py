"""The reports' numbers as files: CSV (UTF-8 with a BOM, semicolons in Swedish as Excel
expects there) and XLSX (openpyxl). Header lines (what the report is, which period, which
organisation) come first, then the table."""

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils import translation

Cell = str | int | float | None

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_cell(value: Cell) -> Cell:
    """Spreadsheets run text cells starting with = + - @ as formulas: make them plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_response(
    filename: str,
    *,
    preamble: Sequence[Sequence[Cell]],
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    buffer = io.StringIO()
    delimiter = ";" if translation.get_language() == "sv" else ","
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in [*preamble, [], header, *rows] if preamble else [header, *rows]:
        writer.writerow([_csv_cell(cell) for cell in line])
    response.write("\ufeff" + buffer.getvalue())
    return response


def xlsx_response(
    filename: str,
    *,
    sheet_title: str,
    preamble: Sequence[Sequence[Cell]],
    header: Sequence[Cell],
    rows: Sequence[Sequence[Cell]],
) -> HttpResponse:
    from openpyxl import Workbook  # noqa: PLC0415 -- slow import, only for an XLSX export
    from openpyxl.styles import Font  # noqa: PLC0415 -- slow import, only for an XLSX export

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for line in preamble:
        sheet.append([_csv_cell(cell) for cell in line])
    if preamble:
        sheet.append([])
    sheet.append(list(header))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for line in rows:
        sheet.append([_csv_cell(cell) for cell in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
