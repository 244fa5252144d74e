"""Command line for the same numbers and the same upload path as the dashboard.

    python -m lib.cli gaps --as-of 2025-06 [--data-dir DIR] [--targets FILE] [--json]
    python -m lib.cli check FILE --period 2025-06 [--targets FILE] [--data-dir DIR] [--json]
    python -m lib.cli import FILE --period 2025-06 [--targets FILE] [--data-dir DIR] [--user NAME]
    python -m lib.cli template 2025-06 [--xlsx] [--by-unit] [-o FILE] [--data-dir DIR]
    python -m lib.cli history 2025-06 [--data-dir DIR] [--json]
    python -m lib.cli restore 2025-06 VERSION [--data-dir DIR] [--user NAME]
    python -m lib.cli backup [-o FILE|DIR] [--data-dir DIR] [--targets FILE]
    python -m lib.cli restore-backup FILE [--data-dir DIR] [--targets FILE] [--yes]
    python -m lib.cli add-user NAME --role viewer|editor|admin [--full-name "…"] [--password-stdin] [--secrets FILE]
    python -m lib.cli remove-user NAME [--force] [--secrets FILE]
    python -m lib.cli list-users [--secrets FILE]
    python -m lib.cli tasks --as-of 2025-06 [--data-dir DIR] [--json]
    python -m lib.cli report --as-of 2025-06 --format docx|pdf|xlsx|png [-o FILE|DIR] [--date 2025-07-05]
                             [--data-dir DIR] [--targets FILE]

``--data-dir`` is a folder holding ``actuals/``; without it the dashboard's own data folder
(``$TQT_DATA_DIR`` or ``data/``). ``gaps`` falls back to the demo months while that folder holds
none (said on stderr); ``import`` and ``restore`` only ever write to the real folder.
The account commands edit the sign-in file (``--secrets``, else ``$TQT_SECRETS`` or
``.streamlit/secrets.toml``, never committed), keeping its comments and other sections, and
write it atomically with mode 0600; lib/access/auth.py describes its format.
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

from lib.analytics import datastore, formulas
from lib.core import periods, problems, settings, texts
from lib.core.fmt import period_label
from lib.core.problems import Problem, ProblemsError
from lib.readers.catalogue import CatalogueError, load_catalogue
from lib.readers.months import ActualsError
from lib.views import tables

JSON_KEYS = ["indicator_code", "target", "actual_to_date", "expected_to_date", "projection",
             "achievement_pct", "status", "data_through"]


def _period(text: str) -> tuple[int, int]:
    """A month as the CLI takes it: year first, "2025-06" or "2025-6" (``lib.core.periods``)."""
    parsed = periods.parse_period(text) if "/" not in text else None
    if parsed is None:
        raise argparse.ArgumentTypeError(texts.CLI_BAD_MONTH.format(value=text))
    return parsed


def _print_problems(error: ProblemsError) -> None:
    """A reader's problems on stderr, one line each."""
    for line in problems.lines(error.problems):
        print(line, file=sys.stderr)


def _number(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 6)


def _through(year: int, month) -> str | None:
    """``data_through`` as "YYYY-MM", or None when nothing is reported."""
    return None if _number(month) is None else f"{year}-{int(month):02d}"


def gap_records(gaps, year: int) -> list[dict]:
    """The gap table of ``year`` as the JSON objects the CLI prints."""
    return [{
        "indicator_code": r["code"],
        "target": _number(r["target"]),
        "actual_to_date": _number(r["actual_to_date"]),
        "expected_to_date": _number(r["expected_to_date"]),
        "projection": _number(r["projection"]),
        "achievement_pct": _number(r["achievement_pct"]),
        "status": r["status"],
        "data_through": _through(year, r["data_through"]),
    } for r in gaps.to_dict("records")]


