"""Batch runs: processes, JSON log, summary, --strict, clashing output folders, interruption."""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import shutil
import signal
from pathlib import Path

import pytest
from rich.console import Console

from yeep_extract import pipeline
from yeep_extract.batch import (
    Options,
    Outcome,
    _plan,
    convert_one,
    display_names,
    remove_staging,
    run_batch,
    summary_table,
)
from yeep_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
TEXT = ROOT / "raw" / "mersin-yeep-2024.txt"
SHORT_REPORT = ROOT / "tests" / "fixtures" / "layouts" / "header-centred.pdf"  # 21 rows: a quick report
LOG_KEYS = {"file", "status", "rows", "cells", "suspects", "quarantined", "seconds", "error"}


def _copies(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(PDF, folder / name)
    return [folder / name for name in names]


def _parquet_digests(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*.parquet"))}


def test_two_processes_give_the_same_files_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = _copies(tmp_path / "in", ["a-2024.pdf", "b-2024.pdf"])
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")
    log = tmp_path / "log.jsonl"
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "one"), "--jobs", "1"]) == 1
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "two"), "--jobs", "2",
                 "--log-json", str(log)]) == 1
    one, two = _parquet_digests(tmp_path / "one"), _parquet_digests(tmp_path / "two")
    assert one == two and len(one) == 8  # four tables for each of the two good reports
    records = {Path(r["file"]).name: r for r in map(json.loads, log.read_text(encoding="utf-8").splitlines())}
    assert set(records) == {"a-2024.pdf", "b-2024.pdf", "broken.pdf"}
    assert all(set(r) >= LOG_KEYS for r in records.values())
    assert records["a-2024.pdf"]["status"] == "ok" and records["a-2024.pdf"]["cells"] == 730
    assert records["broken.pdf"]["status"] == "failed" and "not a readable PDF" in records["broken.pdf"]["error"]
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    summary = captured.out
    assert "a-2024.pdf" in summary and "2 ok, 1 failed" in summary and "1460" in summary  # totals row
    assert inputs[0].is_file()


