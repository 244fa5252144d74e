"""Command line for the same numbers and the same upload path as the dashboard.

    python -m lib.cli gaps --as-of 2025-06 [--data-dir DIR] [--targets FILE] [--json]
    python -m lib.cli check FILE --period 2025-06 [--targets FILE] [--json]
    python -m lib.cli import FILE --period 2025-06 [--targets FILE] [--data-dir DIR] [--user NAME]
    python -m lib.cli template 2025-06 [--xlsx] [-o FILE]
    python -m lib.cli history 2025-06 [--data-dir DIR] [--json]
    python -m lib.cli restore 2025-06 VERSION [--data-dir DIR] [--user NAME]

``--data-dir`` is a folder holding ``actuals/``; without it the dashboard's own data folder
(``$TQT_DATA_DIR`` or ``data/``). ``gaps`` falls back to the demo months while that folder holds
none (said on stderr); ``import`` and ``restore`` only ever write to the real folder.
Exit codes: 0 done (``check``: accepted), 1 rejected or the data cannot be read, 2 usage error.
"""
from __future__ import annotations

import argparse
import getpass
import json
import math
import re
import sys
from pathlib import Path

from lib import analytics, data, settings, tables, texts
from lib.catalogue import CatalogueError, load_catalogue
from lib.fmt import period_label

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


def _load_catalogue(path: str | None):
    try:
        return load_catalogue(Path(path) if path else data.targets_path())
    except CatalogueError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return None


