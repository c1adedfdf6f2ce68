"""Reading one delivered file into text columns, whatever its format.

Every value stays text here (typing happens in SQL, so a bad value rejects its row, not
its file); empty strings become null; each row keeps its 1-based row number. A file that
cannot be parsed at all raises UnreadableFile and is quarantined whole.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

ROW_NUMBER = "row_number"
EXTRA_JSON = "extra_json"
READ_ERRORS = (pl.exceptions.PolarsError, OSError, ValueError)
BLANKS = " \t\n\v\f\r"  # trimmed from every value (as parquet.py does for Parquet)


class UnreadableFileError(Exception):
    """The file as a whole cannot be parsed in its format."""

    @classmethod
    def from_error(cls, error: Exception) -> UnreadableFileError:
        """The reader's error, named and cut to its first line (the quarantine detail)."""
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return cls(f"{type(error).__name__}: {first_line}"[:500])


def read_text_frame(path: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    """The file's rows with exactly `columns` (as text), row_number and extra_json."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv(path)
        elif suffix == ".jsonl":
            frame = _read_jsonl(path, columns)
        elif suffix == ".parquet":
            frame = pl.read_parquet(path)
        else:
            raise UnreadableFileError(f"unknown file format {suffix!r}")
        return _conform(frame, columns)
    except UnreadableFileError:
        raise
    except READ_ERRORS as error:
        raise UnreadableFileError.from_error(error) from error


def _read_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(
        path,
        infer_schema=False,  # every column as text
        encoding="utf8",
        truncate_ragged_lines=True,
    )


def _read_jsonl(path: Path, columns: tuple[str, ...]) -> pl.DataFrame:
    # Read lines as text and pick fields by JSON path: a malformed line or a number where
    # text is expected then rejects that row alone instead of the whole file.
    lines = pl.read_csv(
        path,
        has_header=False,
        separator="\x1f",
        quote_char=None,
        new_columns=["line"],
        infer_schema=False,
        encoding="utf8",
    )
    lines = lines.with_row_index(ROW_NUMBER, offset=1).filter(
        pl.col("line").str.strip_chars() != ""
    )
    fields = [pl.col("line").str.json_path_match(f"$.{name}").alias(name) for name in columns]
    return lines.select(ROW_NUMBER, *fields, pl.col("line").alias(EXTRA_JSON))


def _conform(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Exactly the contract's columns as text, null for empty, plus row number and extras."""
    if ROW_NUMBER not in frame.columns:
        frame = frame.with_row_index(ROW_NUMBER, offset=1)
    extras = [c for c in frame.columns if c not in columns and c not in (ROW_NUMBER, EXTRA_JSON)]
    if EXTRA_JSON not in frame.columns:
        extra = pl.struct(extras).struct.json_encode() if extras else pl.lit(None, dtype=pl.String)
        frame = frame.with_columns(extra.alias(EXTRA_JSON))
    text = [
        (pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, dtype=pl.String))
        .str.strip_chars(BLANKS)
        .replace("", None)
        .alias(c)
        for c in columns
    ]
    return frame.select(pl.col(ROW_NUMBER).cast(pl.Int64), *text, EXTRA_JSON)
