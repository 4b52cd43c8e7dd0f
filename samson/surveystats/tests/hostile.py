"""Hostile files for the readers' tests: a zip bomb, crafted workbooks, random bytes."""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

SHEET = "xl/worksheets/sheet1.xml"
_ROW = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
_MEGABYTE_OF_ROWS = _ROW * (1024 * 1024 // len(_ROW) + 1)


@functools.cache
def xlsx_bomb(megabytes: int = 1000) -> bytes:
    """A valid zip whose one sheet inflates from about 1.5 MB to about 1 GB of XML.

    Deflating a gigabyte takes seconds, so the compressed megabyte is made once and repeated:
    a full flush ends each copy on a byte boundary with an empty dictionary, so the copies
    concatenate into one valid deflate stream.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(_MEGABYTE_OF_ROWS) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    data = block * megabytes + end
    crc = 0
    for _copy in range(megabytes):
        crc = zlib.crc32(_MEGABYTE_OF_ROWS, crc)
    size = len(_MEGABYTE_OF_ROWS) * megabytes
    name = SHEET.encode()
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50,
        20,
        20,
        0,
        8,
        0,
        0x21,
        crc,
        len(data),
        size,
        len(name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    body = local + name + data
    directory = central + name
    end_record = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(directory), len(body), 0)
    return body + directory + end_record


def first_megabyte_of_bomb() -> bytes:
    with zipfile.ZipFile(io.BytesIO(xlsx_bomb())) as archive, archive.open(SHEET) as sheet:
        return sheet.read(len(_MEGABYTE_OF_ROWS))


def expected_first_megabyte() -> bytes:
    return _MEGABYTE_OF_ROWS


def workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_sheet(xlsx: bytes, edit: dict[bytes, bytes]) -> bytes:
    """The workbook with its first sheet's XML changed (each key replaced by its value)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == SHEET:
                for old, new in edit.items():
                    assert old in content, old
                    content = content.replace(old, new)
            target.writestr(info.filename, content)
    return out.getvalue()


def random_bytes(size: int = 4096, seed: int = 13) -> bytes:
    return random.Random(seed).randbytes(size)


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path
