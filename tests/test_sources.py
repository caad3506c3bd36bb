"""Reading and decoding inputs: every bad input gets an InputError naming it."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.errors import BinaryInput, EmptyInput, InputError, InputNotFound, InputTooLarge
from dateline.sources import RawInput, binary_kind, check, decode, looks_like_html, read_path


def test_missing_path_names_the_input(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound) as info:
        read_path(tmp_path / "nope.txt")
    assert "nope.txt" in info.value.one_line()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_path(tmp_path)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_input(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInput):
        read_path(path)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"BZh91AY&SY\x00\x01", "bzip2"),
        (gzip.compress(b"%PDF-1.7\n1 0 obj"), "PDF"),  # what a gzip file holds is checked
        (b"abc\x00\x00\x01def" * 10, "NUL"),
    ],
)
def test_binary_inputs_are_named(tmp_path: Path, data: bytes, expected: str) -> None:
    path = tmp_path / "thing.bin"
    path.write_bytes(data)
    with pytest.raises(BinaryInput) as info:
        read_path(path)
    assert expected in info.value.one_line()
    assert "thing.bin" in info.value.one_line()


def test_a_gzipped_page_is_its_page(tmp_path: Path) -> None:
    page = b"<html><body><p>Talks resumed on Monday.</p></body></html>"
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(page))
    raw = read_path(path)
    assert raw.data == page and raw.location == str(path)


def test_a_gzipped_file_is_bounded_and_checked_whole(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * 3_000_000))  # 3 kB packed
    with pytest.raises(InputTooLarge, match="once unzipped"):
        read_path(bomb, max_bytes=1_000_000)
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(gzip.compress(b"Talks resumed on Monday. " * 400)[:-20])
    with pytest.raises(InputError, match="damaged"):
        read_path(cut)


def test_a_web_archive_is_sent_to_ingest(tmp_path: Path) -> None:
    record = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
    for name, data in [("crawl.warc", record), ("crawl.warc.gz", gzip.compress(record))]:
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError) as info:
            read_path(path)
        line = info.value.one_line()
        assert "WARC" in line and "dateline ingest" in line and name in line


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(2_000_001)  # sparse: costs no disk
    with pytest.raises(InputTooLarge, match="2,000,001 bytes"):
        read_path(path, max_bytes=2_000_000)


def test_utf16_with_bom_is_text_not_binary() -> None:
    data = "Hello from a UTF-16 file.".encode("utf-16")
    assert binary_kind(data) is None
    assert decode(data).text == "Hello from a UTF-16 file."


def test_latin1_is_detected() -> None:
    text = "Le président a déclaré à la presse que la réunion était terminée. " * 5
    decoded = decode(text.encode("latin-1"))
    assert "président" in decoded.text
    assert decoded.warnings


def test_declared_charset_in_html_is_used() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'
    decoded = decode(html.encode("windows-1251"))
    assert "Москва" in decoded.text
    assert decoded.encoding == "windows-1251"


def test_mixed_encoding_keeps_every_character() -> None:
    data = "Café society – “quoted” text. ".encode() * 20 + b" na\xefve \x93smart\x94 "
    decoded = decode(data)
    assert "Café society" in decoded.text
    assert "naïve" in decoded.text
    assert "“smart”" in decoded.text
    assert any("mixed encoding" in w for w in decoded.warnings)


@given(st.binary(max_size=400))
def test_decode_never_raises(data: bytes) -> None:
    assert isinstance(decode(data).text, str)


def test_check_refuses_oversized_bytes() -> None:
    with pytest.raises(InputTooLarge):
        check(RawInput("mem", b"x" * 11), max_bytes=10)


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("  <html lang='en'><head><title>x</title></head></html>", True),
        ("Plain dispatch text.\nWith two lines.", False),
        ("Text that mentions <b>bold</b> once is still text.", False),
    ],
)
def test_html_sniffing(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html