def _read_input(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(settings.MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        print(f"Không đọc được tệp {path}: {exc.strerror}", file=sys.stderr)
        return None


def _print_check(result, as_json: bool, accepted_text: str = texts.CLI_CHECK_ACCEPTED) -> None:
    if as_json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    if result.accepted:
        print(accepted_text.format(n=len(result.rows)))
    else:
        print(texts.UPLOAD_REJECTED)
        for err in result.errors:
            where = ", ".join(x for x in (f"dòng {err.row}" if err.row else "", f"cột “{err.column}”" if err.column else "") if x)
            print(f"- {where + ': ' if where else ''}{err.message}")
    for warning in result.warnings:
        print(f"! {warning}")


def cmd_check(args: argparse.Namespace) -> int:
    from lib.upload import check_file

    catalogue = _load_catalogue(args.targets)
    raw = _read_input(args.file)
    if catalogue is None:
        return 1
    if raw is None:
        return 2
    result = check_file(raw, Path(args.file).name, args.period, catalogue)
    _print_check(result, args.json)
    return 0 if result.accepted else 1


def cmd_import(args: argparse.Namespace) -> int:
    from lib import storage
    from lib.upload import check_file

    catalogue = _load_catalogue(args.targets)
    raw = _read_input(args.file)
    if catalogue is None:
        return 1
    if raw is None:
        return 2
    result = check_file(raw, Path(args.file).name, args.period, catalogue)
    _print_check(result, False, texts.CLI_IMPORT_ACCEPTED)
    if not result.accepted:
        return 1
    root = Path(args.data_dir) if args.data_dir else data.data_dir()
    try:
        entry = storage.import_rows(root, args.period, result.rows, user=args.user, source=Path(args.file).name)
    except storage.StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if entry.get("unchanged"):
        print(texts.UPLOAD_UNCHANGED.format(period=period_label(args.period)))
    else:
        print(texts.UPLOAD_SAVED.format(period=period_label(args.period), version=entry["version"]))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from lib import templates

    catalogue = _load_catalogue(args.targets)
    if catalogue is None:
        return 1
    content = (templates.template_xlsx if args.xlsx else templates.template_csv)(catalogue, args.period)
    if args.output:
        Path(args.output).write_bytes(content)
    elif args.xlsx and sys.stdout.isatty():
        print("Mẫu Excel là tệp nhị phân: dùng -o TỆP.xlsx", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(content)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from lib import storage

    root = Path(args.data_dir) if args.data_dir else data.data_dir()
    versions = storage.history(root, args.period)
    if args.json:
        json.dump([{k: v for k, v in e.items() if k != "path"} for e in versions], sys.stdout,
                  ensure_ascii=False, indent=1, default=str)
        print()
        return 0
    if not versions:
        print(texts.DATA_NO_HISTORY)
    for e in versions:
        action = texts.ACTION_LABELS.get(e["action"], e["action"])
        extra = f" (từ phiên bản {e['restored_from']})" if e.get("restored_from") else ""
        print(f"{e['version']:>4}  {e['time']}  {e['user']}  {action}{extra}  "
              f"{len(e.get('changes') or [])} chỉ tiêu thay đổi  sha256 {e['sha256'][:12]}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from lib import storage

    root = Path(args.data_dir) if args.data_dir else data.data_dir()
    try:
        entry = storage.restore(root, args.period, args.version, user=args.user)
    except storage.StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if entry.get("unchanged"):
        print(texts.UPLOAD_UNCHANGED.format(period=period_label(args.period)))
    else:
        print(texts.DATA_RESTORED.format(period=period_label(args.period), restored=args.version, version=entry["version"]))
    return 0


def _period_text(text: str) -> str:
    year, month = _period(text)
    return f"{year:04d}-{month:02d}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description=texts.APP_TITLE)
    sub = parser.add_subparsers(dest="command", required=True)
    gaps = sub.add_parser("gaps", help="Bảng chênh lệch so với kế hoạch tính đến một tháng")
    gaps.add_argument("--as-of", required=True, type=_period, help="tháng tính đến, dạng YYYY-MM")
    gaps.add_argument("--data-dir", help="thư mục chứa actuals/ (mặc định: thư mục dữ liệu của bảng điều khiển)")
    gaps.add_argument("--targets", help="tệp chỉ tiêu (mặc định: data/targets_2025.csv)")
    gaps.add_argument("--json", action="store_true", help="in JSON thay cho bảng")
    gaps.set_defaults(func=cmd_gaps)

    check = sub.add_parser("check", help="Kiểm tra một tệp số liệu tháng, không lưu gì")
    check.add_argument("file", help="tệp CSV hoặc .xlsx")
    check.add_argument("--period", required=True, type=_period_text, help="tháng của tệp, dạng YYYY-MM")
    check.add_argument("--targets", help="tệp chỉ tiêu (mặc định: data/targets_2025.csv)")
    check.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    check.set_defaults(func=cmd_check)

    imp = sub.add_parser("import", help="Kiểm tra rồi lưu một tệp số liệu tháng (có phiên bản)")
    imp.add_argument("file", help="tệp CSV hoặc .xlsx")
    imp.add_argument("--period", required=True, type=_period_text, help="tháng của tệp, dạng YYYY-MM")
    imp.add_argument("--targets", help="tệp chỉ tiêu (mặc định: data/targets_2025.csv)")
    imp.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: $TQT_DATA_DIR hoặc data/)")
    imp.add_argument("--user", default=getpass.getuser(), help="tên người nhập (ghi vào nhật ký)")
    imp.set_defaults(func=cmd_import)

    tpl = sub.add_parser("template", help="Tệp mẫu của một tháng (CSV, hoặc Excel với --xlsx)")
    tpl.add_argument("period", type=_period_text, help="tháng, dạng YYYY-MM")
    tpl.add_argument("--xlsx", action="store_true", help="mẫu Excel thay cho CSV")
    tpl.add_argument("-o", "--output", help="ghi ra tệp (mặc định: in ra màn hình)")
    tpl.add_argument("--targets", help="tệp chỉ tiêu (mặc định: data/targets_2025.csv)")
    tpl.set_defaults(func=cmd_template)

    hist = sub.add_parser("history", help="Các phiên bản đã lưu của một tháng")
    hist.add_argument("period", type=_period_text, help="tháng, dạng YYYY-MM")
    hist.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: $TQT_DATA_DIR hoặc data/)")
    hist.add_argument("--json", action="store_true", help="in dạng JSON")
    hist.set_defaults(func=cmd_history)

    res = sub.add_parser("restore", help="Khôi phục một phiên bản (thành phiên bản mới)")
    res.add_argument("period", type=_period_text, help="tháng, dạng YYYY-MM")
    res.add_argument("version", type=int, help="số phiên bản cần khôi phục")
    res.add_argument("--data-dir", help="thư mục dữ liệu (mặc định: $TQT_DATA_DIR hoặc data/)")
    res.add_argument("--user", default=getpass.getuser(), help="tên người thực hiện")
    res.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