def test_strict_fails_a_report_with_doubts_but_keeps_its_folder(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def doubtful(path: Path, out: Path, backend: str = "pdfplumber", cross_check: bool = False,
                 municipality: str | None = None, **_options: object) -> pipeline.ReportResult:
        return pipeline.ReportResult(str(path), "r", str(out / "r"), rows=1, cells=5, suspects=1,
                                     quarantined=0, seconds=0.1)

    monkeypatch.setattr(pipeline, "convert", doubtful)
    path = tmp_path / "r.pdf"
    path.write_bytes(b"%PDF")
    assert convert_one(path, Options(out=tmp_path)).status == "ok"
    strict = convert_one(path, Options(out=tmp_path, strict=True))
    assert strict.status == "strict" and not strict.ok
    assert "1 suspect values" in str(strict.error) and strict.out == str(tmp_path / "r")


def test_pdf_and_its_text_dump_are_one_report_other_clashes_fail(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _copies(tmp_path / "in", ["x-2024.pdf"])
    (tmp_path / "in" / "x-2024.txt").write_text("not read: the PDF beside it is converted", encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    captured = capsys.readouterr()
    assert "skipped, the same report as" in captured.err
    assert "1 ok, 1 skipped, 0 failed" in captured.out  # a skipped input is not counted as converted
    _copies(tmp_path / "other", ["x-2024.pdf"])
    assert main(["run", str(tmp_path / "in" / "x-2024.pdf"), str(tmp_path / "other" / "x-2024.pdf"),
                 "--out", str(tmp_path / "out2"), "--jobs", "2"]) == 1
    assert "same output folder 'x-2024'" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--jobs", "0"], []])
def test_usage_errors_exit_2(argv: list[str], tmp_path: Path) -> None:
    assert main(["run", str(PDF), *argv]) == 2  # --jobs 0; inputs given without --out


def test_remove_staging_only_touches_this_batchs_reports(tmp_path: Path) -> None:
    for name in (".a-2024.x1y2", ".a-2024.old.z9", ".b-2024.q", "a-2024"):
        (tmp_path / name).mkdir()
    remove_staging(tmp_path, ["a-2024"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".b-2024.q", "a-2024"]


def test_a_dump_is_read_when_its_pdf_failed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x-2024.pdf").write_bytes(b"%PDF-1.7 nothing else")
    shutil.copy(TEXT, folder / "x-2024.txt")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "empty.txt").write_bytes(b"")
    log = tmp_path / "log.jsonl"
    assert main(["run", str(folder), "--out", str(tmp_path / "out"), "--jobs", "1", "--log-json", str(log)]) == 1
    status = {Path(r["file"]).name: r["status"] for r in map(json.loads, log.read_text(encoding="utf-8").splitlines())}
    assert status == {"x-2024.pdf": "failed", "x-2024.txt": "ok", "empty.pdf": "failed", "empty.txt": "failed"}
    manifest = json.loads((tmp_path / "out" / "x-2024" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"]["file"] == "x-2024.txt" and manifest["counts"]["cells"] == 730
    captured = capsys.readouterr()
    assert "skipped" not in captured.err and "1 ok, 3 failed" in captured.out


def test_the_summary_keeps_what_tells_reports_apart_on_80_columns() -> None:
    outcomes = [Outcome(file="raw/mersin-yeep-2024.pdf", status="ok", rows=146, cells=730, out="o", disagreements=0),
                Outcome(file="raw/mersin-yeep-2024.txt", status="skipped")]
    console = Console(width=80, file=io.StringIO(), highlight=False)
    console.print(summary_table(outcomes, cross_check=True))
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert max(map(len, lines)) <= 80
    body = lines[lines.index(next(line for line in lines if "───" in line)) + 1:]
    first_column = "".join(line.split()[0] for line in body[:body.index(next(x for x in body if not x.strip()))])
    assert first_column == "mersin-yeep-2024.pdfmersin-yeep-2024.txt"  # names wrap, never cut


@pytest.mark.parametrize(("files", "shown"), [
    (["raw/a-2024.pdf", "raw/a-2024.txt"], ["a-2024.pdf", "a-2024.txt"]),
    (["/data/x/2023/r.pdf", "/data/x/2024/r.pdf"], ["2023/r.pdf", "2024/r.pdf"]),
    (["in/r.pdf"], ["r.pdf"]),
    (["/abs/r.pdf", "rel/r.pdf"], ["/abs/r.pdf", "rel/r.pdf"]),
])
def test_display_names_drop_only_the_shared_folder(files: list[str], shown: list[str]) -> None:
    assert display_names(files) == shown


def test_remove_staging_puts_back_a_folder_caught_between_the_two_renames(tmp_path: Path) -> None:
    (tmp_path / ".a-2024.old.k3j4" / "a-2024").mkdir(parents=True)  # moved aside, the new one not yet in place
    (tmp_path / ".a-2024.old.k3j4" / "a-2024" / "manifest.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".a-2024.x1y2").mkdir()  # the new one, half written
    remove_staging(tmp_path, ["a-2024"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2024"]
    assert (tmp_path / "a-2024" / "manifest.json").is_file()


def test_a_worker_that_dies_fails_its_report_only(tmp_path: Path) -> None:
    """A worker killed mid-report (as by the out-of-memory killer): that report fails, the batch goes on."""
    inputs = [tmp_path / "in" / f"r{i}-2024.pdf" for i in range(4)]
    inputs[0].parent.mkdir()
    for path in inputs:
        shutil.copy(SHORT_REPORT, path)
    killed: list[int] = []

    def kill_a_worker(_outcome: Outcome) -> None:  # after the first report both workers are busy
        if not killed:
            worker = multiprocessing.active_children()[0]
            os.kill(worker.pid, signal.SIGKILL)
            killed.append(worker.pid)

    out = tmp_path / "out"
    result = run_batch(inputs, Options(out=out), jobs=2, on_outcome=kill_a_worker)
    assert not result.interrupted and killed
    failed = [o for o in result.outcomes if o.status == "failed"]
    # the killed worker was converting (its report fails), or, rarely, had just sent its report back
    # (its next job goes to a new worker and nothing fails)
    assert len(failed) <= 1 and all(o.status == "ok" for o in result.outcomes if o not in failed)
    assert all("the worker process converting it ended (signal SIGKILL)" in str(o.error) for o in failed)
    converted = {str(o.report_id) for o in result.outcomes if o.ok}
    present = {p.name for p in out.iterdir()}
    assert converted | {"datapackage.json"} <= present and not any(name.startswith(".") for name in present)
    for name in present - converted - {"datapackage.json"}:  # killed just after renaming its folder in place
        assert {"manifest.json", "observations.parquet"} <= {p.name for p in (out / name).iterdir()}


def test_plan_waits_one_dump_on_its_pdf_whatever_the_order() -> None:
    pdf, dump, upper = Path("in/x-2024.pdf"), Path("in/x-2024.txt"), Path("in/x-2024.TXT")
    plan = _plan([dump, pdf, upper])
    assert plan.first == [pdf] and plan.twins == {dump: pdf}
    assert list(plan.clashes) == [upper] and "same output folder" in str(plan.clashes[upper].error)
