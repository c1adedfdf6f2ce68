"""Bad input costs only the bad row (issue 22): every row of a file with a malformed row
is loaded or quarantined with a reason a person understands, and the file balances."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest.sources import SOURCES
from starmap.settings import Policy
from tests.landing_zone import (
    DIMENSION_ROWS,
    engagement,
    ingest,
    order,
    publish,
    write_dimensions,
    write_events,
    write_rows,
)

# An export without the optional traffic_source column (domain.md 10): eight fields.
ORDER_HEADER = ",".join(c for c in SOURCES["order_events"].columns if c != "traffic_source")
GOOD_A = "a1,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,1,19900"
GOOD_B = "a9,paid,2026-06-03T11:00:00+08:00,o2,u1,p1,1,500"


def _write(root: Path, source: str, name: str, data: bytes) -> Path:
    path = root / source / "date=2026-06-03" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _where_rows_went(conn: duckdb.DuckDBPyConnection, source: str) -> dict:
    loaded = [
        r[0] for r in conn.execute(f"select event_id from staging.{source} order by 1").fetchall()
    ]
    rejected = conn.execute(
        "select row_number, reason, detail from quarantine.rejected_rows "
        "where source = $s order by row_number",
        {"s": source},
    ).fetchall()
    files = conn.execute(
        "select rows_read, rows_loaded, rows_duplicate, rows_quarantined from ops.file_loads "
        "where source = $s",
        {"s": source},
    ).fetchall()
    return {"loaded": loaded, "rejected": rejected, "files": files}


@pytest.mark.parametrize(
    ("bad_line", "detail"),
    [
        # an unquoted thousands separator: one field too many, never amount 19
        (b"a2,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,1,19,900", "9 fields, the header has 8"),
        # a field left out: the others would shift
        (b"a2,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,19900", "7 fields, the header has 8"),
        # a quote that never closes
        (b'a2,paid,"2026-06-03T10:00:00+08:00,o1,u1,p1,1,19900', "malformed quotes"),
        # text after a closing quote
        (b'a2,"pa"id,2026-06-03T10:00:00+08:00,o1,u1,p1,1,19900', "malformed quotes"),
        # one byte that is not UTF-8
        (b"a2,paid,2026-06-03T10:00:00+08:00,o1,u1,p\xff1,1,19900", "not valid UTF-8"),
    ],
)
def test_a_malformed_csv_row_is_quarantined_alone(
    tmp_path: Path, bad_line: bytes, detail: str
) -> None:
    write_dimensions(tmp_path)
    lines = [ORDER_HEADER.encode(), GOOD_A.encode(), bad_line, GOOD_B.encode()]
    _write(tmp_path, "order_events", "part-0.csv", b"\n".join(lines) + b"\n")
    conn = ingest(tmp_path)
    went = _where_rows_went(conn, "order_events")
    assert went["loaded"] == ["a1", "a9"]
    assert len(went["rejected"]) == 1
    row_number, reason, got_detail = went["rejected"][0]
    assert (row_number, reason) == (2, "schema")
    assert detail in got_detail and "line 3" in got_detail
    assert went["files"] == [(3, 2, 0, 1)]
    # The raw layer keeps the row's text, and so does its quarantine payload.
    payload = conn.execute("select payload from quarantine.rejected_rows").fetchall()[0][0]
    assert "unreadable_row" in payload
    assert conn.execute("select count(*) from raw.order_events").fetchall() == [(3,)]


def test_a_ragged_row_never_loads_a_truncated_amount(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    data = f"{ORDER_HEADER}\na2,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,1,19,900\n"
    _write(tmp_path, "order_events", "part-0.csv", data.encode())
    conn = ingest(tmp_path)
    assert conn.execute("select count(*) from staging.order_events").fetchall() == [(0,)]
    # Its only row cannot be read, so neither can the file: quarantined whole, saying why.
    assert conn.execute("select reason, detail from quarantine.rejected_rows").fetchall() == [
        ("unreadable", "no row can be read: line 2: 9 fields, the header has 8 (1 rows)")
    ]


def test_an_unterminated_quote_does_not_swallow_the_rows_after_it(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    lines = [
        ORDER_HEADER,
        GOOD_A,
        'a2,paid,"2026-06-03T10:00:00+08:00,o1,u1,p1,1,100',
        "a3,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,1,100",
        'a4,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,1,"1',  # closes a2's quote by parity
        GOOD_B,
        'a5,paid,2026-06-03T10:00:00+08:00,o1,u1,p1,"1",300',  # a quoted field: fine
    ]
    _write(tmp_path, "order_events", "part-0.csv", ("\n".join(lines) + "\n").encode())
    conn = ingest(tmp_path)
    went = _where_rows_went(conn, "order_events")
    assert went["loaded"] == ["a1", "a3", "a5", "a9"]
    assert [(r[0], r[1]) for r in went["rejected"]] == [(2, "schema"), (4, "schema")]
    assert went["files"] == [(6, 4, 0, 2)]


def test_a_quoted_field_may_hold_line_breaks_and_quotes(tmp_path: Path) -> None:
    rows = [
        {**DIMENSION_ROWS["creators"][0], "nickname": 'say "hi",\nthen\nbye'},
        DIMENSION_ROWS["creators"][1],
    ]
    write_dimensions(tmp_path, {"creators": rows})
    conn = ingest(tmp_path)
    assert conn.execute(
        "select creator_id, nickname from staging.creators order by 1"
    ).fetchall() == [("c1", 'say "hi",\nthen\nbye'), ("c2", None)]
    assert conn.execute("select row_number from raw.creators order by 1").fetchall() == [
        (1,),
        (2,),
    ]


def test_a_nickname_with_a_stray_quote_costs_nothing(tmp_path: Path) -> None:
    """The hostile tester's worst case: every collaboration was quarantined and
    marts.settlements was empty. The field count is right, so the row loads as written."""
    write_dimensions(tmp_path)
    creators = tmp_path / "creators.csv"
    header, c1, c2 = creators.read_text(encoding="utf-8").splitlines()
    c1_fields = c1.split(",")
    c1_fields[1] = "O'Brien 😀 \"; --"
    creators.write_text("\n".join([header, ",".join(c1_fields), c2]) + "\n", encoding="utf-8")
    conn = ingest(tmp_path)
    assert conn.execute(
        "select creator_id, nickname from staging.creators order by 1"
    ).fetchall() == [
        ("c1", "O'Brien 😀 \"; --"),
        ("c2", None),
    ]
    assert conn.execute("select count(*) from staging.collaborations").fetchall() == [(1,)]
    assert conn.execute("select count(*) from quarantine.rejected_rows").fetchall() == [(0,)]


@pytest.mark.parametrize(
    ("bad_line", "detail"),
    [
        (b'{"event_id": "x2", "event_type": "li\x01ke"}', "not valid JSON"),
        (b'{"event_id": "x2", "event_type": "like"', "not valid JSON"),  # cut short
        (b"event_id=x2", "not valid JSON"),
        (b'["x2", "like"]', "a JSON array, not an object"),
        (b'{"event_id": ["x2"], "event_type": "like"}', "event_id is a JSON array"),
        (b'{"event_id": {"id": "x2"}, "event_type": "like"}', "event_id is a JSON object"),
        (b'{"event_id": "x\xff2", "event_type": "like"}', "not valid UTF-8"),
    ],
)
def test_a_bad_json_lines_line_is_quarantined_alone(
    tmp_path: Path, bad_line: bytes, detail: str
) -> None:
    write_dimensions(tmp_path)
    write_events(tmp_path, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    good = [
        json.dumps(engagement(f"e{n}", "like", "2026-06-03T10:00:00+08:00", viewer=f"u{n}"))
        for n in (1, 3)
    ]
    data = b"\n".join([good[0].encode(), bad_line, b"", good[1].encode()]) + b"\n"
    _write(tmp_path, "engagement_events", "part-0.jsonl", data)
    conn = ingest(tmp_path)
    went = _where_rows_went(conn, "engagement_events")
    assert went["loaded"] == ["e1", "e3"]
    assert len(went["rejected"]) == 1
    row_number, reason, got_detail = went["rejected"][0]
    assert (row_number, reason) == (2, "schema")  # a JSON Lines row is its line
    assert detail in got_detail and "event_id missing" not in got_detail
    assert went["files"] == [(3, 2, 0, 1)]  # the blank line is no row


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("part-1.csv", bytes(range(256)) * 8),  # binary garbage
        ("part-1.jsonl", bytes(range(256)) * 8),
        ("part-1.csv", b""),  # no header
        # another encoding throughout: no row can be read
        ("part-1.csv", (ORDER_HEADER + "\nb1,已支付,2026-06-03,o1,u1,p1,1,1\n").encode("gbk")),
    ],
)
def test_a_file_is_unreadable_only_when_no_row_of_it_can_be_read(
    tmp_path: Path, name: str, data: bytes
) -> None:
    write_dimensions(tmp_path)
    write_events(
        tmp_path, "order_events", "2026-06-03", [order("a1", "paid", "2026-06-03T10:00:00")]
    )
    _write(tmp_path, "order_events", name, data)
    conn = ingest(tmp_path)
    assert conn.execute("select event_id from staging.order_events").fetchall() == [("a1",)]
    assert conn.execute(
        "select source_file, row_number, reason from quarantine.rejected_rows"
    ).fetchall() == [(f"order_events/date=2026-06-03/{name}", None, "unreadable")]
    assert conn.execute(
        "select source_file, rows_read, rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'order_events' order by 1"
    ).fetchall() == [
        ("order_events/date=2026-06-03/part-0.csv", 1, 1, 0),
        (f"order_events/date=2026-06-03/{name}", 1, 0, 1),
    ]


def test_a_gbk_dimension_file_keeps_its_ascii_rows(tmp_path: Path) -> None:
    """Rows whose bytes happen to be ASCII load; the others are quarantined one by one."""
    write_dimensions(tmp_path)
    write_rows(
        tmp_path / "brands.csv",
        SOURCES["brands"].columns,
        [
            {"brand_id": "b1", "name": "Florasis", "industry": "cosmetics"},
            {"brand_id": "b2", "name": "花西子", "industry": "美妆"},
        ],
    )
    path = tmp_path / "brands.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    conn = ingest(tmp_path)
    assert conn.execute("select brand_id from staging.brands").fetchall() == [("b1",)]
    assert conn.execute(
        "select row_number, reason, detail from quarantine.rejected_rows"
    ).fetchall() == [(2, "schema", "line 3: not valid UTF-8 (another encoding?)")]


@pytest.mark.parametrize("amount", ["9223372036854775807", "10000000001"])
def test_an_implausible_amount_is_quarantined_as_domain(tmp_path: Path, amount: str) -> None:
    write_dimensions(tmp_path)
    rows = [
        order("a1", "paid", "2026-06-03T10:00:00+08:00", amount="10000000000"),  # the bound
        order("a2", "paid", "2026-06-03T10:00:00+08:00", order_id="o2", amount=amount),
    ]
    write_events(tmp_path, "order_events", "2026-06-03", rows)
    conn = ingest(tmp_path)
    assert conn.execute("select event_id, amount_fen from staging.order_events").fetchall() == [
        ("a1", 10_000_000_000)
    ]
    assert conn.execute(
        "select event_id, reason, detail from quarantine.rejected_rows"
    ).fetchall() == [
        ("a2", "domain", f"amount_fen {amount} is above policy.max_amount_fen 10000000000")
    ]


def test_the_amount_bound_is_a_policy_key_and_covers_every_money_field(tmp_path: Path) -> None:
    products = [{**DIMENSION_ROWS["products"][0], "price_fen": "5000"}]
    write_dimensions(tmp_path, {"products": products})
    write_events(
        tmp_path, "order_events", "2026-06-03", [order("a1", "paid", "2026-06-03T10:00:00")]
    )
    conn = ingest(tmp_path, policy=Policy(max_amount_fen=4999))
    rejected = conn.execute(
        "select source, reason from quarantine.rejected_rows order by 1"
    ).fetchall()
    # the product's price and the collaboration's price are above 4999 fen, and so is the
    # order's amount; the order's product is then unknown as well (domain wins)
    assert rejected == [
        ("collaborations", "domain"),
        ("order_events", "domain"),
        ("products", "domain"),
    ]


@pytest.mark.parametrize(
    ("stamp", "loads"),
    [
        ("2026-06-03T10:00:00+24:00", False),  # read as a day's shift before
        ("2026-06-03T10:00:00+14:00", True),  # Kiribati
        ("2026-06-03T10:00:00+14:30", False),
        ("2026-06-03T10:00:00-12:00", True),
        ("2026-06-03T10:00:00-12:30", False),
        ("2026-06-03T10:00:00+05:45", True),  # Nepal
        ("2026-06-03T10:00:00+08:60", False),
        ("2026-06-03T10:00:00+0800", True),
        ("2026-06-03T10:00:00+2400", False),
        ("2026-06-03T10:00:00+15", False),
    ],
)
def test_only_offsets_a_clock_can_show_parse(tmp_path: Path, stamp: str, loads: bool) -> None:
    write_dimensions(tmp_path)
    rows = [publish("p0", "2026-06-03T09:00:00+08:00"), publish("p1", stamp, video="v2")]
    write_events(tmp_path, "video_events", "2026-06-03", rows)
    conn = ingest(tmp_path)
    loaded = [
        r[0]
        for r in conn.execute("select event_id from staging.video_events order by 1").fetchall()
    ]
    assert loaded == (["p0", "p1"] if loads else ["p0"])
    rejected = conn.execute(
        "select event_id, reason, detail from quarantine.rejected_rows"
    ).fetchall()
    if not loads:
        assert rejected == [
            ("p1", "schema", f"event_ts has a UTC offset no clock shows (-12:00..+14:00): {stamp}")
        ]


def test_a_booking_with_an_impossible_offset_is_quarantined(tmp_path: Path) -> None:
    collaborations = [
        {**DIMENSION_ROWS["collaborations"][0], "booked_at": "2026-06-01T10:00:00+24:00"}
    ]
    write_dimensions(tmp_path, {"collaborations": collaborations})
    conn = ingest(tmp_path)
    assert conn.execute("select source, reason from quarantine.rejected_rows").fetchall() == [
        ("collaborations", "schema")
    ]


def test_every_file_outside_a_delivery_folder_is_reported(tmp_path: Path) -> None:
    write_dimensions(tmp_path)
    good = [engagement("e1", "impression", "2026-06-03T10:00:00+08:00")]
    write_events(tmp_path, "video_events", "2026-06-02", [publish("p1", "2026-06-02T09:00:00")])
    write_events(tmp_path, "engagement_events", "2026-06-03", good)
    stray = {
        "engagement_events/date=2026-13-40/part-0.csv": "in folder date=2026-13-40",
        "engagement_events/date=latest/part-0.csv": "in folder date=latest",
        "engagement_events/part-0.csv": "not in a delivery folder",
        "engagement_events/date=2026-06-03/retry/part-0.csv": "in a subfolder of a delivery",
    }
    for name in stray:
        write_rows(tmp_path / name, SOURCES["engagement_events"].columns, good)
    (tmp_path / "engagement_events" / "_SUCCESS").write_text("")  # markers stay ignored
    conn = ingest(tmp_path)
    assert conn.execute("select event_id from staging.engagement_events").fetchall() == [("e1",)]
    rejected = conn.execute(
        "select source_file, reason, detail from quarantine.rejected_rows order by 1"
    ).fetchall()
    assert [(name, reason) for name, reason, _ in rejected] == [
        (name, "unreadable") for name in sorted(stray)
    ]
    for name, _, detail in rejected:
        assert stray[name] in detail and "not loaded" in detail
    files = conn.execute(
        "select source_file, rows_read, rows_loaded, rows_quarantined from ops.file_loads "
        "where source = 'engagement_events' and delivery_date is null order by 1"
    ).fetchall()
    assert files == [(name, 1, 0, 1) for name in sorted(stray)]
    # Recording them again replaces what was recorded: re-runs are idempotent.
    from pipelines.ingest.load import record_stray_files

    record_stray_files(conn, tmp_path, SOURCES["engagement_events"])
    assert conn.execute(
        "select count(*) from quarantine.rejected_rows where source = 'engagement_events'"
    ).fetchall() == [(4,)]
