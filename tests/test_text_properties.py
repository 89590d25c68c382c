"""Property tests: no text input makes the text path raise anything but its own one-line errors.

Inputs are arbitrary bytes, arbitrary strings in the encodings reports travel in, and (most
searching) shuffled and cut pieces of the shipped dump, which reach deep into the flow reader:
headers without rows, codes without tables, value runs without names.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yeep_extract.extract import InputError
from yeep_extract.extract.text import extract_text
from yeep_extract.extract.text_split import lower_name_counter, unit_names
from yeep_extract.extract.text_words import Piece
from yeep_extract.headers import HeaderError
from yeep_extract.structure import StructureError, build

ROOT = Path(__file__).resolve().parents[1]
SHIPPED_LINES = (ROOT / "raw" / "mersin-yeep-2024.txt").read_text(encoding="utf-8").splitlines()
LAYOUT_LINES = (ROOT / "tests" / "fixtures" / "text" / "mersin-yeep-2024-pdftotext-layout.txt").read_text(
    encoding="utf-8").splitlines()
TABBED_LINES = (ROOT / "tests" / "fixtures" / "text" / "mersin-yeep-2024-tabbed.txt").read_text(
    encoding="utf-8").splitlines()
TOKENS = ["\f", "\r\n", "\t", "\t\t7\t8", "-", "%", "%24,", "82", "2024", "Gerçek", "leşme", "Hedef:", "1.1.",
          "1.1.1.", "   "]
OWN_ERRORS = (InputError, StructureError, HeaderError)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump-2024.txt"
        path.write_bytes(data)
        try:
            build(extract_text(path).cells)
        except OWN_ERRORS as exc:
            message = str(exc)
            assert "\n" not in message and message.strip()
            if isinstance(exc, InputError):
                assert str(path) in message


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1254"]))
def test_any_text_in_any_encoding(text: str, encoding: str) -> None:
    _check(text.encode(encoding, errors="replace"))


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(SHIPPED_LINES), st.sampled_from(TOKENS)), max_size=80),
       st.integers(0, len(SHIPPED_LINES) - 200))
def test_pieces_of_the_shipped_dump(pieces: list[str], start: int) -> None:
    head = SHIPPED_LINES[:12] + SHIPPED_LINES[start:start + 60]  # title and a header, then a slice
    _check("\n".join(head + pieces).encode("utf-8"))


@SETTINGS
@given(st.sampled_from([LAYOUT_LINES, TABBED_LINES]), st.data())
def test_pieces_of_layout_and_tabbed_dumps(source: list[str], data: st.DataObject) -> None:
    """Through the layout geometry: slices, shuffled lines and stray tokens of column-aligned dumps."""
    start = data.draw(st.integers(0, len(source) - 40))
    pieces = data.draw(st.lists(st.one_of(st.sampled_from(source), st.sampled_from(TOKENS)), max_size=40))
    _check("\n".join(source[:8] + source[start:start + 40] + pieces).encode("utf-8"))


#: Words that make unit names start and go on: institution words, fillers, acronyms, capitals, lower
#: case, separators and dashes, as the splitter meets them in a cell's text.
UNIT_WORDS = ["Kadın", "ve", "Aile", "Hizmetleri", "Dairesi", "Başkanlığı", "MEB", "AÇEV", "KADIN", "VE",
              "BAŞKANLIĞI", "mercek", "paydaşlar", "Sosyal", "Hizmetler", "Şube", "Müdürlüğü", ",", "/", "-",
              "STK'lar,", "Dai.", "Bşk.", "hiz.", "Üniversiteler", "İŞKUR", "kurum", "Merkezi"]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(UNIT_WORDS), st.booleans()), min_size=1, max_size=14),
       st.data())
def test_lower_case_name_counts_are_those_of_unit_names(words: list[tuple[str, bool]], data: st.DataObject) -> None:
    """The split's constant-time count of unit names beginning in lower case agrees with cutting the
    very candidate into names (``unit_names``), for every candidate span of random cell text."""
    line = 0
    pieces = []
    for k, (text, new_line) in enumerate(words):
        line += k > 0 and new_line
        pieces.append(Piece(text, line, None, k == 0 or new_line))
    count = lower_name_counter(pieces)
    c1 = data.draw(st.integers(0, len(pieces) - 1))
    c2 = data.draw(st.integers(c1, len(pieces)))
    expected = sum(1 for name in unit_names(pieces[c1:c2]) if name[0].text[:1].islower())
    assert count(c1, c2) == expected
