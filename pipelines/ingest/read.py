"""Reading one delivered file into text columns, whatever its format.

Every value stays text here (typing happens in SQL, so a bad value rejects its row, not
its file); empty strings become null; each row keeps its 1-based row number. A row that
cannot be read (a CSV row with more or fewer fields than the header, quotes that do not
close, bytes that are not UTF-8; a JSON Lines line that is not a JSON object) keeps its
place with its contract columns null, its text in `extra_json` and the reason in
`read_error`: it is quarantined as `schema` and the other rows of its file load. A file
of which no row can be read (no header, binary garbage, another encoding throughout)
raises UnreadableFileError and is quarantined whole.

CSV and JSON Lines files are split into lines once, column-wise (polars for CSV, DuckDB's
JSON functions for JSON Lines); no Python loop runs over rows. Why not DuckDB's CSV
reader: it gives no row numbers for the rows it reads, and an unterminated quote takes
the rows after it with it (docs/ingestion.md, "Bad input").
"""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import polars as pl

ROW_NUMBER = "row_number"
EXTRA_JSON = "extra_json"
READ_ERROR = "read_error"
READ_ERRORS = (pl.exceptions.PolarsError, OSError, ValueError, duckdb.Error)
BLANKS = " \t\n\v\f\r"  # trimmed from every value (as parquet.py does for Parquet)

# One CSV field: quoted ("" inside is a quote), or unquoted (may hold a quote after its
# first character, as most writers and readers take it: O'Brien "the kid"), or empty.
_FIELD = r'(?:"(?:[^"]|"")*"|[^",\n][^,\n]*|)'
_RECORD = rf"^{_FIELD}(?:,{_FIELD})*$"
_FIELDS = rf"(?:^|,){_FIELD}"
_REPLACEMENT = "\ufffd"  # what a byte that is not UTF-8 decodes to


class UnreadableFileError(Exception):
    """The file as a whole cannot be parsed in its format."""

    @classmethod
    def from_error(cls, error: Exception) -> UnreadableFileError:
        """The reader's error, named and cut to its first line (the quarantine detail)."""
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return cls(f"{type(error).__name__}: {first_line}"[:500])


