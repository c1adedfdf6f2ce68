"""The ingestion's SQL on Spark: a connection that takes the statements the DuckDB loader
sends (pipelines/ingest/, sql/staging/) and runs them on a Spark session, so ingestion's
rules live once, in those files.

Spark SQL has tables but no UPDATE or DELETE on plain Parquet, no rowid and no temporary
tables, so this connection keeps every table of the run (raw, staging, quarantine, ops and
the loader's temporary tables) as a DataFrame of its own, checkpointed after each write,
and carries out the writes itself:

- `insert into T [by name] select ...`: the select's rows cast to T's declared columns (by
  name or by position, as DuckDB does) appended to T;
- `delete from T [using S] where c`: the rows of T that match, found by a hidden row id
  (`__rowid`), left out;
- `update T set x = e [from S] where c`: each matching row's new values found by the same
  query shape, then swapped in by row id;
- `create [temp] table x as select ...`: the select computed once (checkpointed); `create
  view` a view, bound to the tables as they are when it is made (DuckDB's reads them when
  queried: the loader makes each view right before the statements that read it);
- `begin`/`commit`/`rollback`: the tables as they were at `begin` (DataFrames are
  immutable, so keeping them is free) put back on rollback.

Each table is read through a temporary view without the row id (`staging__videos`, or the
temp table's own name) and one with it (`..__full`), which the writes and DuckDB's `rowid`
read. Every statement is translated to Spark SQL (`to_spark_statement`: sqlglot plus the
rewrites below, each for a DuckDB feature Spark spells differently or lacks).

The table schemas are DuckDB's own DDL (sql/schema/), read off an in-memory DuckDB, so the
Spark tables cannot drift from the DuckDB warehouse's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from starmap.engines.spark import (
    _float_division,
    _warehouse_tables_as_views,
    warehouse_view,
)
from starmap.models import PARAMETER, sql_literal
from starmap.warehouse import BUSINESS_TIME_ZONE, read_sql, split_statements

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

ROWID = "__rowid"
FULL = "__full"
# Tables of the warehouse the loader reads and writes (the snapshot marts are written by
# SparkWarehouse, not through here).
WAREHOUSE_SCHEMAS = ("raw", "staging", "quarantine", "ops")
_DUCKDB_TO_SPARK = {
    "VARCHAR": "STRING",
    "BIGINT": "BIGINT",
    "UBIGINT": "BIGINT",  # hash() keys: Spark's xxhash64 is a signed 64-bit value
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
    "BOOLEAN": "BOOLEAN",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMP",
    "VARCHAR[]": "ARRAY<STRING>",
}


# A DuckDB setting, after any comment lines.
_SETTING = re.compile(r"(\s*--[^\n]*\n)*\s*(set|reset)\s", re.IGNORECASE)


class SparkStatementError(RuntimeError):
    """A statement of the loader that this connection cannot run on Spark."""


# --- Schemas -------------------------------------------------------------------------------


@cache
def warehouse_schemas() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every raw, staging, quarantine and ops table: its (column, Spark type) in order, as
    the DuckDB DDL of sql/schema/ declares them."""
    import duckdb

    from starmap.warehouse import ensure_schema

    conn = duckdb.connect()
    try:
        ensure_schema(conn)
        rows = conn.execute(
            "select table_schema || '.' || table_name, column_name, data_type "
            "from information_schema.columns c "
            "where table_schema in ('raw', 'staging', 'quarantine', 'ops') "
            "and (table_schema, table_name) in ("
            "    select table_schema, table_name from information_schema.tables"
            "    where table_type = 'BASE TABLE') "
            "order by 1, ordinal_position"
        ).fetchall()
    finally:
        conn.close()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, duck_type in rows:
        if duck_type not in _DUCKDB_TO_SPARK:
            raise SparkStatementError(f"{table}.{column}: no Spark type for {duck_type}")
        tables.setdefault(table, []).append((column, _DUCKDB_TO_SPARK[duck_type]))
    return {table: tuple(columns) for table, columns in tables.items()}


# --- Translation ---------------------------------------------------------------------------


