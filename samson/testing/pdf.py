"""Readers of the PDFs the reports render, for exact assertions."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def pdf_text(content: bytes) -> str:
    """All pages' text, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def tagged_root(content: bytes, *, language: str, title: str) -> DictionaryObject:
    """The document catalogue of a tagged PDF, after checking what every report promises:
    marked as tagged, in `language`, with the document title `title`."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert str(root["/Lang"]) == language
    mark_info = root["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject)
    assert bool(mark_info["/Marked"])
    assert reader.metadata is not None
    assert reader.metadata.title == title
    return root
