"""`starmap sql`: the one-shot form for scripts and the interactive prompt in a real terminal.

Expected values come from the tiny example's README: v7's publish is delivered on 06-06
(so it is not a known video as of 06-05), co4 is `booked` as of 06-05 and `expired` from
06-06, and co1 is `released` as of 08-05 (the newest snapshot the fixture computes).
"""

from __future__ import annotations

import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from starmap.cli import main
from starmap.sql_shell import statement_complete, write_table

STARMAP = Path(sys.executable).with_name("starmap")


def sql(capsys: pytest.CaptureFixture[str], warehouse: Path, *args: str) -> tuple[int, str, str]:
    code = main(["sql", "--warehouse", str(warehouse), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_shot_csv_sees_what_was_known_as_of_the_date(
    tiny_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "select video_id from visible.videos where video_id = 'v7'"
    assert sql(capsys, tiny_warehouse, query, "--as-of", "2026-06-05", "--format", "csv") == (
        0,
        "video_id\n",
        "",
    )
    assert sql(capsys, tiny_warehouse, query, "--as-of", "2026-06-06", "--format", "csv") == (
        0,
        "video_id\nv7\n",
        "",
    )


def test_one_shot_json_defaults_to_the_newest_snapshot(
    tiny_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = (
        "select s.collaboration_id, s.state, p.as_of_date from marts.settlements s, "
        "visible.params p where s.as_of = p.as_of_date and s.collaboration_id in ('co1', 'co4') "
        "order by 1"
    )
    code, out, err = sql(capsys, tiny_warehouse, query, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {"collaboration_id": "co1", "state": "released", "as_of_date": "2026-08-05"},
        {"collaboration_id": "co4", "state": "expired", "as_of_date": "2026-08-05"},
    ]
    code, out, _ = sql(capsys, tiny_warehouse, query, "--format", "json", "--as-of", "2026-06-05")
    assert [r["state"] for r in json.loads(out)] == ["in_escrow", "booked"]


def test_one_shot_table_and_the_warehouse_from_the_environment(
    tiny_warehouse: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARMAP_WAREHOUSE", str(tiny_warehouse))
    code = main(["sql", "select 'v7' as video, 12 as n union all select '花漾', 3 order by n"])
    out = capsys.readouterr().out
    assert code == 0
    # Numbers align right; a Chinese character takes two terminal columns.
    assert out.splitlines() == [
        "+-------+----+",
        "| video | n  |",
        "+-------+----+",
        "| 花漾  |  3 |",
        "| v7    | 12 |",
        "+-------+----+",
    ]


def test_sql_errors_exit_1_with_duckdbs_message_and_writes_are_refused(
    tiny_warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = sql(capsys, tiny_warehouse, "selec 1")
    assert (code, out) == (1, "")
    assert err.startswith("starmap sql: error: Parser Error: syntax error")
    code, _, err = sql(capsys, tiny_warehouse, "delete from marts.settlements")
    assert code == 1
    assert "read-only" in err
    count = "select count(*) from marts.settlements"
    code, out, _ = sql(capsys, tiny_warehouse, count, "--format", "csv")
    assert code == 0 and int(out.splitlines()[1]) > 0


def test_a_missing_warehouse_is_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = sql(capsys, tmp_path / "none.duckdb", "select 1")
    assert (code, out) == (2, "")
    assert err == (
        f"starmap sql: error: no warehouse at {tmp_path / 'none.duckdb'}: "
        "run `starmap demo` or `starmap run` first\n"
    )


def test_statements_on_stdin_run_in_turn_and_print_each_result(tiny_warehouse: Path) -> None:
    script = (
        "select 1 as a;\n"
        "set variable as_of_date = DATE '2026-06-05';  -- no result to print\n"
        "select count(*) as v7 from visible.videos where video_id = 'v7';\n"
        "select nope;\n"
        "select 3 as never_run;\n"
    )
    done = subprocess.run(
        [str(STARMAP), "sql", "--warehouse", str(tiny_warehouse), "--format", "csv"],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # v7 is unknown as of 06-05; the failing statement stops the script with exit 1.
    assert (done.returncode, done.stdout) == (1, "a\n1\nv7\n0\n")
    assert done.stderr.startswith('starmap sql: error: Binder Error: Referenced column "nope"')


def test_a_statement_ends_at_a_semicolon_outside_quotes_and_comments() -> None:
    assert statement_complete("select 1;")
    assert statement_complete("select 1\nfrom t;  ")
    assert not statement_complete("select 1")
    assert not statement_complete("select 'a;")
    assert not statement_complete("select 1 -- done;")
    assert statement_complete("select 'a;' as x;")


def test_a_table_of_nothing_still_names_its_columns() -> None:
    out = io.StringIO()
    write_table(["a", "bb"], [], out)
    assert out.getvalue().splitlines() == ["+---+----+", "| a | bb |", "+---+----+", "+---+----+"]


# the interactive prompt, in tmux --------------------------------------------------------


class Terminal:
    """A real terminal (tmux) running one command; type into it and read its screen."""

    def __init__(self, socket: str, command: str, env: dict[str, str]) -> None:
        self.tmux = ["tmux", "-L", socket]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # After the command ends, its exit status stays on screen for the test to read.
        script = f"env {exports} {command}; echo EXITED $?; sleep 60"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", "t", "-x", "110", "-y", "60", script],
            check=True,
        )

    def type(self, line: str) -> None:
        # tmux takes a trailing ';' as its own command separator: escape it.
        text = line[:-1] + "\\;" if line.endswith(";") else line
        subprocess.run([*self.tmux, "send-keys", "-t", "t", "-l", text], check=True)
        self.keys("Enter")

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", "t", *keys], check=True)

    def screen(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-J", "-S", "-", "-t", "t"],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def wait_for(self, text: str, count: int = 1, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} x{count} never appeared; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tiny_warehouse: Path, tmp_path: Path) -> Iterator[Terminal]:
    assert shutil.which("tmux"), "tmux is missing: `make test` installs it (make terminal)"
    env = {
        "STARMAP_WAREHOUSE": str(tiny_warehouse),
        "STARMAP_SQL_HISTORY": str(tmp_path / "history"),
        "HOME": str(tmp_path),
        "TERM": "xterm",
    }
    term = Terminal(f"starmap-sql-{os.getpid()}", f"{STARMAP} sql --as-of 2026-06-05", env)
    yield term
    term.close()


def test_the_prompt_as_a_person_uses_it(terminal: Terminal, tmp_path: Path) -> None:
    t = terminal
    t.wait_for("starmap> ")
    assert "(read-only), as of 2026-06-05" in t.screen()

    # A statement over two lines runs at its ';'.
    t.type("select state from marts.settlements")
    t.wait_for("    ...> ")
    t.type("where collaboration_id = 'co4' and as_of = getvariable('as_of_date');")
    screen = t.wait_for("(1 row)")
    assert "| booked |" in screen

    # An error is reported and the prompt stays.
    t.type("select * from no_such_table;")
    screen = t.wait_for("starmap> ", count=3)
    assert "Error: Catalog Error: Table with name no_such_table does not exist" in screen

    # Move the as-of date: v7 becomes a known video on 06-06.
    t.type("select count(*) as known from visible.videos where video_id = 'v7';")
    t.wait_for("(1 row)", count=2)
    t.type(".asof 2026-06-06")
    t.wait_for("as of 2026-06-06")
    # The arrow key brings back the query typed before (readline history).
    t.keys("Up", "Up", "Enter")
    screen = t.wait_for("(1 row)", count=3)
    counts = [line for line in screen.splitlines() if line.startswith("|") and "known" not in line]
    assert counts[-2:] == ["|     0 |", "|     1 |"]

    t.type(".tables visible")
    screen = t.wait_for("| visible | videos")
    assert "| visible | params" in screen

    t.keys("C-d")
    t.wait_for("EXITED 0")
    history = (tmp_path / "history").read_text()
    assert ".asof 2026-06-06" in history
    assert "select * from no_such_table;" in history


def test_the_shells_commands_and_their_mistakes(tiny_warehouse: Path) -> None:
    from starmap.sql_shell import Shell, open_warehouse

    out, err = io.StringIO(), io.StringIO()
    shell = Shell(tiny_warehouse, open_warehouse(tiny_warehouse), None, out=out, err=err)
    try:
        # Without an as-of date the visible views are empty, and the shell says so.
        shell.handle(".asof")
        assert "not set" in out.getvalue()
        shell.handle("\\asof 2026-06-06")  # psql-style spelling works too
        shell.handle(".format csv")
        shell.handle("select count(*) as n from visible.videos where video_id = 'v7';")
        assert out.getvalue().endswith("format csv\nn\n1\n")
        shell.handle(".maxrows 1")
        shell.handle("select * from (values (1), (2)) t(x) order by x;")
        assert out.getvalue().endswith("x\n1\n(first 1 rows shown; `.maxrows 0` shows all)\n")
        shell.handle(".asof 06/06/2026")
        shell.handle(".nope")
        shell.handle(".describe")
        assert err.getvalue().splitlines() == [
            "Error: not a date (YYYY-MM-DD): '06/06/2026'",
            "Error: unknown command .nope (.help lists them)",
            "Error: usage: .describe SCHEMA.NAME",
        ]
        assert shell.as_of == date(2026, 6, 6)  # a bad date changed nothing
        assert not shell.done
        shell.handle(".quit")
        assert shell.done
    finally:
        shell.conn.close()