@cache
def _macros() -> dict[str, tuple[list[str], exp.Expression]]:
    """The scalar macros of sql/schema/00_schemas.sql (staging.instant, ...): their
    parameters and bodies, inlined where they are called (Spark SQL has no macros)."""
    found: dict[str, tuple[list[str], exp.Expression]] = {}
    pattern = re.compile(
        r"create\s+or\s+replace\s+macro\s+(\w+\.\w+)\s*\(([^)]*)\)\s+as\s+(.*)",
        re.IGNORECASE | re.DOTALL,
    )
    for statement in split_statements(read_sql("schema/00_schemas")):
        text = "\n".join(
            line for line in statement.splitlines() if not line.lstrip().startswith("--")
        )
        matched = pattern.search(text)
        if matched:
            name, params, body = matched.groups()
            names = [p.strip() for p in params.split(",") if p.strip()]
            found[name.lower()] = (names, sqlglot.parse_one(body.rstrip("; \n"), read="duckdb"))
    return found


def _inline_macros(node: exp.Expression) -> exp.Expression:
    if not (isinstance(node, exp.Dot) and isinstance(node.expression, exp.Anonymous)):
        return node
    name = f"{node.this.name}.{node.expression.name}".lower()
    if name not in _macros():
        return node
    params, body = _macros()[name]
    args = dict(zip(params, node.expression.expressions, strict=True))
    inlined = body.copy().transform(
        lambda n: (
            args[n.name].copy()
            if isinstance(n, exp.Column) and not n.table and n.name in args
            else n
        )
    )
    # Macros call macros (staging.instant calls staging.offset_is_possible).
    return inlined.transform(_inline_macros)


def _function(node: exp.Expression, name: str) -> bool:
    return isinstance(node, exp.Anonymous) and node.name.lower() == name


def _duckdb_functions(node: exp.Expression) -> exp.Expression:
    # regexp_full_match(s, p): the whole string matches; Spark's RLIKE finds a match anywhere.
    if isinstance(node, exp.RegexpFullMatch):
        anchored = exp.Literal.string(f"^(?:{node.expression.name})$")
        return exp.RegexpLike(this=node.this, expression=anchored)
    # hash(): only a narrow probe key, always confirmed by comparing the text.
    if _function(node, "hash"):
        return exp.Anonymous(this="xxhash64", expressions=node.expressions)
    if _function(node, "epoch_us"):
        return exp.Anonymous(this="unix_micros", expressions=node.expressions)
    # cast(timezone(zone, ts) as date): the session's time zone is the business one, so a
    # cast of the instant gives that zone's date.
    if (
        isinstance(node, exp.Cast)
        and node.to.is_type(exp.DataType.Type.DATE)
        and _function(node.this, "timezone")
    ):
        zone, instant = node.this.expressions
        if zone.name != BUSINESS_TIME_ZONE:
            raise SparkStatementError(f"timezone({zone.name}) is not the session's time zone")
        return exp.cast(instant, exp.DataType.Type.DATE)
    # try_cast(text as timestamptz): DuckDB reads a date written with slashes
    # (2026/06/05 10:00) and refuses a time without a date, which Spark reads as today's:
    # the text must start with a date, its slashes made dashes (tests/spark/test_spark_typing).
    if isinstance(node, exp.TryCast) and node.to.is_type(exp.DataType.Type.TIMESTAMPTZ):
        text = node.this
        dashed = exp.Anonymous(
            this="regexp_replace",
            expressions=[
                text.copy(),
                exp.Literal.string("^([0-9]+)/([0-9]+)/([0-9]+)"),
                exp.Literal.string("$1-$2-$3"),
            ],
        )
        starts_with_a_date = exp.RegexpLike(
            this=text.copy(), expression=exp.Literal.string("^[0-9]+(-[0-9]+-|/[0-9]+/)[0-9]+")
        )
        parsed = exp.TryCast(this=dashed, to=exp.DataType.build("timestamp"), safe=True)
        return exp.Case(ifs=[exp.If(this=starts_with_a_date, true=parsed)])
    # to_json of a struct: DuckDB writes null fields, Spark leaves them out unless told.
    if _function(node, "to_json"):
        options = exp.Anonymous(
            this="map",
            expressions=[exp.Literal.string("ignoreNullFields"), exp.Literal.string("false")],
        )
        return exp.Anonymous(this="to_json", expressions=[*node.expressions, options])
    return node


