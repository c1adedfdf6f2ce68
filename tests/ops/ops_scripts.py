"""Programs the operations tests run as real second processes (`python ops_scripts.py ...`).

- `count WAREHOUSE N`: N times, under staged_copy, read a counter, pause, write it + 1.
- `write WAREHOUSE N PAUSE_S`: N versions of a ledger whose rows sum to 0, each written in
  several statements with pauses, so a reader of the work file would see half a version.
- `read WAREHOUSE STOP_FILE OUT`: open the published file read-only in a loop until STOP_FILE
  exists; check the ledger invariant every time; write what it saw to OUT as JSON.
- `read-marts WAREHOUSE STOP_FILE OUT`: the same for a real warehouse: the money identity of
  every settlement row and the row conservation of every loaded file, checked on each open.
- `hang WAREHOUSE READY_FILE`: start writing under staged_copy, touch READY_FILE, wait forever.
- `hold WAREHOUSE`: open the published file read-only, print its row count of `kept`, then
  for every line on stdin print `count sum` of `kept` again from the same connection.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

from starmap.warehouse import staged_copy

ROWS_PER_VERSION = 50


def count(warehouse: str, times: int) -> None:
    for _ in range(times):
        with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
            conn.execute("create table if not exists counter as select 0 as n")
            (n,) = conn.execute("select n from counter").fetchone()
            time.sleep(0.02)  # widen the window in which an unlocked writer would lose n
            conn.execute("update counter set n = $n", {"n": n + 1})


def write(warehouse: str, versions: int, pause_s: float) -> None:
    for _ in range(versions):
        with staged_copy(warehouse) as work, duckdb.connect(str(work)) as conn:
            conn.execute("create table if not exists meta as select 0 as version")
            conn.execute("create table if not exists ledger (version int, amount bigint)")
            (version,) = conn.execute("select version + 1 from meta").fetchone()
            for half in (1, -1):  # +k rows, then their -k counterparts
                conn.execute(
                    "insert into ledger select $v, $sign * (i + 1) from range($n) t(i)",
                    {"v": version, "sign": half, "n": ROWS_PER_VERSION // 2},
                )
                time.sleep(pause_s)
            conn.execute("update meta set version = $v", {"v": version})
            time.sleep(pause_s)


def read(warehouse: str, stop_file: str, out: str) -> None:
    seen: dict = {"opens": 0, "versions": [], "violations": [], "errors": []}
    while not Path(stop_file).exists():
        try:
            with duckdb.connect(warehouse, read_only=True) as conn:
                (version,) = conn.execute("select version from meta").fetchone()
                rows, total, newest = conn.execute(
                    "select count(*), coalesce(sum(amount), 0), coalesce(max(version), 0) "
                    "from ledger"
                ).fetchone()
            seen["opens"] += 1
            if version not in seen["versions"]:
                seen["versions"].append(version)
            if rows != version * ROWS_PER_VERSION or total != 0 or newest != version:
                seen["violations"].append([version, rows, int(total), newest])
        except Exception as error:  # every failure to read is what the test looks for
            seen["errors"].append(f"{type(error).__name__}: {error}")
    Path(out).write_text(json.dumps(seen))


def read_marts(warehouse: str, stop_file: str, out: str) -> None:
    seen: dict = {"opens": 0, "settlement_rows": [], "violations": [], "errors": []}
    while not Path(stop_file).exists():
        try:
            with duckdb.connect(warehouse, read_only=True) as conn:
                rows, unbalanced = conn.execute(
                    "select count(*), count(*) filter (where brand_charge_fen <> creator_net_fen"
                    " + mcn_fen + platform_fee_fen + brand_fee_fen) from marts.settlements"
                ).fetchone()
                (lost,) = conn.execute(
                    "select count(*) from ops.file_loads where rows_read <> rows_loaded"
                    " + rows_duplicate + rows_quarantined"
                ).fetchone()
            seen["opens"] += 1
            if rows not in seen["settlement_rows"]:
                seen["settlement_rows"].append(rows)
            if unbalanced or lost:
                seen["violations"].append([rows, unbalanced, lost])
        except Exception as error:  # every failure to read is what the test looks for
            seen["errors"].append(f"{type(error).__name__}: {error}")
        time.sleep(0.05)
    Path(out).write_text(json.dumps(seen))


def hang(warehouse: str, ready_file: str) -> None:
    with staged_copy(warehouse) as work:
        with duckdb.connect(str(work)) as conn:
            conn.execute(
                "create or replace table half_written as select range as i from range(1000)"
            )
            conn.execute("delete from kept")
            conn.execute("checkpoint")
        Path(ready_file).touch()
        time.sleep(600)


def hold(warehouse: str) -> None:
    with duckdb.connect(warehouse, read_only=True) as conn:
        print(conn.execute("select count(*) from kept").fetchone()[0], flush=True)
        for _ in sys.stdin:
            rows, total = conn.execute("select count(*), sum(hash(payload)) from kept").fetchone()
            print(rows, total, flush=True)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "count":
        count(args[0], int(args[1]))
    elif command == "write":
        write(args[0], int(args[1]), float(args[2]))
    elif command == "read":
        read(*args)
    elif command == "read-marts":
        read_marts(*args)
    elif command == "hang":
        hang(*args)
    elif command == "hold":
        hold(*args)
    else:
        raise SystemExit(f"unknown command {command}")