def read_text_frame(path: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """The file's rows with exactly `columns` (as text), row_number, extra_json, read_error."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv(path.read_bytes(), columns)
        elif suffix == ".jsonl":
            frame = _read_jsonl(path.read_bytes(), columns)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise UnreadableFileError(f"unknown file format {suffix!r}")
        return _conform(frame, columns)
    except UnreadableFileError:
        raise
    except READ_ERRORS as error:
        raise UnreadableFileError.from_error(error) from error


def _lines(data: bytes) -> pl.DataFrame:
    """Every line of the file (1-based `line`, `text` without its line end) and whether its
    bytes were UTF-8 (`not_utf8`): bytes that are not decode as U+FFFD and mark their line
    (a file that also holds a real U+FFFD has those lines marked too)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte order mark
    try:
        data.decode("utf-8")
        clean = True
    except UnicodeDecodeError:
        clean = False
    # polars splits lines fastest, as one text column under a separator the file lacks.
    separator = next(
        (chr(b) for b in (0x1F, 0x1E, 0x1D, 0x1C, 0x00) if bytes([b]) not in data), None
    )
    if separator is None:  # binary garbage: every candidate byte occurs
        text = data.decode("utf-8", errors="replace").removesuffix("\n")
        lines = pl.DataFrame({"text": pl.Series([text]).str.split("\n").explode()})
    else:
        lines = pl.read_csv(
            io.BytesIO(data),
            has_header=False,
            separator=separator,
            quote_char=None,
            new_columns=["text"],
            infer_schema=False,
            encoding="utf8-lossy",
            empty_string_is_null=False,
            raise_if_empty=False,
        )
        if lines.width != 1 or lines.columns != ["text"]:
            lines = pl.DataFrame({"text": pl.Series([], dtype=pl.String)})
    lines = lines.with_row_index("line", offset=1).with_columns(pl.col("line").cast(pl.Int64))
    not_utf8 = pl.lit(False) if clean else pl.col("text").str.contains(_REPLACEMENT, literal=True)
    return lines.with_columns(not_utf8.alias("not_utf8"))


def _unix_end(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("text").str.strip_suffix("\r"))


def _judged(records: pl.DataFrame, width: int) -> pl.DataFrame:
    """Records (text, not_utf8) with `count` (their fields), `fields` (a list, unquoted;
    only for records holding a quote, which alone pay for the regular expression) and
    `problem`: why the record cannot be read, or null."""
    records = _unix_end(records).with_row_index("_order")
    quoted = pl.col("text").str.contains('"', literal=True)
    plain = records.filter(~quoted).with_columns(
        (pl.col("text").str.count_matches(",", literal=True) + 1).cast(pl.Int64).alias("count"),
        pl.lit(None, dtype=pl.List(pl.String)).alias("fields"),
        pl.lit(True).alias("well_formed"),
    )
    with_quotes = records.filter(quoted)
    if with_quotes.height:
        field = pl.element().str.strip_prefix(",")
        unquoted = (
            pl.when(field.str.starts_with('"'))
            .then(
                field.str.slice(1, field.str.len_chars() - 2).str.replace_all(
                    '""', '"', literal=True
                )
            )
            .otherwise(field)
        )
        with_quotes = with_quotes.with_columns(
            pl.col("text").str.extract_all(_FIELDS).list.eval(unquoted).alias("fields"),
            pl.col("text").str.contains(_RECORD).alias("well_formed"),
        ).with_columns(pl.col("fields").list.len().cast(pl.Int64).alias("count"))
        plain = pl.concat([plain, with_quotes.select(plain.columns)]).sort("_order")
    count = pl.col("count")
    problem = (
        pl.when(pl.col("not_utf8"))
        .then(pl.lit("not valid UTF-8 (another encoding?)"))
        .when(~pl.col("well_formed"))
        .then(pl.lit("malformed quotes: a quoted field does not close, or text follows its quote"))
        .when(count != width)
        .then(pl.format("{} fields, the header has {}", count, pl.lit(width)))
    )
    return plain.with_columns(problem.alias("problem")).drop("_order", "well_formed")


def _columns_of(records: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """The fields of readable records as columns `names` (null for the others): split at
    every comma where a record holds no quote, from the parsed list where it does."""
    good = pl.col("problem").is_null()
    plain = pl.col("fields").is_null()
    split = pl.col("text").str.split_exact(",", len(names) - 1).struct.rename_fields(names)
    columns = records.select(
        pl.when(good & plain).then(split).alias("_split"),
        *[
            pl.when(good & ~plain).then(pl.col("fields").list.get(i, null_on_oob=True)).alias(n)
            for i, n in enumerate(names)
        ],
    )
    return columns.select(
        [pl.coalesce(pl.col("_split").struct.field(n), pl.col(n)).alias(n) for n in names]
    )


def _read_csv(data: bytes, columns: tuple[str, ...]) -> pl.DataFrame:
    """Rows of a CSV file: a record is a line, or several when a quoted field holds line
    breaks. If quotes that do not balance join lines into a record that cannot be read,
    its lines are judged one by one, so one stray quote costs its own row only."""
    lines = _lines(data)
    if lines.is_empty() or (lines.height == 1 and lines["text"][0] == ""):
        raise UnreadableFileError("empty file: no header row")
    header = _judged(lines.head(1), width=-1)
    if header["not_utf8"][0] or "quotes" in header["problem"][0]:
        raise UnreadableFileError(f"the header row cannot be read: {header['problem'][0]}")
    header_fields = header["fields"][0] or header["text"][0].split(",")
    names = [name.strip(BLANKS) for name in header_fields]
    if len(set(names)) != len(names) or "" in names:
        raise UnreadableFileError(f"the header row names no columns, or one twice: {names}")
    body = lines.slice(1)
    # Records by quote parity: a line with an odd number of quotes opens a quoted field that
    # a later such line closes. Without any, a record is a line (the usual case).
    odd = (pl.col("text").str.count_matches('"', literal=True) % 2) == 1
    if b'"' in data and body.select(odd.any()).item():
        body = body.with_columns((odd.cast(pl.Int64).cum_sum() % 2).alias("open"))
        body = body.with_columns(
            (pl.col("open").shift(1, fill_value=0) == 0).cum_sum().alias("record")
        )
        # A line without quotes holding exactly a row's fields is taken for a row, not for
        # the inside of a quoted field that two stray quotes would make of it.
        whole_row = ~pl.col("text").str.contains('"', literal=True) & (
            pl.col("text").str.count_matches(",", literal=True) == len(names) - 1
        )
        line = pl.col("line")
        records = body.group_by("record", maintain_order=True).agg(
            line.first(),
            pl.col("text").str.join("\n"),
            pl.col("not_utf8").any(),
            pl.len().alias("lines"),
            (whole_row & (line != line.first()) & (line != line.last())).any().alias("swallows"),
        )
    else:
        body = body.with_columns(pl.col("line").alias("record"))
        records = body.with_columns(
            pl.lit(1, pl.UInt32).alias("lines"), pl.lit(False).alias("swallows")
        )
    records = _judged(records.drop("open", strict=False), width=len(names))
    broken = (pl.col("problem").is_not_null() | pl.col("swallows")) & (pl.col("lines") > 1)
    if records.select(broken.any()).item():
        # Judge the lines of broken multi-line records one by one.
        split = body.join(records.filter(broken).select("record"), on="record", how="semi")
        records = (
            pl.concat(
                [
                    records.filter(~broken).drop("problem", "fields", "count", "swallows"),
                    split.select(
                        "record", "line", "text", "not_utf8", pl.lit(1, pl.UInt32).alias("lines")
                    ),
                ],
                how="vertical_relaxed",
            )
            .sort("line")
            .pipe(_judged, width=len(names))
        )
    records = records.filter(pl.col("text").str.len_bytes() > 0)  # blank lines are no rows
    if records.height and records["problem"].is_not_null().all():
        raise UnreadableFileError(
            f"no row can be read: line {records['line'][0]}: {records['problem'][0]} "
            f"({records.height} rows)"
        )
    records = records.with_row_index(ROW_NUMBER, offset=1)
    good = pl.col("problem").is_null()
    bookkeeping = records.select(
        pl.col(ROW_NUMBER).cast(pl.Int64),
        pl.when(~good)
        .then(pl.struct(pl.col("text").alias("unreadable_row")).struct.json_encode())
        .alias(EXTRA_JSON + "_bad"),
        pl.format("line {}: {}", pl.col("line"), pl.col("problem")).alias(READ_ERROR),
    )
    return pl.concat([bookkeeping, _columns_of(records, names)], how="horizontal")


_JSONL_SQL = """
select
    line as {row_number},
    {fields},
    case when problem is null then text
         else to_json({{'unreadable_line': text}}) end as {extra_json},
    case when problem is not null then 'line ' || line || ': ' || problem end as {read_error}
from (
    select
        line, text,
        case
            when not_utf8 then 'not valid UTF-8 (another encoding?)'
            when not json_valid(text)
                then 'not valid JSON (cut short, a raw control character, a stray quote?)'
            when json_type(text) <> 'OBJECT' then 'a JSON ' || lower(json_type(text))
                || ', not an object of fields'
            {nested}
        end as problem
    from lines
    where trim(text) <> ''
)
order by line
"""


def _read_jsonl(data: bytes, columns: tuple[str, ...]) -> pl.DataFrame:
    """Rows of a JSON Lines file, one a line; fields picked by name from each object (a
    number or boolean keeps its JSON text). A line that is not a JSON object, or whose
    field holds an array or object instead of a value, is a row that cannot be read."""
    lines = _unix_end(_lines(data))
    conn = duckdb.connect()
    try:
        conn.register("lines", lines.to_arrow())
        path = {c: "'$.\"" + c.replace('"', '\\"').replace("'", "''") + "\"'" for c in columns}
        fields = ",\n    ".join(
            f"case when problem is null then text ->> {path[c]} end as {_quote(c)}" for c in columns
        )
        nested = "\n            ".join(
            f"when json_type(text, {path[c]}) in ('ARRAY', 'OBJECT') then "
            f"'{c} is a JSON ' || lower(json_type(text, {path[c]})) || ', not a value'"
            for c in columns
        )
        frame = conn.sql(
            _JSONL_SQL.format(
                row_number=ROW_NUMBER,
                fields=fields,
                extra_json=EXTRA_JSON,
                read_error=READ_ERROR,
                nested=nested,
            )
        ).pl()
    finally:
        conn.close()
    if frame.height and frame[READ_ERROR].is_not_null().all():
        raise UnreadableFileError(f"no line can be read: {frame[READ_ERROR][0]}")
    return frame


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _conform(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Exactly the contract's columns as text, null for empty, plus row number, extras and
    why a row could not be read."""
    if ROW_NUMBER not in frame.columns:
        frame = frame.with_row_index(ROW_NUMBER, offset=1)
    if READ_ERROR not in frame.columns:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(READ_ERROR))
    bad_extra = EXTRA_JSON + "_bad"
    bookkeeping = (ROW_NUMBER, EXTRA_JSON, READ_ERROR, bad_extra)
    extras = [c for c in frame.columns if c not in columns and c not in bookkeeping]
    if EXTRA_JSON not in frame.columns:
        extra = pl.struct(extras).struct.json_encode() if extras else pl.lit(None, dtype=pl.String)
        if bad_extra in frame.columns:
            extra = pl.coalesce(pl.col(bad_extra), extra)
        frame = frame.with_columns(extra.alias(EXTRA_JSON))
    text = [
        (pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, dtype=pl.String))
        .str.strip_chars(BLANKS)
        .replace("", None)
        .alias(c)
        for c in columns
    ]
    return frame.select(
        pl.col(ROW_NUMBER).cast(pl.Int64),
        *text,
        pl.col(EXTRA_JSON).cast(pl.String),
        pl.col(READ_ERROR).cast(pl.String),
    )
