"""Command line: ``yeep-extract run | eval | schema | report | units | link | register``.

Built on the Python API (``api.read_report``, through ``pipeline.convert`` per report).
Exit codes: 0 every input converted (or eval above its thresholds), 1 some input failed (or eval
below a threshold / silent errors), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import NoReturn

from . import __version__
from .extract import DEFAULT_BACKEND, PDF_BACKENDS
from .fields import LANGS
from .vocab import project_root

#: The one-line description ``--help`` prints (the module docstring is for readers of the code).
DESCRIPTION = ("Convert Turkish municipal YEEP realization reports (PDF, text) into validated Parquet "
               "(commands: run, eval, schema, report, units, link, register).")

REPORT_SUFFIXES = (".pdf", ".txt")


def _inputs(paths: list[Path]) -> list[Path]:
    """Report files named directly or found recursively in the named folders, sorted, no duplicates."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
        else:
            found.append(p)
    return list(dict.fromkeys(found))


def _run(args: argparse.Namespace) -> int:
    from .batch import EXIT_INTERRUPTED, Options, default_jobs, print_summary, progress, read_ahead, run_batch

    if args.inputs:
        inputs, out = _inputs(args.inputs), args.out
    else:
        inputs, out = _inputs([project_root() / "raw"]), args.out or project_root() / "normalized"
    if out is None:
        print("yeep-extract run: --out DIR is required when inputs are given", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("yeep-extract run: --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.dask is not None and importlib.util.find_spec("distributed") is None:
        print("yeep-extract run: --dask needs the dask extra: pip install 'yeep-extract[dask]'", file=sys.stderr)
        return 2
    if not inputs:
        print("yeep-extract run: no report files (.pdf, .txt) found", file=sys.stderr)
        return 1
    if args.municipality:
        from .normalize.municipalities import ProfileError, profile

        try:
            profile(args.municipality)
        except ProfileError as exc:
            print(f"yeep-extract run: {exc}", file=sys.stderr)
            return 2
    if args.excel:
        from .excel import EXCEL_MISSING, excel_available

        if not excel_available():
            print(f"yeep-extract run: --excel: {EXCEL_MISSING}", file=sys.stderr)
            return 2
    options = Options(out=out, backend=args.backend, cross_check=args.cross_check, strict=args.strict,
                      municipality=args.municipality, excel=args.excel, csv=args.csv, lang=args.lang)
    jobs = args.jobs or default_jobs()
    read_ahead(inputs, options, jobs, args.dask)  # before the progress bar's thread: it forks
    with progress(len(inputs)) as show:
        result = run_batch(inputs, options, jobs, args.log_json, show.report, dask=args.dask, on_page=show.page)
    print_summary(result.outcomes, args.cross_check)
    if result.interrupted:
        print("yeep-extract run: interrupted; converted reports are complete, no partial folder left",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0 if all(o.ok for o in result.outcomes) and len(result.outcomes) == len(inputs) else 1


def _eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, report

    try:
        res = evaluate(args.outdir, args.gold)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_gold = sum(1 for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip())
    print(report(res, n_gold))
    return 0 if res.cell_accuracy >= args.min_cell and res.silent_errors == 0 else 1


def _schema(args: argparse.Namespace) -> int:
    from .fields import ALL_TABLES, markdown

    if args.export:
        from .datapackage import export_schemas

        for path in export_schemas(args.export):
            print(path)
        return 0
    print("\n\n".join(markdown(t) for t in ALL_TABLES.values()))
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    try:
        search = list(dict.fromkeys([Path.cwd() / "raw", project_root() / "raw"]))  # the user's raw/, then ours
        reports = build_report(args.outdir, args.html, pdf=args.pdf, search=search, lang=args.lang)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in reports:
        print(f"{r.report_id}: {len(r.indicators)} indicators, {len(r.pages)} pages drawn ({r.pages_note})",
              file=sys.stderr)
    print(args.html)
    return 0


def _units(args: argparse.Namespace) -> int:
    from .link import read_table, report_folders
    from .normalize.units import UNMATCHED, suggested_alias_row

    matches = read_table(report_folders(args.outdir), "unit_matches")
    if matches.empty:
        print(f"error: no unit_matches.parquet under {' '.join(map(str, args.outdir))}", file=sys.stderr)
        return 2
    if args.unmatched:
        matches = matches[matches["stage"] == UNMATCHED]
        print("# paste into the report's municipality's alias file (schemas/unit_aliases_<municipality>.csv; "
              "schemas/unit_aliases.csv if every municipality shares it) after checking (alias,canonical_name,reason):")
        for _, row in matches.iterrows():
            print(f"{row['report_id']}: {row['printed']!r} x{row['count']} → {row['note']}", file=sys.stderr)
            print(suggested_alias_row(row))
        return 0
    for row in matches.itertuples():
        print(f"{row.report_id}\t{row.role}\t{row.stage}\t{row.printed}\t→ {row.canonical}")
    return 0


def _link(args: argparse.Namespace) -> int:
    from .datapackage import PACKAGE_FILE, write_folder_package
    from .link import build_series, report_folders, write_series

    folders = report_folders(args.outdir)
    if not folders:
        print(f"error: no report folders under {' '.join(map(str, args.outdir))}", file=sys.stderr)
        return 2
    series = build_series(folders)
    failures = write_series(series, args.out)
    for line in failures[:10]:
        print(f"error: {line}", file=sys.stderr)
    if failures:
        return 1
    if (args.out.parent / PACKAGE_FILE).is_file():  # written into an output folder: list it there
        write_folder_package(args.out.parent)
    counts = series["agreement"].value_counts()
    print(f"{len(folders)} reports, {series['indicator_key'].nunique()} indicators, {len(series)} rows "
          f"({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))}) → {args.out}", file=sys.stderr)
    return 0


def _register(args: argparse.Namespace) -> int:
    from .link import read_table, report_folders
    from .normalize.indicators import append_to_registry, load_registry, registry_path, unregistered

    path = args.registry or registry_path()
    indicators = read_table(report_folders(args.outdir), "indicators")
    if indicators.empty:
        print(f"error: no indicators.parquet under {' '.join(map(str, args.outdir))}", file=sys.stderr)
        return 2
    for (_year, report_id), rows in indicators.groupby(["report_year", "report_id"], sort=True):  # oldest first
        added = append_to_registry(unregistered(rows, load_registry(path)), path)
        print(f"{report_id}: {added} indicators added to {path}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yeep-extract", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="convert reports (.pdf, .txt, folders) into Parquet")
    run.add_argument("inputs", nargs="*", type=Path, help="files or folders; none: the shipped raw/ reports")
    run.add_argument("--out", type=Path, help="output folder (default with no inputs: normalized/)")
    run.add_argument("--backend", default=DEFAULT_BACKEND, choices=list(PDF_BACKENDS), help="PDF backend")
    run.add_argument("--cross-check", action="store_true",
                     help="also read PDFs with the other backend; cells read differently become suspect")
    run.add_argument("--jobs", "-j", type=int, help="processes (default: the number of cores)")
    run.add_argument("--dask", metavar="SCHEDULER",
                     help="convert on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local' "
                          "for a LocalCluster of --jobs processes on this machine (needs the dask extra)")
    run.add_argument("--log-json", type=Path, metavar="FILE", help="write one JSON line per report to FILE")
    run.add_argument("--strict", action="store_true",
                     help="a report with suspect values or quarantined text counts as failed (folder still written)")
    run.add_argument("--municipality", metavar="KEY",
                     help="whose reports they are (a key of schemas/municipalities.csv; default: from each title)")
    run.add_argument("--excel", action="store_true",
                     help="also write a workbook <report_id>.xlsx per report (indicators, values, quarantine, legend)")
    run.add_argument("--csv", action="store_true",
                     help="also write <table>.csv per report as Turkish Excel opens it (UTF-8 BOM, ';', decimal comma)")
    run.add_argument("--lang", choices=list(LANGS), default="tr",
                     help="language of the column labels of --excel and --csv (default: tr)")
    run.set_defaults(func=_run)
    ev = sub.add_parser("eval", help="score an output folder against gold rows")
    ev.add_argument("outdir", type=Path, metavar="OUTDIR",
                    help="the report folder to score (DIR/<report_id> written by run), or a folder above it "
                         "(the first report folder found in it is scored)")
    ev.add_argument("--gold", type=Path, required=True, metavar="FILE.jsonl",
                    help="the expected rows, one JSON object per indicator row (the shipped report's gold: "
                         "tests/golden/mersin-yeep-2024.jsonl)")
    ev.add_argument("--min-cell", type=float, default=1.0, help="minimum cell accuracy (default 1.0)")
    ev.set_defaults(func=_eval)
    sc = sub.add_parser("schema", help="print the output tables' columns as Markdown")
    sc.add_argument("--export", type=Path, metavar="DIR",
                    help="write each table's Frictionless Table Schema as DIR/<table>.schema.json instead")
    sc.set_defaults(func=_schema)
    rp = sub.add_parser("report", help="write a self-contained HTML report (summary, suspects, page images)")
    rp.add_argument("outdir", type=Path, help="an output folder or one report's folder in it")
    rp.add_argument("--html", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    rp.add_argument("--pdf", type=Path, metavar="SOURCE",
                    help="the source PDF (default: the manifest's file name in ./raw or the project's raw/)")
    rp.add_argument("--lang", choices=list(LANGS), default="tr",
                    help="language of the report's words and numbers (default: tr, Turkish)")
    rp.set_defaults(func=_report)
    un = sub.add_parser("units", help="how printed unit names were matched to the unit registry")
    un.add_argument("outdir", nargs="+", type=Path, help="output folders or report folders")
    un.add_argument("--unmatched", action="store_true",
                    help="only names that need a person, each with a suggested unit_aliases.csv row")
    un.set_defaults(func=_units)
    ln = sub.add_parser("link", help="join several reports' outputs into one series table")
    ln.add_argument("outdir", nargs="+", type=Path, help="output folders or report folders")
    ln.add_argument("--out", type=Path, required=True, metavar="FILE", help="the series.parquet to write")
    ln.set_defaults(func=_link)
    rg = sub.add_parser("register", help="append converted reports' new indicators to the indicator registry")
    rg.add_argument("outdir", nargs="+", type=Path, help="output folders or report folders")
    rg.add_argument("--registry", type=Path, metavar="FILE", help="default: schemas/indicators.csv")
    rg.set_defaults(func=_register)
    args = parser.parse_args(argv)
    return int(args.func(args))


def entry() -> NoReturn:
    """The ``yeep-extract`` program: ``main`` in a process tuned for converting reports.

    Process-wide settings that a library must not impose on programs importing it live here and
    not in ``main`` (which tests call in-process): cyclic GC runs less often and pyarrow takes the
    system allocator (``batch.tune_process``); and the process ends with ``os._exit`` once ``main``
    has returned, skipping the interpreter's teardown of pandas, pandera and pyarrow (≈ 0.1 s CPU,
    measured in ``benchmarks/README.md``). Nothing is left to tear down by then: every output is
    written, closed and renamed, the log is closed and worker pools are joined inside ``main``; the
    standard streams are flushed here. An exception (argparse's usage exit included) leaves the
    normal way.
    """
    from .batch import tune_process

    tune_process()
    try:
        code = main()
    except BrokenPipeError:  # the reader left (``yeep-extract eval ... | head``): not an error of ours
        code = 0
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe or stream: nothing can reach it
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