def _star_columns_as_struct(node: exp.Expression) -> exp.Expression:
    # row(*columns(t.* exclude (...))) and struct_pack(*columns(...)): a struct of the
    # remaining columns in order, which Spark writes struct(t.* except (...)).
    if isinstance(node, (exp.Anonymous, exp.Struct)) and len(node.expressions) == 1:
        inner = node.expressions[0]
        if isinstance(inner, exp.Columns) and (
            isinstance(node, exp.Struct) or node.name.lower() == "row"
        ):
            return exp.Struct(expressions=[inner.this])
    return node


def _string_index(node: exp.Expression) -> exp.Expression:
    # ts[-3], ts[-5:-4], ts[-2:]: DuckDB indexes text by character, 1-based, slices
    # inclusive; the loader indexes no arrays.
    if not isinstance(node, exp.Bracket) or len(node.expressions) != 1:
        return node
    index = node.expressions[0]
    if isinstance(index, exp.Slice):
        start = index.this
        if index.expression is None:
            return exp.Substring(this=node.this, start=start)
        length = exp.Literal.number(_int(index.expression) - _int(start) + 1)
        return exp.Substring(this=node.this, start=start, length=length)
    # sqlglot stores a single DuckDB index 0-based (ts[1] as 0, ts[-3] as -4); slices as
    # written.
    start = exp.Literal.number(_int(index) + 1)
    return exp.Substring(this=node.this, start=start, length=exp.Literal.number(1))


def _int(node: exp.Expression) -> int:
    if isinstance(node, exp.Neg):
        return -_int(node.this)
    if isinstance(node, exp.Literal) and not node.is_string:
        return int(node.name)
    raise SparkStatementError(f"a string slice with a bound that is not a number: {node.sql()}")


def _no_materialized_hint(node: exp.Expression) -> exp.Expression:
    # `as materialized (...)` is a DuckDB planning hint; Spark decides itself.
    if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
        node.set("materialized", None)
    return node


def _no_asof_join(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Join) and str(node.args.get("method") or "").upper() == "ASOF":
        raise SparkStatementError("ASOF JOIN has no Spark SQL spelling; write it as a join")
    return node


def _full_table_for_rowid(node: exp.Expression) -> exp.Expression:
    # `select rowid as x, * from staging.t`: the row id is the hidden column of the table's
    # __full view, and the stars of that select leave it out.
    if not isinstance(node, exp.Select):
        return node
    rowids = [
        c
        for c in node.find_all(exp.Column)
        if c.name.lower() == "rowid" and c.find_ancestor(exp.Select) is node
    ]
    if not rowids:
        return node
    source = node.args["from_"].this
    if not isinstance(source, exp.Table) or node.args.get("joins"):
        raise SparkStatementError(f"rowid is read only from a single table: {node.sql()}")
    source.set("this", exp.to_identifier(f"{source.name}{FULL}"))
    if not source.alias:
        source.set("alias", exp.TableAlias(this=exp.to_identifier(source.name.removesuffix(FULL))))
    for column in rowids:
        column.set("this", exp.to_identifier(ROWID))
    for star in node.expressions:
        target = star.this if isinstance(star, exp.Column) else star
        if isinstance(target, exp.Star):
            hidden = exp.column(ROWID)
            target.set("except_", [*(target.args.get("except_") or []), hidden])
    return node


# In the order applied; the model layer's two (spark.REWRITES) come last.
INGEST_REWRITES: tuple[Callable[[exp.Expression], exp.Expression], ...] = (
    _inline_macros,
    _no_asof_join,
    _no_materialized_hint,
    _star_columns_as_struct,
    _string_index,
    _duckdb_functions,
)


def _bottom_up(
    tree: exp.Expression, rewrite: Callable[[exp.Expression], exp.Expression]
) -> exp.Expression:
    """Apply `rewrite` to every node once, children before parents: sqlglot's transform
    goes top down and does not enter the node a rewrite returns (epoch_us(try_cast(...))
    would keep its inner cast)."""
    for node in reversed(list(tree.walk(bfs=False))):
        rewritten = rewrite(node)
        if rewritten is not node:
            if node is tree:
                tree = rewritten
            else:
                node.replace(rewritten)
    return tree


