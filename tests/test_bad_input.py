"""Bad input: one clear line naming the file, exit 1, no output folder, the rest of the batch converted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from yeep_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    path.write_bytes(PDF.read_bytes()[:30000])


def _not_a_pdf(path: Path) -> None:
    path.write_text("Bu bir PDF değil.\n", encoding="utf-8")


def _not_yeep(path: Path) -> None:
    c = canvas.Canvas(str(path), invariant=1)
    c.drawString(100, 700, "An ordinary letter with no table.")
    c.save()


def _scanned(path: Path) -> None:
    c = canvas.Canvas(str(path), invariant=1)
    c.rect(100, 100, 300, 300, fill=1)  # a page with marks but no text layer
    c.save()


def _encrypted(path: Path) -> None:
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (.ci/run installs it)")
    subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", str(PDF), str(path)], check=True)


CASES = {
    "empty": (_empty, "empty file"),
    "truncated": (_truncated, "not a readable PDF"),
    "not-a-pdf": (_not_a_pdf, "not a readable PDF"),
    "not-yeep": (_not_yeep, "no YEEP table"),
    "scanned": (_scanned, "no text layer"),
    "encrypted": (_encrypted, "encrypted"),
}


def _binary_txt(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)  # control bytes throughout: no text in any encoding


def _unknown_encoding_txt(path: Path) -> None:
    # EBCDIC (cp1026, Turkish): every byte decodes in Windows-1254, but most letters come out as
    # control characters, so the file reads as binary rather than as garbled text.
    path.write_bytes("Faaliyet Sorumlu birim Gösterge Mevcut 2024 Gerçekleşme\n".encode("cp1026") * 20)


TEXT_CASES = {
    "binary": (_binary_txt, "not a text file"),
    "unknown-encoding": (_unknown_encoding_txt, "not a text file"),
    "empty-text": (_empty, "empty file"),
}


@pytest.mark.parametrize("kind", list(CASES) + list(TEXT_CASES))
def test_bad_input_alone_and_in_a_batch(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, reason = CASES.get(kind) or TEXT_CASES[kind]
    bad = tmp_path / "in" / f"{kind}.{'pdf' if kind in CASES else 'txt'}"
    bad.parent.mkdir()
    make(bad)
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "0 ok, 1 failed" in captured.out  # the summary table, on stdout
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and reason in err[0]
    assert "Traceback" not in err[0]
    assert not (out / kind).exists()
    shutil.copy(PDF, bad.parent / "good.pdf")
    assert main(["run", str(bad.parent), "--out", str(out), "--jobs", "1"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and reason in errors[0]
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "good"]
    assert (out / "good" / "observations.parquet").is_file()
