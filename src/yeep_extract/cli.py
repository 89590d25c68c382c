"""Command line: ``yeep-extract run | eval | schema``.

Exit codes: 0 every input converted (or eval above its thresholds), 1 some input failed (or eval
below a threshold / silent errors), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .vocab import project_root

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
    from .extract import InputError
    from .headers import HeaderError
    from .pipeline import convert
    from .structure import StructureError

    if args.inputs:
        inputs, out = _inputs(args.inputs), args.out
    else:
        inputs, out = _inputs([project_root() / "raw"]), args.out or project_root() / "normalized"
    if out is None:
        print("yeep-extract run: --out DIR is required when inputs are given", file=sys.stderr)
        return 2
    if not inputs:
        print("yeep-extract run: no report files (.pdf, .txt) found", file=sys.stderr)
        return 1
    failed = 0
    for n, path in enumerate(inputs, start=1):
        try:
            if not path.is_file():
                raise InputError(f"{path}: no such file")
            if path.stat().st_size == 0:
                raise InputError(f"{path}: empty file")
            res = convert(path, out, backend=args.backend)
        except (InputError, StructureError, HeaderError) as exc:
            failed += 1
            message = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
            print(f"error: {message}", file=sys.stderr)
            continue
        except Exception as exc:  # a bug must not stop the batch: one line, and the next report
            failed += 1
            print(f"error: {path}: internal error {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
            continue
        status = "ok" if not res.validation_errors else f"INVALID ({len(res.validation_errors)} failures)"
        print(f"[{n}/{len(inputs)}] {path.name}: {res.rows} rows, {res.cells} cells, {res.suspects} suspect, "
              f"{res.quarantined} quarantined, {res.seconds:.2f}s → {res.out} {status}", file=sys.stderr)
        if res.validation_errors:
            failed += 1
            for line in res.validation_errors[:10]:
                print(f"  {line}", file=sys.stderr)
    return 1 if failed else 0


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
    from .fields import TABLES, markdown

    if args.export:
        from .datapackage import export_schemas

        for path in export_schemas(args.export):
            print(path)
        return 0
    print("\n\n".join(markdown(t) for t in TABLES.values()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yeep-extract", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="convert reports (.pdf, .txt, folders) into Parquet")
    run.add_argument("inputs", nargs="*", type=Path, help="files or folders; none: the shipped raw/ reports")
    run.add_argument("--out", type=Path, help="output folder (default with no inputs: normalized/)")
    run.add_argument("--backend", default="pdfplumber", choices=["pdfplumber"], help="PDF backend")
    run.set_defaults(func=_run)
    ev = sub.add_parser("eval", help="score an output folder against gold rows")
    ev.add_argument("outdir", type=Path)
    ev.add_argument("--gold", type=Path, required=True)
    ev.add_argument("--min-cell", type=float, default=1.0, help="minimum cell accuracy (default 1.0)")
    ev.set_defaults(func=_eval)
    sc = sub.add_parser("schema", help="print the output tables' columns as Markdown")
    sc.add_argument("--export", type=Path, metavar="DIR",
                    help="write each table's Frictionless Table Schema as DIR/<table>.schema.json instead")
    sc.set_defaults(func=_schema)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