def translate(tree: exp.Expression) -> exp.Expression:
    """A DuckDB statement (parsed, parameters bound) rewritten for Spark."""
    tree = tree.transform(_inline_macros)
    for rewrite in INGEST_REWRITES[1:]:
        tree = _bottom_up(tree, rewrite)
    tree = tree.transform(_full_table_for_rowid)
    # Warehouse tables read through their views (staging.x -> staging__x, and the __full
    # views the row id rewrite chose keep their suffix).
    tree = tree.transform(_warehouse_tables_as_views)
    return tree.transform(_float_division)


def spark_sql(tree: exp.Expression) -> str:
    return tree.sql(dialect="spark", comments=False, unsupported_level=ErrorLevel.RAISE)


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, list | tuple):  # a DuckDB list literal; sqlglot writes array(...)
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, datetime):
        return f"TIMESTAMP '{value.isoformat()}'"
    return sql_literal(value)


def parse(statement: str, params: Mapping[str, Any] | None) -> exp.Expression:
    """A DuckDB statement with its $parameters written in as literals."""

    def literal(match: re.Match[str]) -> str:
        if match.group(1) not in (params or {}):
            raise SparkStatementError(f"the statement needs parameter ${match.group(1)}")
        return _literal(params[match.group(1)])

    return sqlglot.parse_one(PARAMETER.sub(literal, statement), read="duckdb")


# --- The connection ------------------------------------------------------------------------


@dataclass
class _Table:
    frame: DataFrame  # with the hidden row id
    columns: tuple[tuple[str, str], ...]  # declared (name, Spark type), without the row id
    temporary: bool


