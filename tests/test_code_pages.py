"""Turkish text read in the wrong code page gets its letters back (``textnorm.repaired_letters``).

Two mix-ups are common with Turkish documents: a PDF font that maps its Turkish glyphs by
WinAnsiEncoding, or a Windows-1254 dump read as Windows-1252, gives "Baþkanlýðý" (the Western
letters at the bytes of ı, ş, ğ, İ, Ş, Ğ); a UTF-8 dump opened in a one-byte code page and saved
again gives "BaÅŸkanlÄ±ÄŸÄ±". Before the repair both dumps failed whole and the PDF kept its names
misspelt (indicator names 49 of 146 exact).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert
from yeep_extract.textnorm import needs_repair, repaired_letters

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
DUMP = ROOT / "raw" / "mersin-yeep-2024.txt"
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"

#: the Turkish letters and what Windows-1252 shows at their Windows-1254 bytes
TURKISH, WESTERN = "ışğİŞĞ", "ýþðÝÞÐ"
TO_WESTERN = str.maketrans(TURKISH, WESTERN)
#: Turkish text: its letters, digits, white space and the punctuation of the reports
turkish_text = st.text(alphabet=st.sampled_from(
    list("abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZ0123456789 .,;:/()%-–’“”\n")), max_size=80)


def _read_as(code_page: str, text: str) -> str:
    """UTF-8 ``text`` read in a one-byte code page, as Windows does it: the five bytes Windows-1252
    leaves undefined ("”" ends in 0x9D) are shown as Latin-1 shows them."""
    return "".join(bytes([b]).decode(code_page, errors="ignore") or chr(b) for b in text.encode("utf-8"))


def _western_cmaps(out: Path) -> Path:
    """The shipped report with every font's ToUnicode map giving the Western letters for the Turkish
    ones (``<0131>`` → ``<00FD>``, ...): the text layer of a font mapped by WinAnsiEncoding."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf not installed (.ci/run installs it)")
    plain = out.with_suffix(".qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(PDF), str(plain)], check=True)
    data = plain.read_bytes()
    for turkish, western in zip(TURKISH, WESTERN, strict=True):
        data = data.replace(f"<{ord(turkish):04X}>".encode(), f"<{ord(western):04X}>".encode())
    plain.write_bytes(data)
    subprocess.run(["qpdf", str(plain), str(out)], check=True)
    return out


def test_western_letters_and_mojibake_are_put_back() -> None:
    assert repaired_letters("Kadýn ve Aile Hizmetleri Dairesi Baþkanlýðý") == \
        ("Kadın ve Aile Hizmetleri Dairesi Başkanlığı", 5)
    assert repaired_letters("ÝNSAN KAYNAKLARI VE EÐÝTÝM, ÞUBE") == ("İNSAN KAYNAKLARI VE EĞİTİM, ŞUBE", 5)
    assert repaired_letters("KadÄ±n ve Aile Hizmetleri Dairesi BaÅŸkanlÄ±ÄŸÄ±") == \
        ("Kadın ve Aile Hizmetleri Dairesi Başkanlığı", 5)
    assert repaired_letters("Gerçekleşme %24,82 – “Toplantıda belli olacak”") == \
        ("Gerçekleşme %24,82 – “Toplantıda belli olacak”", 0)


@given(turkish_text)
def test_turkish_text_is_left_as_it_is(text: str) -> None:
    assert repaired_letters(text) == (text, 0)


@given(turkish_text)
def test_western_letters_for_turkish_ones_are_all_put_back(text: str) -> None:
    western = text.translate(TO_WESTERN)
    assert repaired_letters(western) == (text, sum(text.count(c) for c in TURKISH))
    assert needs_repair(western) or western == text  # the quick test never misses a repair


@pytest.mark.parametrize("code_page", ["cp1252", "latin-1"])
@given(text=turkish_text)
def test_utf8_read_in_a_one_byte_code_page_is_put_back(code_page: str, text: str) -> None:
    garbled = _read_as(code_page, text)
    assert repaired_letters(garbled)[0] == text


def test_a_sequence_that_would_make_no_turkish_letter_is_left() -> None:
    assert repaired_letters("ÖZGÜ’NÜN") == ("ÖZGÜ’NÜN", 0)  # "Ü’" is the bytes of a Syriac letter


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_a_pdf_whose_fonts_map_turkish_letters_by_winansi_reads_right(backend: str, tmp_path: Path) -> None:
    pdf = _western_cmaps(tmp_path / "mersin-yeep-2024.pdf")
    res = convert(pdf, tmp_path / "out", backend=backend)
    scored = evaluate(tmp_path / "out", GOLD)
    assert scored.cells_right == scored.cells == 730 and scored.silent_errors == 0
    assert scored.text_exact["indicator_name"] == scored.text_exact["activity_title"] == 146
    manifest = json.loads((Path(res.out) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extraction"]["repaired_letters"] > 2000


@pytest.mark.parametrize("garble", ["western letters", "utf-8 read as cp1252"])
def test_a_dump_in_the_wrong_code_page_reads_as_the_right_one(garble: str, tmp_path: Path) -> None:
    text = DUMP.read_text(encoding="utf-8")
    garbled = text.translate(TO_WESTERN) if garble == "western letters" else _read_as("cp1252", text)
    dump = tmp_path / "garbled" / DUMP.name
    dump.parent.mkdir()
    dump.write_text(garbled, encoding="utf-8")
    res = convert(dump, tmp_path / "out")
    right = convert(DUMP, tmp_path / "right")
    for table in ("indicators", "observations", "unit_matches"):
        pd.testing.assert_frame_equal(pd.read_parquet(Path(res.out) / f"{table}.parquet"),
                                      pd.read_parquet(Path(right.out) / f"{table}.parquet"))
    manifest = json.loads((Path(res.out) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["extraction"]["repaired_letters"] > 2000
    assert not re.search("[ýþðÝÞÐ]|Ä±", (Path(res.out) / "manifest.json").read_text(encoding="utf-8"))
