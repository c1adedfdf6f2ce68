"""`starmap sql`: a read-only SQL prompt on the published warehouse, and a one-shot form.

Analysts had been told to open the warehouse with the DuckDB CLI, which nothing installs
(and no DuckDB 2.0 CLI is packaged); this needs only the DuckDB Python package Starmap
already depends on. The connection is read-only, so it is safe while a run is writing
(a run publishes a new file by rename; `.reopen` moves to it).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import duckdb

from starmap.errors import StarmapError
from starmap.warehouse import connect, fetch_row, read_sql, set_as_of

FORMATS = ("table", "csv", "json")
# Rows an interactive result shows: `from visible.engagement_events` alone is millions.
DEFAULT_MAX_ROWS = 40
SHOWN_STATEMENTS = {"SELECT", "PRAGMA", "EXPLAIN", "CALL"}
HISTORY_ENV = "STARMAP_SQL_HISTORY"
DEFAULT_HISTORY = Path("~/.starmap_sql_history")
PROMPT = "starmap> "
CONTINUATION = "    ...> "

HELP = """\
Statements end with ; and may span lines. Commands (also with \\ instead of .):
  .asof [YYYY-MM-DD]      show or set the as-of date the visible.* views read
  .tables [SCHEMA]        list tables and views (raw, staging, visible, marts, ...)
  .describe NAME          columns of a table or view
  .format table|csv|json  how results print
  .maxrows N              rows a table shows (0: all)
  .reopen                 reopen the warehouse (to see a run published since)
  .help                   this text
  .quit                   leave (or Ctrl-D)
"""


# opening --------------------------------------------------------------------------------


def open_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """The published warehouse, read-only, with the business time zone set."""
    if not path.is_file():
        raise StarmapError(f"no warehouse at {path}: run `starmap demo` or `starmap run` first")
    try:
        return connect(path, read_only=True)
    except duckdb.Error as error:
        raise StarmapError(f"cannot open the warehouse {path}: {error}") from None


def newest_snapshot(conn: duckdb.DuckDBPyConnection) -> date | None:
    """The date the reports show: without an as-of date the visible.* views are empty."""
    try:
        (as_of,) = fetch_row(conn, read_sql("reports/newest_as_of"))
    except duckdb.Error:
        return None
    return as_of


# printing -------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _width(text: str) -> int:
    """Terminal columns: Chinese names take two each."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def write_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    cells = [[_text(v) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows)
        and bool(rows)
        for i in range(len(columns))
    ]
    widths = [
        max([_width(name)] + [_width(row[i]) for row in cells]) for i, name in enumerate(columns)
    ]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out.write(line + "\n")
    out.write(
        "| " + " | ".join(_pad(c, w, False) for c, w in zip(columns, widths, strict=True)) + " |\n"
    )
    out.write(line + "\n")
    for row in cells:
        parts = (_pad(c, w, n) for c, w, n in zip(row, widths, numeric, strict=True))
        out.write("| " + " | ".join(parts) + " |\n")
    out.write(line + "\n")


def write_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    # NULL is an empty cell, as in the landing zone's CSVs.
    writer.writerows([["" if v is None else _text(v) for v in row] for row in rows])


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)  # dates, timestamps, decimals, UUIDs: their SQL text