class SparkConnection:
    """The part of DuckDBPyConnection the loader uses (execute, sql(...).pl(), fetchall,
    fetchone, register, unregister), on a Spark session (see the module docstring)."""

    reads_parquet_in_place = False  # Parquet deliveries are read as text, like CSV

    def __init__(self, spark: SparkSession, empty_tables: bool = True) -> None:
        """A connection with every raw, staging, quarantine and ops table empty, to load
        into; or, with `empty_tables=False`, one that only reads the views the session
        already has (the published tables, for the checks: spark_pipeline.py)."""
        self.spark = spark
        self.tables: dict[str, _Table] = {}
        self.statements = 0
        self._result: DataFrame | None = None
        self._saved: dict[str, _Table] | None = None
        self._inserts = 0
        if empty_tables:
            for table, columns in warehouse_schemas().items():
                self._store(table, self._empty(columns), columns, temporary=False)

    # -- reading what is stored --

    def view_name(self, table: str) -> str:
        return warehouse_view(table) if "." in table else table

    def frame(self, table: str) -> DataFrame:
        """A table's rows, declared columns only."""
        return self.tables[table].frame.drop(ROWID)

    def _empty(self, columns: tuple[tuple[str, str], ...]) -> DataFrame:
        schema = ", ".join(f"`{name}` {kind}" for name, kind in columns)
        return self.spark.createDataFrame([], f"{schema}, `{ROWID}` BIGINT")

    def _store(
        self, table: str, frame: DataFrame, columns: tuple[tuple[str, str], ...], temporary: bool
    ) -> None:
        from pyspark import StorageLevel

        # Spilled to the executors' disks when memory runs short: a table of the history
        # need not fit the heap (at 10M events a memory-only checkpoint ran out of it).
        frame = frame.localCheckpoint(storageLevel=StorageLevel.MEMORY_AND_DISK)
        self.tables[table] = _Table(frame, columns, temporary)
        view = self.view_name(table)
        frame.createOrReplaceTempView(f"{view}{FULL}")
        frame.drop(ROWID).createOrReplaceTempView(view)

    def _with_rowid(self, frame: DataFrame) -> DataFrame:
        from pyspark.sql import functions as F

        # Unique across the run: each write gets its own high bits.
        self._inserts += 1
        return frame.withColumn(ROWID, F.monotonically_increasing_id() + (self._inserts << 42))

    # -- the DuckDBPyConnection surface --

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> SparkConnection:
        self._result = None
        for statement in split_statements(sql):
            if _SETTING.match(statement):
                continue  # DuckDB settings (disabled_optimizers): planning hints only
            self._run(parse(statement, params))
        return self

    def sql(self, query: str, params: Mapping[str, Any] | None = None) -> _Result:
        return _Result(self._query(parse(query, params)))

    @property
    def description(self) -> list[tuple[str, str]]:
        """The last query's columns, as DuckDB's cursor names them (name first)."""
        if self._result is None:
            return []
        return [(f.name, f.dataType.simpleString()) for f in self._result.schema.fields]

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._result is None:
            return []
        return [tuple(row) for row in self._result.collect()]

    def fetchone(self) -> tuple[Any, ...] | None:
        rows = self.fetchall()
        return rows[0] if rows else None

    def register(self, name: str, table: pa.Table) -> None:
        frame = self.spark.createDataFrame(table)
        columns = tuple((f.name, f.dataType.simpleString()) for f in frame.schema.fields)
        self._store(name, self._with_rowid(frame), columns, temporary=True)

    def unregister(self, name: str) -> None:
        self.tables.pop(name, None)
        self.spark.catalog.dropTempView(name)
        self.spark.catalog.dropTempView(f"{name}{FULL}")

    def close(self) -> None:
        for name in [n for n, t in self.tables.items() if t.temporary]:
            self.unregister(name)

    # -- statements --

    def _query(self, tree: exp.Expression) -> DataFrame:
        self.statements += 1
        return self.spark.sql(spark_sql(translate(tree)))

    def _run(self, tree: exp.Expression) -> None:
        if isinstance(tree, exp.Transaction):
            self._saved = dict(self.tables)
        elif isinstance(tree, exp.Commit):
            self._saved = None
        elif isinstance(tree, exp.Rollback):
            if self._saved is None:
                raise SparkStatementError("rollback without begin")
            for name, table in self._saved.items():
                self._store(name, table.frame, table.columns, table.temporary)
            self._saved = None
        elif isinstance(tree, exp.Create):
            self._create(tree)
        elif isinstance(tree, exp.Insert):
            self._insert(tree)
        elif isinstance(tree, exp.Delete):
            self._delete(tree)
        elif isinstance(tree, exp.Update):
            self._update(tree)
        elif isinstance(tree, exp.Query):
            self._result = self._query(tree)
        else:
            raise SparkStatementError(f"no Spark counterpart for: {tree.sql()[:200]}")

    def _create(self, tree: exp.Create) -> None:
        kind = (tree.args.get("kind") or "").upper()
        name = _table_name(tree.this)
        frame = self._query(tree.expression)
        if kind == "VIEW":
            self.tables.pop(name, None)
            frame.createOrReplaceTempView(self.view_name(name))
        elif kind == "TABLE":
            columns = tuple((f.name, f.dataType.simpleString()) for f in frame.schema.fields)
            self._store(name, self._with_rowid(frame), columns, temporary=True)
        else:
            raise SparkStatementError(f"create {kind} has no Spark counterpart here")

    def _target(self, node: exp.Expression) -> tuple[str, _Table]:
        name = _table_name(node)
        if name not in self.tables:
            raise SparkStatementError(f"{name} is not a table of this run")
        return name, self.tables[name]

    def _insert(self, tree: exp.Insert) -> None:
        from pyspark.sql import functions as F

        target = tree.this
        listed = [c.name for c in target.expressions] if isinstance(target, exp.Schema) else None
        name, table = self._target(target.this if isinstance(target, exp.Schema) else target)
        rows = self._query(tree.expression)
        declared = dict(table.columns)
        if tree.args.get("by_name"):
            given = {c.lower(): c for c in rows.columns}
            sources = {c: given.get(c.lower()) for c in declared}
        else:
            names = listed or list(declared)
            if len(rows.columns) != len(names):
                raise SparkStatementError(
                    f"insert into {name}: {len(rows.columns)} values for {len(names)} columns"
                )
            # By position: the select's own names may repeat (`cast(null as varchar)`).
            rows = rows.toDF(*(f"__value_{i}" for i in range(len(names))))
            sources = dict(zip(names, rows.columns, strict=True))
        aligned = rows.select(
            *(
                (F.col(f"`{sources[c]}`") if sources.get(c) else F.lit(None)).cast(kind).alias(c)
                for c, kind in table.columns
            )
        )
        self._store(
            name, table.frame.unionByName(self._with_rowid(aligned)), table.columns, table.temporary
        )

    def _matches(
        self,
        target: exp.Expression,
        sources: list[exp.Expression],
        where: exp.Expression | None,
        values: list[exp.Expression],
    ) -> DataFrame:
        """The row ids of `target` (a table with an alias) that `where` holds for, joined to
        `sources`, with `values` computed per matched row."""
        table = exp.Table(
            this=exp.to_identifier(f"{self.view_name(_table_name(target))}{FULL}"),
            alias=exp.TableAlias(
                this=exp.to_identifier(target.alias or _table_name(target).split(".")[-1])
            ),
        )
        alias = table.alias
        # DuckDB's rowid of the target is the hidden row id its __full view carries.
        where, values = _rowids(where), [_rowids(v) for v in values]
        select = exp.select(
            exp.alias_(exp.column(ROWID, table=alias), "__hit"),
            *(exp.alias_(v, f"__value_{i}") for i, v in enumerate(values)),
        ).from_(table)
        for source in sources:
            select = select.join(source, join_type="cross")
        if where is not None:
            select = select.where(where)
        return self._query(select)

    def _delete(self, tree: exp.Delete) -> None:
        name, table = self._target(tree.this)
        where = tree.args.get("where")
        hits = self._matches(
            tree.this, list(tree.args.get("using") or []), where.this if where else None, []
        )
        kept = table.frame.join(hits, table.frame[ROWID] == hits["__hit"], "left_anti")
        self._store(name, kept, table.columns, table.temporary)

    def _update(self, tree: exp.Update) -> None:
        from pyspark.sql import functions as F

        name, table = self._target(tree.this)
        assignments = [(e.this.name, e.expression) for e in tree.expressions]
        sources = [tree.args["from_"].this] if tree.args.get("from_") else []
        where = tree.args.get("where")
        hits = self._matches(
            tree.this, sources, where.this if where else None, [v for _, v in assignments]
        ).dropDuplicates(["__hit"])
        joined = table.frame.join(hits, table.frame[ROWID] == hits["__hit"], "left")
        changed = {column: i for i, (column, _) in enumerate(assignments)}
        declared = dict(table.columns)
        updated = joined.select(
            *(
                (
                    F.when(
                        F.col("__hit").isNotNull(), F.col(f"__value_{changed[c]}").cast(declared[c])
                    )
                    .otherwise(F.col(f"`{c}`"))
                    .alias(c)
                    if c in changed
                    else F.col(f"`{c}`")
                )
                for c, _ in table.columns
            ),
            F.col(ROWID),
        )
        self._store(name, updated, table.columns, table.temporary)


