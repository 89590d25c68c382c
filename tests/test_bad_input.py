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
    "scanned": (_scanned, "no text layer: OCR is not supported yet"),
    "encrypted": (_encrypted, "encrypted"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_bad_pdf_alone_and_in_a_batch(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, reason = CASES[kind]
    bad = tmp_path / "in" / f"{kind}.pdf"
    bad.parent.mkdir()
    make(bad)
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and reason in err[0]
    assert "Traceback" not in err[0]
    assert not (out / kind).exists()
    shutil.copy(PDF, bad.parent / "good.pdf")
    assert main(["run", str(bad.parent), "--out", str(out)]) == 1
    assert sorted(p.name for p in out.iterdir()) == ["datapackage.json", "good"]
    assert (out / "good" / "observations.parquet").is_file()