def write_json(columns: Sequence[str], rows: Sequence[Sequence[Any]], out: TextIO) -> None:
    records = [{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS: dict[str, Callable[[Sequence[str], Sequence[Sequence[Any]], TextIO], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
}


# running --------------------------------------------------------------------------------


def run_statements(
    conn: duckdb.DuckDBPyConnection,
    sql: str,
    fmt: str,
    out: TextIO,
    max_rows: int = 0,
) -> None:
    """Run `sql` (one or more statements) and print what each one returns, in turn, as
    the DuckDB CLI does; a failing statement stops the rest.

    Raises duckdb.Error with DuckDB's message when a statement fails.
    """
    for statement in conn.extract_statements(sql):
        result = conn.execute(statement)
        # SET, ATTACH and the like answer "Success"; only queries have rows to show.
        if result.description is not None and statement.type.name in SHOWN_STATEMENTS:
            _print_result(result, fmt, out, max_rows)


def _print_result(result: duckdb.DuckDBPyConnection, fmt: str, out: TextIO, max_rows: int) -> None:
    columns = [d[0] for d in result.description]
    if not max_rows:
        WRITERS[fmt](columns, result.fetchall(), out)
        return
    rows = result.fetchmany(max_rows + 1)
    more = len(rows) > max_rows
    WRITERS[fmt](columns, rows[:max_rows], out)
    if more:
        print(f"(first {max_rows} rows shown; `.maxrows 0` shows all)", file=out)
    elif fmt == "table":
        print(f"({len(rows)} row{'' if len(rows) == 1 else 's'})", file=out)


def error_text(error: BaseException) -> str:
    """DuckDB's message, with a hint for the mistake a read-only prompt invites."""
    message = str(error).strip()
    if "read-only mode" in message:
        message += "\n(the warehouse is opened read-only: `starmap run` writes it)"
    return message


def one_shot(
    warehouse: Path,
    sql: str,
    fmt: str,
    as_of: date | None,
    out: TextIO | None = None,
) -> int:
    """`starmap sql "select ..."`: print the result to stdout; SQL errors exit 1."""
    out = out or sys.stdout
    conn = open_warehouse(warehouse)
    try:
        day = as_of or newest_snapshot(conn)
        if day is not None:
            set_as_of(conn, day)
        try:
            run_statements(conn, sql, fmt, out)
        except duckdb.Error as error:
            print(f"starmap sql: error: {error_text(error)}", file=sys.stderr)
            return 1
    finally:
        conn.close()
    return 0


# the interactive shell ------------------------------------------------------------------


def statement_complete(text: str) -> bool:
    """A statement ends with `;` at the end of a line, outside quotes and comments."""
    code = "\n".join(line.split("--", 1)[0] for line in text.splitlines())
    if code.count("'") % 2 or code.count('"') % 2:
        return False
    return code.rstrip().endswith(";")


@dataclass
class Shell:
    """The state of one session; `handle` takes one line as typed."""

    warehouse: Path
    conn: duckdb.DuckDBPyConnection
    as_of: date | None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    fmt: str = "table"
    max_rows: int = DEFAULT_MAX_ROWS
    buffer: list[str] = field(default_factory=list)
    done: bool = False

    @property
    def prompt(self) -> str:
        return CONTINUATION if self.buffer else PROMPT

    def handle(self, line: str) -> None:
        stripped = line.strip()
        if not self.buffer and stripped[:1] in {".", "\\"}:
            self._command(stripped[1:].split())
            return
        if not self.buffer and not stripped:
            return
        self.buffer.append(line)
        text = "\n".join(self.buffer)
        if statement_complete(text):
            self.buffer.clear()
            self._sql(text)

    def cancel(self) -> None:
        """Ctrl-C: drop the statement being typed."""
        self.buffer.clear()

    def _sql(self, text: str) -> None:
        try:
            run_statements(self.conn, text, self.fmt, self.out, self.max_rows)
        except duckdb.Error as error:
            print(f"Error: {error_text(error)}", file=self.err)
        self.out.flush()

    def _say(self, text: str) -> None:
        print(text, file=self.out)

    def _command(self, words: list[str]) -> None:
        name, args = (words[0].lower(), words[1:]) if words else ("help", [])
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None:
            print(f"Error: unknown command .{name} (.help lists them)", file=self.err)
            return
        try:
            handler(args)
        except (StarmapError, duckdb.Error, ValueError) as error:
            print(f"Error: {error_text(error)}", file=self.err)

    def _cmd_help(self, args: list[str]) -> None:
        self.out.write(HELP)

    def _cmd_quit(self, args: list[str]) -> None:
        self.done = True

    _cmd_exit = _cmd_quit
    _cmd_q = _cmd_quit

    def _cmd_asof(self, args: list[str]) -> None:
        if args:
            try:
                day = date.fromisoformat(args[0])
            except ValueError:
                raise ValueError(f"not a date (YYYY-MM-DD): {args[0]!r}") from None
            set_as_of(self.conn, day)
            self.as_of = day
        self._say(f"as of {self.as_of or 'not set: the visible.* views are empty'}")

    def _cmd_tables(self, args: list[str]) -> None:
        rows = self.conn.execute(
            "select schema_name as schema, table_name as name, 'table' as kind"
            " from duckdb_tables() where database_name = current_database()"
            " union all select schema_name, view_name, 'view' from duckdb_views()"
            " where not internal and database_name = current_database()"
            " order by 1, 2",
        ).fetchall()
        if args:
            rows = [r for r in rows if r[0] == args[0]]
        if not rows:
            self._say(f"no tables in schema {args[0]!r}" if args else "no tables")
            return
        write_table(["schema", "name", "kind"], rows, self.out)

    def _cmd_describe(self, args: list[str]) -> None:
        if len(args) != 1:
            raise ValueError("usage: .describe SCHEMA.NAME")
        result = self.conn.execute(f"describe {args[0]}")
        rows = [row[:3] for row in result.fetchall()]
        write_table(["column", "type", "null"], rows, self.out)

    _cmd_schema = _cmd_describe

    def _cmd_format(self, args: list[str]) -> None:
        if args:
            if args[0] not in FORMATS:
                raise ValueError(f"format is one of {', '.join(FORMATS)}, not {args[0]!r}")
            self.fmt = args[0]
        self._say(f"format {self.fmt}")

    def _cmd_maxrows(self, args: list[str]) -> None:
        if args:
            value = int(args[0])
            if value < 0:
                raise ValueError("maxrows is 0 (all) or more")
            self.max_rows = value
        self._say(f"maxrows {self.max_rows or 'all'}")

    def _cmd_reopen(self, args: list[str]) -> None:
        conn = open_warehouse(self.warehouse)
        self.conn.close()
        self.conn = conn
        if self.as_of is not None:
            set_as_of(self.conn, self.as_of)
        self._say(f"reopened {self.warehouse}, as of {self.as_of}")


def _history_file() -> Path:
    return Path(os.environ.get(HISTORY_ENV) or DEFAULT_HISTORY).expanduser()


def _setup_readline() -> Callable[[], None]:
    """Line editing and history across sessions; returns what saves the history."""
    try:
        import readline
    except ImportError:  # no readline on this Python: plain input() still works
        return lambda: None
    path = _history_file()
    with contextlib.suppress(OSError):  # no history yet
        readline.read_history_file(path)
    readline.set_history_length(1000)

    def save() -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)
        except OSError:
            pass

    return save


def interactive(warehouse: Path, as_of: date | None) -> int:
    """The prompt: read lines until .quit or Ctrl-D."""
    conn = open_warehouse(warehouse)
    day = as_of or newest_snapshot(conn)
    if day is not None:
        set_as_of(conn, day)
    shell = Shell(warehouse=warehouse, conn=conn, as_of=day)
    save_history = _setup_readline()
    print(
        f"starmap sql on {warehouse} (read-only), as of {day or 'not set'}."
        " Statements end with ;  .help for commands, Ctrl-D to leave."
    )
    try:
        while not shell.done:
            try:
                line = input(shell.prompt)
            except EOFError:
                print()
                break
            except KeyboardInterrupt:
                print("^C")
                shell.cancel()
                continue
            try:
                shell.handle(line)
            except KeyboardInterrupt:
                # Ctrl-C during a long query stops the query, not the session.
                print("(interrupted)", file=sys.stderr)
                shell.cancel()
    finally:
        save_history()
        shell.conn.close()
    return 0