def _rowids(node: exp.Expression | None) -> exp.Expression | None:
    def rename(n: exp.Expression) -> exp.Expression:
        if isinstance(n, exp.Column) and n.name.lower() == "rowid":
            return exp.column(ROWID, table=n.table or None)
        return n

    return None if node is None else node.transform(rename)


def _table_name(node: exp.Expression) -> str:
    if not isinstance(node, exp.Table):
        raise SparkStatementError(f"not a table: {node.sql()}")
    return f"{node.db}.{node.name}" if node.db else node.name


class _Result:
    def __init__(self, frame: DataFrame) -> None:
        self.frame = frame

    def pl(self) -> pl.DataFrame:
        # Instants in the business time zone, as DuckDB's TIMESTAMPTZ reach polars (and the
        # contracts expect); Spark's Arrow writes them in UTC.
        frame = pl.from_arrow(self.frame.toArrow())
        return frame.with_columns(pl.col(pl.Datetime).dt.convert_time_zone(BUSINESS_TIME_ZONE))

    def fetchall(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.frame.collect()]


def iter_tables(
    conn: SparkConnection, schemas: tuple[str, ...] = WAREHOUSE_SCHEMAS
) -> Iterator[tuple[str, DataFrame]]:
    """The warehouse tables of a run, declared columns only."""
    for name, table in sorted(conn.tables.items()):
        if not table.temporary and name.split(".")[0] in schemas:
            yield name, conn.frame(name)
