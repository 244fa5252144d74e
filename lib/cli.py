"""Command line for the same numbers the dashboard shows.

    python -m lib.cli gaps --as-of 2025-06 [--data-dir DIR] [--targets FILE] [--json]

``--data-dir`` is a folder holding ``actuals/``; without it the dashboard's own data folder is
used (the demo months while it holds none, said on stderr). Exit codes: 0 done, 1 the data
cannot be read, 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

from lib import analytics, data, tables, texts
from lib.catalogue import CatalogueError, load_catalogue

JSON_KEYS = ["indicator_code", "target", "actual_to_date", "expected_to_date", "projection",
             "achievement_pct", "status"]


def _period(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError(f"“{text}” không phải tháng dạng YYYY-MM (ví dụ 2025-06)")
    return int(m.group(1)), int(m.group(2))


def _number(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 6)


def gap_records(gaps) -> list[dict]:
    """The gap table as the JSON objects the CLI prints."""
    return [{
        "indicator_code": r["code"],
        "target": _number(r["target"]),
        "actual_to_date": _number(r["actual_to_date"]),
        "expected_to_date": _number(r["expected_to_date"]),
        "projection": _number(r["projection"]),
        "achievement_pct": _number(r["achievement_pct"]),
        "status": r["status"],
    } for r in gaps.to_dict("records")]


def cmd_gaps(args: argparse.Namespace) -> int:
    year, month = args.as_of
    targets = Path(args.targets) if args.targets else data.targets_path()
    if args.data_dir:
        source = data.Source(Path(args.data_dir), is_demo=False)
    else:
        source = data.resolve_source()
        if source.is_demo:
            print("Chú ý: chưa có số liệu thật, đang dùng số liệu minh họa.", file=sys.stderr)
    try:
        catalogue = load_catalogue(targets)
        store = data.Store(catalogue, data.read_actuals(source.root, catalogue), source)
    except (CatalogueError, data.ActualsError) as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return 1
    gaps = analytics.gap_table(store, year, month)
    if args.json:
        json.dump(gap_records(gaps), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        table = tables.indicator_table(gaps, year, with_sector=True)
        print(f"{texts.AS_OF_LABEL} {month}/{year}")
        print(table.to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description=texts.APP_TITLE)
    sub = parser.add_subparsers(dest="command", required=True)
    gaps = sub.add_parser("gaps", help="Bảng chênh lệch so với kế hoạch tính đến một tháng")
    gaps.add_argument("--as-of", required=True, type=_period, help="tháng tính đến, dạng YYYY-MM")
    gaps.add_argument("--data-dir", help="thư mục chứa actuals/ (mặc định: thư mục dữ liệu của bảng điều khiển)")
    gaps.add_argument("--targets", help="tệp chỉ tiêu (mặc định: data/targets_2025.csv)")
    gaps.add_argument("--json", action="store_true", help="in JSON thay cho bảng")
    gaps.set_defaults(func=cmd_gaps)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