def _open_store(args: argparse.Namespace, demo_notice: str) -> datastore.Store | None:
    """The Store of ``--data-dir`` (else the dashboard's folder, or the demo months while it holds
    none, said on stderr) and ``--targets``; None, with the reasons on stderr, when unreadable."""
    targets = Path(args.targets) if args.targets else datastore.targets_path()
    source = datastore.Source(Path(args.data_dir), is_demo=False) if args.data_dir else datastore.resolve_source()
    if source.is_demo:
        print(demo_notice, file=sys.stderr)
    try:
        catalogue = load_catalogue(targets)
        return datastore.Store(catalogue, datastore.read_actuals(source.root, catalogue), source)
    except (CatalogueError, ActualsError) as exc:
        _print_problems(exc)
        return None


def cmd_gaps(args: argparse.Namespace) -> int:
    year, month = args.as_of
    store = _open_store(args, texts.CLI_GAPS_DEMO)
    if store is None:
        return 1
    gaps = formulas.gap_table(store, year, month)
    if args.json:
        json.dump(gap_records(gaps, year), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        table = tables.indicator_table(gaps, year, with_sector=True)
        print(f"{texts.AS_OF_LABEL} {month}/{year}")
        print(table.to_string(index=False))
    return 0


def _load_catalogue(path: str | None):
    try:
        return load_catalogue(Path(path) if path else datastore.targets_path())
    except CatalogueError as exc:
        _print_problems(exc)
        return None


def _read_input(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(settings.MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        print(texts.CLI_INPUT_UNREADABLE.format(path=path, msg=exc.strerror), file=sys.stderr)
        return None


def _problem_line(err) -> str:
    """One problem of a checked file as the CLI lists it: “dòng 3, cột “value”: …” (the place in
    lower case, after the list's dash), or the message alone when it names its place itself."""
    if isinstance(err, Problem) and err.names_its_place:
        return str(err)
    if err.row and err.column:
        return texts.CLI_PROBLEM_AT_ROW_COLUMN.format(row=err.row, column=err.column, message=err.message)
    if err.row:
        return texts.CLI_PROBLEM_AT_ROW.format(row=err.row, message=err.message)
    if err.column:
        return texts.CLI_PROBLEM_AT_COLUMN.format(column=err.column, message=err.message)
    return err.message


def check_json(result) -> dict:
    """``check --json``: the result's JSON, its problems as ``lib.core.problems.to_json`` writes them
    (row, column, code, params, message) once they are ``Problem``s."""
    data = result.to_json()
    if all(isinstance(err, Problem) for err in result.errors):
        data["errors"] = problems.to_json(result.errors)
    return data


def _print_check(result, as_json: bool, accepted_text: str = texts.CLI_CHECK_ACCEPTED) -> None:
    if as_json:
        json.dump(check_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return
    if result.accepted:
        print(accepted_text.format(n=result.indicator_count))
    else:
        print(texts.UPLOAD_REJECTED)
        for err in result.errors:
            print(f"- {_problem_line(err)}")
    for warning in result.warnings:
        print(f"! {warning}")


def _check_input(args: argparse.Namespace):
    """The shared start of ``check`` and ``import``: load the catalogue, read ``args.file`` and
    check it for ``args.period`` against the months stored in ``--data-dir`` (else the dashboard's
    folder), as the sidebar does. Returns ``(result, None)``, or ``(None, exit code)`` when the
    catalogue (1) or the file (2) cannot be read (the reason is already on stderr)."""
    from lib.upload import check_file, stored_months

    catalogue = _load_catalogue(args.targets)
    raw = _read_input(args.file)
    if catalogue is None:
        return None, 1
    if raw is None:
        return None, 2
    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    return check_file(raw, Path(args.file).name, args.period, catalogue,
                      stored=stored_months(root, args.period)), None


def _add_input_args(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The arguments ``_check_input`` reads (``check`` and ``import``): FILE, --period, --targets,
    --data-dir."""
    parser.add_argument("file", help=texts.CLI_HELP_FILE)
    parser.add_argument("--period", required=True, type=_period_text, help=texts.CLI_HELP_FILE_PERIOD)
    parser.add_argument("--targets", help=texts.CLI_HELP_TARGETS)
    parser.add_argument("--data-dir", help=texts.CLI_HELP_UPLOAD_DATA_DIR)
    return parser


def cmd_check(args: argparse.Namespace) -> int:
    result, code = _check_input(args)
    if result is None:
        return code
    _print_check(result, args.json)
    return 0 if result.accepted else 1


def _commit_month(args: argparse.Namespace, write, saved_text: str, **fields) -> int:
    """The shared end of ``import`` and ``restore``: run ``write(data folder)`` (a lib.storage.month_store
    write for ``args.period``) and say what it did; exit code 1 (message on stderr) if it failed."""
    from lib.storage import month_store

    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    try:
        entry = write(root)
    except month_store.StorageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if entry.get("unchanged"):
        print(texts.UPLOAD_UNCHANGED.format(period=period_label(args.period)))
    else:
        print(saved_text.format(period=period_label(args.period), version=entry["version"], **fields))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from lib.storage import month_store

    result, code = _check_input(args)
    if result is None:
        return code
    _print_check(result, False, texts.CLI_IMPORT_ACCEPTED)
    if not result.accepted:
        return 1
    return _commit_month(args, lambda root: month_store.import_rows(
        root, args.period, result.rows, user=args.user, source=Path(args.file).name), texts.UPLOAD_SAVED)


def cmd_template(args: argparse.Namespace) -> int:
    from lib.upload import stored_months
    from lib.views import templates

    catalogue = _load_catalogue(args.targets)
    if catalogue is None:
        return 1
    stored = stored_months(Path(args.data_dir) if args.data_dir else datastore.data_dir(), args.period)
    if args.by_unit:
        from lib.readers.org_units import UnitsError, load_units

        try:
            org_unit_rows = load_units()
        except UnitsError as exc:
            _print_problems(exc)
            return 1
        make = templates.unit_template_xlsx if args.xlsx else templates.unit_template_csv
        content = make(catalogue, org_unit_rows, args.period, stored)
    else:
        content = (templates.template_xlsx if args.xlsx else templates.template_csv)(catalogue, args.period, stored)
    if args.output:
        Path(args.output).write_bytes(content)
    elif args.xlsx and sys.stdout.isatty():
        print(texts.CLI_XLSX_NEEDS_OUTPUT, file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(content)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from lib.storage import month_store

    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    versions = month_store.history(root, args.period)
    if args.json:
        json.dump([{k: v for k, v in e.items() if k != "path"} for e in versions], sys.stdout,
                  ensure_ascii=False, indent=1, default=str)
        print()
        return 0
    if not versions:
        print(texts.DATA_NO_HISTORY)
    for e in versions:
        action = texts.ACTION_LABELS.get(e["action"], e["action"])
        extra = texts.CLI_HISTORY_RESTORED_FROM.format(version=e["restored_from"]) if e.get("restored_from") else ""
        print(texts.CLI_HISTORY_LINE.format(version=e["version"], time=e["time"], user=e["user"], action=action,
                                            extra=extra, n=len({c["indicator_code"] for c in e.get("changes") or []}),
                                            sha=e["sha256"][:12]))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from lib.storage import month_store

    return _commit_month(args, lambda root: month_store.restore(root, args.period, args.version, user=args.user),
                         texts.DATA_RESTORED, restored=args.version)


def _period_text(text: str) -> str:
    year, month = _period(text)
    return f"{year:04d}-{month:02d}"


# --- backups (lib/storage/backup.py) -------------------------------------------------------------------

def cmd_backup(args: argparse.Namespace) -> int:
    from lib.storage import backup

    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    targets = Path(args.targets) if args.targets else datastore.targets_path()
    try:
        result = backup.create_backup(root, targets, args.output)
    except backup.BackupError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return 1
    for message in result.messages:
        print(message, file=sys.stderr)
    c = result.counts
    print(texts.BACKUP_DONE.format(path=result.path, months=c.months, versions=c.versions,
                                   audit=c.audit_lines, recovered=c.recovered, files=c.files + 1,
                                   size=backup.size_text(result.path.stat().st_size)))
    return 0


def _confirm_restore(root: Path) -> bool | None:
    """The user's answer on a terminal; None when there is no terminal to ask on."""
    import unicodedata

    if not sys.stdin or not sys.stdin.isatty():
        return None
    try:
        answer = input(texts.RESTORE_CONFIRM.format(data=root))
    except EOFError:
        return False
    return unicodedata.normalize("NFC", answer.strip().casefold()) in texts.RESTORE_CONFIRM_WORDS


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from lib.storage import backup

    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    targets = Path(args.targets) if args.targets else datastore.targets_path()
    try:
        checked = backup.check_archive(args.file, targets)
    except backup.BackupError as exc:
        print(texts.RESTORE_REFUSED.format(path=args.file), file=sys.stderr)
        shown = exc.messages[:backup.MAX_LISTED_PROBLEMS]
        for message in shown:
            print(f"- {message}", file=sys.stderr)
        if len(exc.messages) > len(shown):
            print(texts.RESTORE_MORE_PROBLEMS.format(n=len(exc.messages) - len(shown)), file=sys.stderr)
        return 1
    c = checked.counts
    print(texts.RESTORE_SUMMARY.format(path=args.file, created=checked.manifest.get("created"),
                                       months=c.months, versions=c.versions, audit=c.audit_lines))
    for warning in checked.warnings:
        print(warning, file=sys.stderr)
    if not args.yes:
        answer = _confirm_restore(root)
        if answer is None:
            print(texts.RESTORE_NEEDS_YES, file=sys.stderr)
            return 1
        if not answer:
            print(texts.RESTORE_CANCELLED, file=sys.stderr)
            return 1
    try:
        result = backup.restore_checked(checked, root)
    except backup.BackupError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        return 1
    print(texts.RESTORE_DONE.format(data=result.root, months=c.months, versions=c.versions,
                                    audit=c.audit_lines, aside=result.aside))
    return 0


def _add_backup_parsers(sub) -> None:
    bak = sub.add_parser("backup", help=texts.CLI_HELP_BACKUP)
    bak.add_argument("-o", "--output", help=texts.CLI_HELP_BACKUP_OUTPUT)
    bak.add_argument("--data-dir", help=texts.CLI_HELP_DATA_DIR)
    bak.add_argument("--targets", help=texts.CLI_HELP_TARGETS_ENV)
    bak.set_defaults(func=cmd_backup)

    rb = sub.add_parser("restore-backup", help=texts.CLI_HELP_RESTORE_BACKUP)
    rb.add_argument("file", help=texts.CLI_HELP_BACKUP_FILE)
    rb.add_argument("--data-dir", help=texts.CLI_HELP_DATA_DIR)
    rb.add_argument("--targets", help=texts.CLI_HELP_TARGETS_CHECK)
    rb.add_argument("--yes", action="store_true", help=texts.CLI_HELP_YES)
    rb.set_defaults(func=cmd_restore_backup)


# --- accounts: add-user, remove-user, list-users (the sign-in file; rules in lib/access/auth.py) --------

class _Refused(Exception):
    """An account command refuses; the message (Vietnamese) goes to stderr, exit code 1."""


def _secrets_file(args: argparse.Namespace) -> Path:
    from lib.access import auth

    return Path(args.secrets) if args.secrets else auth.secrets_path()


def _account_name(text: str) -> str:
    from lib.access import auth

    if not auth.valid_username(text):
        raise argparse.ArgumentTypeError(texts.CLI_USERNAME_INVALID.format(username=text))
    return text.lower()


def _read_secrets_doc(path: Path):
    """The sign-in file as a tomlkit document (comments and every section kept)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return tomlkit.parse(texts.CLI_SECRETS_HEADER)
    except (OSError, UnicodeDecodeError) as exc:
        msg = getattr(exc, "strerror", None) or exc
        raise _Refused(texts.CLI_SECRETS_UNREADABLE.format(path=path, msg=msg)) from exc
    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise _Refused(texts.CLI_SECRETS_UNREADABLE.format(path=path, msg=exc)) from exc


def _accounts_table(doc, path: Path, create: bool):
    from collections.abc import MutableMapping

    import tomlkit

    accounts = doc.get("accounts")
    if accounts is None and create:
        accounts = tomlkit.table(is_super_table=True)  # written as [accounts.NAME] headers only
        doc.add("accounts", accounts)
    if accounts is not None and not isinstance(accounts, MutableMapping):
        raise _Refused(texts.CLI_SECRETS_NOT_TABLE.format(path=path))
    return accounts


def _find_account(accounts, username: str):
    """The key of ``username`` in the accounts table (names are case-insensitive), or None."""
    for key in accounts or ():
        if str(key).lower() == username.lower():
            return key
    return None


def _write_secrets_doc(doc, path: Path) -> None:
    import tomlkit

    from lib.access import auth

    try:
        auth.atomic_write(path, tomlkit.dumps(doc).encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise _Refused(texts.CLI_SECRETS_WRITE.format(path=path, msg=exc.strerror or exc)) from exc


def _after_accounts_change(path: Path) -> None:
    """Say on stderr what is wrong with the file as the dashboard will read it."""
    from lib.access import auth

    try:
        config = auth.load_config(auth.read_secrets(path))
    except auth.SecretsError as exc:
        print(str(exc), file=sys.stderr)
        return
    for problem in config.problems:
        print(texts.CLI_CONFIG_PROBLEM.format(problem=problem), file=sys.stderr)
    if config.accounts and not any(a.role == "admin" for a in config.accounts.values()):
        print(texts.CLI_NO_ADMIN, file=sys.stderr)


def _new_password(username: str, from_stdin: bool) -> str:
    import unicodedata

    from lib.access import auth

    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise _Refused(texts.CLI_PASSWORD_NONE)
        password = line.removesuffix("\n").removesuffix("\r")
    else:
        try:
            password = getpass.getpass(texts.CLI_PASSWORD_PROMPT.format(username=username, n=auth.PASSWORD_MIN))
            again = getpass.getpass(texts.CLI_PASSWORD_REPEAT)
        except (EOFError, KeyboardInterrupt):
            print(file=sys.stderr)
            raise _Refused(texts.CLI_PASSWORD_NONE) from None
        if password != again:
            raise _Refused(texts.CLI_PASSWORD_MISMATCH)
    if len(unicodedata.normalize("NFC", password)) < auth.PASSWORD_MIN:
        raise _Refused(texts.CLI_PASSWORD_SHORT.format(n=auth.PASSWORD_MIN))
    return password


def _refusing(command):
    """Run an account command; a refusal becomes its message on stderr and exit code 1."""
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except _Refused as exc:
            print(str(exc), file=sys.stderr)
            return 1
    run.__name__ = run.__qualname__ = command.__name__
    run.__doc__ = command.__doc__
    return run


@_refusing
def cmd_add_user(args: argparse.Namespace) -> int:
    import tomlkit

    from lib.access import auth

    path = _secrets_file(args)
    doc = _read_secrets_doc(path)  # a broken file is refused before the password is asked for
    _accounts_table(doc, path, create=False)
    password_hash = auth.hash_password(_new_password(args.name, args.password_stdin))
    accounts = _accounts_table(doc, path, create=True)
    key = _find_account(accounts, args.name)
    entry = accounts.get(key) if key is not None else None
    if hasattr(entry, "__setitem__"):  # an existing account: updated in place, its comments stay
        old_name = entry.get("name")
        name = args.full_name or (old_name if isinstance(old_name, str) and old_name.strip() else args.name)
        entry["name"] = name
        entry["role"] = args.role
        entry["password_hash"] = password_hash
    else:
        if key is not None:
            del accounts[key]
        name = args.full_name or args.name
        entry = tomlkit.table()
        entry.add("name", name)
        entry.add("role", args.role)
        entry.add("password_hash", password_hash)
        accounts.add(args.name, entry)
    _write_secrets_doc(doc, path)
    template = texts.CLI_USER_REPLACED if key is not None else texts.CLI_USER_ADDED
    print(template.format(username=args.name, name=name, role=args.role, path=path))
    _after_accounts_change(path)
    return 0


@_refusing
def cmd_remove_user(args: argparse.Namespace) -> int:
    path = _secrets_file(args)
    if not path.exists():
        raise _Refused(texts.CLI_USER_NOT_FOUND.format(username=args.name, path=path))
    doc = _read_secrets_doc(path)
    accounts = _accounts_table(doc, path, create=False)
    key = _find_account(accounts, args.name)
    if key is None:
        raise _Refused(texts.CLI_USER_NOT_FOUND.format(username=args.name, path=path))
    if len(accounts) == 1 and "auth" not in doc and not args.force:
        raise _Refused(texts.CLI_USER_LAST.format(username=key))
    del accounts[key]
    if not accounts:
        del doc["accounts"]
    _write_secrets_doc(doc, path)
    print(texts.CLI_USER_REMOVED.format(username=key, path=path))
    _after_accounts_change(path)
    return 0


@_refusing
def cmd_list_users(args: argparse.Namespace) -> int:
    from lib.access import auth

    path = _secrets_file(args)
    try:
        config = auth.load_config(auth.read_secrets(path))
    except auth.SecretsError as exc:
        raise _Refused(str(exc)) from exc
    for problem in config.problems:
        print(texts.CLI_CONFIG_PROBLEM.format(problem=problem), file=sys.stderr)
    rows = [(a["username"], a["name"], f"{a['role']} ({texts.ROLE_LABELS.get(a['role'], a['role'])})")
            for a in auth.redact(config)]
    if not rows:
        print(texts.CLI_NO_USERS.format(path=path))
        if config.local_mode:
            print(texts.CLI_OPEN_MODE)
        return 0
    table = [texts.CLI_USERS_COLUMNS, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(texts.CLI_USERS_COLUMNS) - 1)]
    for r in table:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(r, widths)), r[-1]]))
    return 0


def _add_account_parsers(sub) -> None:
    from lib.access import auth

    add = sub.add_parser("add-user", help=texts.CLI_HELP_ADD_USER)
    add.add_argument("name", metavar="NAME", type=_account_name, help=texts.CLI_HELP_USERNAME)
    add.add_argument("--role", required=True, choices=auth.ROLES, help=texts.CLI_HELP_ROLE)
    add.add_argument("--full-name", help=texts.CLI_HELP_FULL_NAME)
    add.add_argument("--password-stdin", action="store_true", help=texts.CLI_HELP_PASSWORD_STDIN)
    add.add_argument("--secrets", help=texts.CLI_HELP_SECRETS)
    add.set_defaults(func=cmd_add_user)

    rm = sub.add_parser("remove-user", help=texts.CLI_HELP_REMOVE_USER)
    rm.add_argument("name", metavar="NAME", help=texts.CLI_HELP_USERNAME)
    rm.add_argument("--force", action="store_true", help=texts.CLI_HELP_FORCE)
    rm.add_argument("--secrets", help=texts.CLI_HELP_SECRETS)
    rm.set_defaults(func=cmd_remove_user)

    ls = sub.add_parser("list-users", help=texts.CLI_HELP_LIST_USERS)
    ls.add_argument("--secrets", help=texts.CLI_HELP_SECRETS)
    ls.set_defaults(func=cmd_list_users)


# --- the monthly report: Word, PDF, Excel, chart images (lib/report/model.py, lib/report/export.py) ----------

REPORT_FORMATS = ("docx", "pdf", "xlsx", "png")


def _report_format(text: str) -> str:
    value = text.strip().lower().lstrip(".")
    if value not in REPORT_FORMATS:
        raise argparse.ArgumentTypeError(texts.CLI_REPORT_BAD_FORMAT.format(value=text))
    return value


def _report_date(text: str):
    from datetime import date

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise argparse.ArgumentTypeError(texts.CLI_REPORT_BAD_DATE.format(value=text))
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(texts.CLI_REPORT_BAD_DATE.format(value=text)) from None


def _report_target(output: str | None, default_name: str, folder_allowed: bool) -> tuple[Path, bool]:
    """Where to write: ``(path, is_folder)``. No ``-o``: the default name here; an existing folder
    (or a name ending in /): the default name inside it, or for PNGs the images themselves."""
    if not output:
        return Path(default_name), False
    path = Path(output)
    if path.is_dir() or output.endswith(("/", "\\")):
        return (path, True) if folder_allowed else (path / default_name, False)
    return path, False


def cmd_report(args: argparse.Namespace) -> int:
    """Build the month's report from the data (as ``gaps`` reads it) and write one file atomically."""
    from datetime import date

    from lib.report import export
    from lib.report.model import build_report
    from lib.storage import fileio

    year, month = args.as_of
    store = _open_store(args, texts.CLI_REPORT_DEMO)
    if store is None:
        return 1
    report = build_report(store, year, month, issued=args.date or date.today())
    ext = "zip" if args.format == "png" else args.format
    target, is_folder = _report_target(args.output, export.filename(report, ext), args.format == "png")
    try:
        if is_folder:
            charts = export.chart_pngs(report)
            for key, name in export.png_names(charts).items():
                fileio.atomic_write(target / name, charts[key], mode=0o644)
            print(texts.CLI_REPORT_WRITTEN_PNGS.format(n=len(charts), folder=target))
            return 0
        fileio.atomic_write(target, export.build(report, args.format), mode=0o644)
    except OSError as exc:
        print(texts.CLI_REPORT_WRITE_ERROR.format(path=target, msg=exc.strerror or exc), file=sys.stderr)
        return 1
    print(texts.CLI_REPORT_WRITTEN.format(path=target))
    return 0


# --- the tasks as of a month (lib/storage/task_store.py) ---------------------------------------------

def task_records(view) -> list[dict]:
    """The tasks (``lib.analytics.tasks.assess``'s table) as the JSON objects ``tasks --json`` prints."""
    from lib.analytics import tasks

    return [{
        "id": r["id"], "kind": r["kind"], "title": r["title_vi"], "owner": r["owner"] or None,
        "deadline": r["deadline"].isoformat(), "status": r["status"], "reported": tasks.is_reported(r),
        "progress": int(r["progress"]) if tasks.is_reported(r) else None, "late": bool(r["late"]),
        "late_reason": r["late_reason"] or None, "note": r["note"],
        "updated": r["updated"].isoformat() if r["updated"] is not None else None, "demo": bool(r["demo"]),
    } for r in view.to_dict("records")]


def cmd_tasks(args: argparse.Namespace) -> int:
    """The tasks list as it stood at the end of ``--as-of`` (the same list the dashboard shows)."""
    from lib.analytics import tasks
    from lib.core import fmt
    from lib.readers import org_units
    from lib.readers.months import units_file
    from lib.readers.tasks import TasksError
    from lib.storage import task_store

    year, month = args.as_of
    as_of = tasks.month_end(year, month)
    root = Path(args.data_dir) if args.data_dir else datastore.data_dir()
    source = datastore.Source(root, is_demo=False) if args.data_dir else datastore.resolve_source(root)
    if task_store.uses_demo(root, source):
        print(texts.CLI_TASKS_DEMO, file=sys.stderr)
    try:
        items = task_store.tasks_as_of(as_of, root, source=source)
        owners = org_units.load_units(units_file(datastore.DEMO_DIR) if task_store.uses_demo(root, source) else None)
        view = tasks.assess(items, as_of, owners)
    except (TasksError, org_units.UnitsError) as exc:
        _print_problems(exc)
        return 1
    if args.json:
        json.dump(task_records(view), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    cols = texts.CLI_TASKS_COLUMNS
    table = [{cols["id"]: r["id"], cols["status"]: tasks.status_text(r),
              cols["progress"]: fmt.percent(r["progress"], 0) if tasks.is_reported(r) else "—",
              cols["late"]: texts.EXPORT_YES_NO[bool(r["late"])],
              cols["updated"]: fmt.day(r["updated"]) if r["updated"] is not None else "—",
              cols["note"]: r["note"]} for r in view.to_dict("records")]
    import pandas as pd

    print(texts.CLI_TASKS_HEADING.format(date=fmt.day(as_of)))
    print(pd.DataFrame(table).to_string(index=False))
    return 0


def _add_tasks_parser(sub) -> None:
    tsk = sub.add_parser("tasks", help=texts.CLI_HELP_TASKS)
    tsk.add_argument("--as-of", required=True, type=_period, help=texts.CLI_HELP_TASKS_AS_OF)
    tsk.add_argument("--data-dir", help=texts.CLI_HELP_DATA_DIR)
    tsk.add_argument("--json", action="store_true", help=texts.CLI_HELP_JSON_TABLE)
    tsk.set_defaults(func=cmd_tasks)


def _add_report_parser(sub) -> None:
    rep = sub.add_parser("report", help=texts.CLI_HELP_REPORT)
    rep.add_argument("--as-of", required=True, type=_period, help=texts.CLI_HELP_REPORT_AS_OF)
    rep.add_argument("--format", required=True, type=_report_format, help=texts.CLI_HELP_REPORT_FORMAT)
    rep.add_argument("-o", "--output", help=texts.CLI_HELP_REPORT_OUTPUT)
    rep.add_argument("--date", type=_report_date, help=texts.CLI_HELP_REPORT_DATE)
    rep.add_argument("--data-dir", help=texts.CLI_HELP_ACTUALS_DIR)
    rep.add_argument("--targets", help=texts.CLI_HELP_TARGETS)
    rep.set_defaults(func=cmd_report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description=texts.APP_TITLE)
    sub = parser.add_subparsers(dest="command", required=True)
    gaps = sub.add_parser("gaps", help=texts.CLI_HELP_GAPS)
    gaps.add_argument("--as-of", required=True, type=_period, help=texts.CLI_HELP_AS_OF)
    gaps.add_argument("--data-dir", help=texts.CLI_HELP_ACTUALS_DIR)
    gaps.add_argument("--targets", help=texts.CLI_HELP_TARGETS)
    gaps.add_argument("--json", action="store_true", help=texts.CLI_HELP_JSON_TABLE)
    gaps.set_defaults(func=cmd_gaps)

    check = _add_input_args(sub.add_parser("check", help=texts.CLI_HELP_CHECK))
    check.add_argument("--json", action="store_true", help=texts.CLI_HELP_JSON_CHECK)
    check.set_defaults(func=cmd_check)

    imp = _add_input_args(sub.add_parser("import", help=texts.CLI_HELP_IMPORT))
    imp.add_argument("--user", default=getpass.getuser(), help=texts.CLI_HELP_IMPORT_USER)
    imp.set_defaults(func=cmd_import)

    tpl = sub.add_parser("template", help=texts.CLI_HELP_TEMPLATE)
    tpl.add_argument("period", type=_period_text, help=texts.CLI_HELP_MONTH)
    tpl.add_argument("--xlsx", action="store_true", help=texts.CLI_HELP_XLSX)
    tpl.add_argument("--by-unit", action="store_true", help=texts.CLI_HELP_BY_UNIT)
    tpl.add_argument("-o", "--output", help=texts.CLI_HELP_OUTPUT)
    tpl.add_argument("--targets", help=texts.CLI_HELP_TARGETS)
    tpl.add_argument("--data-dir", help=texts.CLI_HELP_TEMPLATE_DATA_DIR)
    tpl.set_defaults(func=cmd_template)

    hist = sub.add_parser("history", help=texts.CLI_HELP_HISTORY)
    hist.add_argument("period", type=_period_text, help=texts.CLI_HELP_MONTH)
    hist.add_argument("--data-dir", help=texts.CLI_HELP_DATA_DIR)
    hist.add_argument("--json", action="store_true", help=texts.CLI_HELP_JSON)
    hist.set_defaults(func=cmd_history)

    res = sub.add_parser("restore", help=texts.CLI_HELP_RESTORE)
    res.add_argument("period", type=_period_text, help=texts.CLI_HELP_MONTH)
    res.add_argument("version", type=int, help=texts.CLI_HELP_VERSION)
    res.add_argument("--data-dir", help=texts.CLI_HELP_DATA_DIR)
    res.add_argument("--user", default=getpass.getuser(), help=texts.CLI_HELP_RESTORE_USER)
    res.set_defaults(func=cmd_restore)
    _add_backup_parsers(sub)
    _add_account_parsers(sub)
    _add_report_parser(sub)
    _add_tasks_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)

