"""The snapshot models on Apache Spark (Spark SQL; local mode here, a cluster in production):
the same model files as DuckDB (sql/visible, sql/marts), translated by sqlglot plus the few
rewrites of `REWRITES`, each snapshot date written by replacing exactly one `as_of`
partition of a Parquet table (docs/scaling.md).

A Spark warehouse is a directory that DuckDB and Spark SQL both read:

    <warehouse>/staging/<table>/*.parquet            what the ingestion wrote
    <warehouse>/marts/<table>/as_of=YYYY-MM-DD/*.parquet

Per snapshot model and as-of date (oldest first, as pipelines/snapshots.py does):

1. the warehouse tables it reads become temporary views `<schema>__<table>` (re-listed, so
   a partition written a moment ago is seen), persistent views (marts.settlement_amounts)
   from their own model files;
2. each relation of `relations_for(model)` becomes a temporary view of its translated
   select with `$as_of` and the policy numbers written in as literals; a `kind: table`
   relation is also persisted (computed once per date, however many readers, like DuckDB's
   temporary table, and it keeps the marts' query plans short);
3. the model's select, cast to the declared column types, is computed once (persisted),
   checked (the key repeats nowhere, no null in a `not null` column, every row of the date)
   and only then written: a dynamic partition overwrite of `as_of=D`, or the removal of
   that partition when the date has no rows (an overwrite with no rows replaces nothing);
4. the views are dropped and the persisted data released.

pyspark is an optional dependency (`pip install -e '.[spark]'`); it is imported only by the
functions that need a session, so the translation can be used and tested without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from starmap.models import Model, ModelError, bind_literals, registry, relations_for, tables_read
from starmap.warehouse import BUSINESS_TIME_ZONE

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# The DuckDB types of the model headers as Spark SQL types. TIMESTAMPTZ is an instant, and so
# is Spark's TIMESTAMP (TIMESTAMP_LTZ, the default spark.sql.timestampType).
SPARK_TYPES = {
    "bigint": "BIGINT",
    "integer": "INT",
    "double": "DOUBLE",
    "varchar": "STRING",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "timestamptz": "TIMESTAMP",
}
_NOT_NULL = re.compile(r"\s+not\s+null\s*$", re.IGNORECASE)
JAVA_MIN_MAJOR = 17
# Where `starmap run --engine spark` writes and what session it opens, unless told.
DEFAULT_SPARK_WAREHOUSE = Path("data/spark-warehouse")
DEFAULT_SPARK_MASTER = "local[2]"
# Spark writes INT96 timestamps by default; microseconds adjusted to UTC are what DuckDB
# (and every other Parquet reader) reads back as TIMESTAMPTZ.
SESSION_CONF = {
    "spark.sql.session.timeZone": BUSINESS_TIME_ZONE,
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
}


class SparkSnapshotError(RuntimeError):
    """A snapshot date computed on Spark broke its declaration; nothing of it was written."""


class JavaMissingError(RuntimeError):
    """No Java runtime that Spark 4 can run on."""


# --- Translation: DuckDB SQL of a model -> Spark SQL ---------------------------------------


def warehouse_view(table: str) -> str:
    """The temporary view a warehouse table (schema.table) is read through on Spark."""
    schema, _, name = table.partition(".")
    if not name:
        raise ModelError(f"not a warehouse table (schema.table): {table}")
    return f"{schema}__{name}"


def _warehouse_tables_as_views(node: exp.Expression) -> exp.Expression:
    # Spark's temporary views have no schema, so staging.x and marts.x are read through the
    # views schema__x; the table keeps its own name as its alias when it had none, so a
    # column qualified by the table name still resolves.
    if isinstance(node, exp.Table) and node.db and not node.catalog and node.name:
        alias = node.alias or node.name
        return exp.Table(
            this=exp.to_identifier(warehouse_view(f"{node.db}.{node.name}")),
            alias=exp.TableAlias(this=exp.to_identifier(alias)),
        )
    return node


def _float_division(node: exp.Expression) -> exp.Expression:
    # DuckDB's `/` is floating-point division whatever the operands: `100.0 * score / 12` is
    # a DOUBLE there, but an exact DECIMAL on Spark (then rounded differently when cast to
    # double). Dividing the two sides as DOUBLE gives DuckDB's value to the bit. (`//` is
    # integer division on both, truncating toward zero: sqlglot writes Spark's DIV.)
    if isinstance(node, exp.Div) and not node.args.get("typed"):
        return exp.Div(
            this=exp.cast(node.this, exp.DataType.Type.DOUBLE),
            expression=exp.cast(node.expression, exp.DataType.Type.DOUBLE),
        )
    return node


# Where sqlglot's DuckDB -> Spark translation is not enough, in the order applied. Each is
# unit-tested (tests/models/test_spark_sql.py) and run on both engines (tests/spark/).
# What sqlglot already gets right, and needs nothing here: NULLS LAST made explicit in
# ascending ORDER BY (DuckDB's default; Spark's is NULLS FIRST), `//` as DIV, SEMI JOIN,
# FILTER (WHERE ...), `interval '1 day'`, casts to STRING/INT.
REWRITES: tuple[Callable[[exp.Expression], exp.Expression], ...] = (
    _warehouse_tables_as_views,
    _float_division,
)


def to_spark_sql(sql: str) -> str:
    """A model's select (DuckDB SQL, parameters already bound) as Spark SQL."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    for rewrite in REWRITES:
        tree = tree.transform(rewrite)
    return tree.sql(dialect="spark", comments=False, unsupported_level=ErrorLevel.RAISE)


def spark_type(declared: str) -> str:
    """The Spark SQL type of a column declared in a model header (`bigint not null`)."""
    base = _NOT_NULL.sub("", declared).strip().lower()
    if base not in SPARK_TYPES:
        raise ModelError(f"no Spark type for the declared type {declared!r}")
    return SPARK_TYPES[base]


def is_not_null(declared: str) -> bool:
    return bool(_NOT_NULL.search(declared))


def schema_ddl(model: Model) -> str:
    """The declared columns of a snapshot model as a Spark DDL schema string."""
    return ", ".join(f"`{c.name}` {spark_type(c.type)}" for c in model.columns)


def snapshot_select(model: Model, spark_sql: str) -> str:
    """The snapshot's translated select with every column cast to its declared type, in the
    declared order (what DuckDB's insert into the declared table does)."""
    columns = ",\n    ".join(
        f"cast(`{c.name}` as {spark_type(c.type)}) as `{c.name}`" for c in model.columns
    )
    return f"select\n    {columns}\nfrom (\n{spark_sql}\n) as model"


def snapshot_order(models: Iterable[Model] | None = None) -> list[Model]:
    """Snapshot models, each after the snapshot tables it reads (directly, through its
    relations or through persistent views), ties by name: the order Dagster's deps give."""
    chosen = sorted(
        models or [m for m in registry().values() if m.is_snapshot], key=lambda m: m.name
    )
    names = {m.name for m in chosen}
    ordered: list[Model] = []
    visiting: set[str] = set()

    def visit(model: Model) -> None:
        if model in ordered:
            return
        if model.name in visiting:
            raise ModelError(f"{model.path}: snapshot tables read each other: {sorted(visiting)}")
        visiting.add(model.name)
        for table in sorted(tables_read(model) & names):
            visit(registry()[table])
        visiting.discard(model.name)
        ordered.append(model)

    for model in chosen:
        visit(model)
    return ordered


def staging_tables(models: Iterable[Model] | None = None) -> list[str]:
    """The staging tables the snapshot models read: what a Spark warehouse must hold."""
    chosen = models or [m for m in registry().values() if m.is_snapshot]
    read = set().union(*(tables_read(m) for m in chosen))
    return sorted(t for t in read if t.startswith("staging."))


# --- Storage and session -------------------------------------------------------------------


def replace_folder(folder: Path, write: Callable[[Path], None]) -> None:
    """Write a table's folder anew: `write` fills a sibling folder, which is then renamed
    into place, so a killed write never leaves half a table (a kill between the two renames
    leaves none, until the rerun). Siblings are hidden (readers list the table's own
    folder) and unique, so two writers of one table do not share one."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    try:
        write(fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    stale = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
    stale.rmdir()  # a name to rename the old table to
    if folder.exists():
        folder.rename(stale)
    fresh.rename(folder)
    shutil.rmtree(stale, ignore_errors=True)


def java_major_version(java: str = "java") -> int | None:
    """The major version of the Java runtime on PATH (or JAVA_HOME), None without one."""
    home = os.environ.get("JAVA_HOME")
    candidate = str(Path(home, "bin", "java")) if home else shutil.which(java)
    if not candidate or not Path(candidate).exists():
        return None
    shown = subprocess.run(
        [candidate, "-version"], capture_output=True, text=True, check=False
    ).stderr
    found = re.search(r'version "(\d+)(?:\.(\d+))?', shown)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def require_java() -> None:
    """Fail with what to do when Spark cannot start for want of Java."""
    major = java_major_version()
    if major is None or major < JAVA_MIN_MAJOR:
        found = "no Java" if major is None else f"Java {major}"
        raise JavaMissingError(
            f"Spark 4 needs Java {JAVA_MIN_MAJOR} or later and found {found}: "
            "`make java` installs Debian's openjdk-17-jre-headless"
        )


def local_session(
    scratch_dir: str | os.PathLike[str],
    cores: int = 2,
    shuffle_partitions: int = 4,
    master: str | None = None,
    conf: Mapping[str, str] | None = None,
) -> SparkSession:
    """A Spark session in local mode (`local[cores]`): the driver runs the tasks itself, with
    the same SQL engine, planner and Parquet writer as a cluster (docs/scaling.md). `master`
    names another master URL instead; `conf` adds settings (driver memory must be given
    here: it is read when the JVM starts)."""
    require_java()
    from pyspark.sql import SparkSession

    scratch = Path(scratch_dir)
    builder = (
        SparkSession.builder.master(master or f"local[{cores}]")
        .appName("starmap")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.warehouse.dir", str(scratch / "spark-warehouse"))
        .config("spark.local.dir", str(scratch / "spark-local"))
        .config("spark.driver.extraJavaOptions", f"-Djava.io.tmpdir={scratch}")
    )
    for key, value in {**SESSION_CONF, **(conf or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


# --- The runner ----------------------------------------------------------------------------


@dataclass
class SparkRun:
    """What a run did: statements sent to Spark (views made, checks, writes) and seconds,
    per snapshot model and in all."""

    statements: int = 0
    seconds: float = 0.0
    dates_written: int = 0
    seconds_by_table: dict[str, float] = field(default_factory=dict)


class SparkWarehouse:
    """A Parquet warehouse directory on a Spark session (the module's docstring). It sets
    the session's time zone to Asia/Shanghai and its Parquet timestamps to UTC microseconds
    (SESSION_CONF), as starmap.warehouse.connect sets DuckDB's time zone."""

    def __init__(
        self,
        spark: SparkSession,
        warehouse_dir: str | os.PathLike[str],
        staging_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.spark = spark
        self.root = Path(warehouse_dir)
        self.staging_root = Path(staging_dir) if staging_dir else self.root / "staging"
        self.statements = 0
        # Staging tables do not change while snapshots are written: listed once per object.
        self._staging_registered: set[str] = set()
        for key, value in SESSION_CONF.items():
            spark.conf.set(key, value)

    def table_path(self, table: str) -> Path:
        schema, _, name = table.partition(".")
        return (self.staging_root if schema == "staging" else self.root / schema) / name

    def partition_path(self, table: str, as_of: date) -> Path:
        return self.table_path(table) / f"as_of={as_of.isoformat()}"

    def sql(self, statement: str) -> DataFrame:
        self.statements += 1
        return self.spark.sql(statement)

    def register_table(self, table: str) -> None:
        """(Re)make the view schema__table of a warehouse table, listing its files now."""
        model = registry().get(table)
        view = warehouse_view(table)
        if model is not None and model.is_persistent_view:
            for inner in model.inputs:
                self.register_table(inner)
            self.sql(to_spark_sql(model.select)).createOrReplaceTempView(view)
            return
        path = self.table_path(table)
        if model is not None:
            # A snapshot table reads with its declared schema: as_of typed from the folder
            # names, and no table yet is an empty one.
            schema = schema_ddl(model)
            if path.exists():
                frame = self.spark.read.schema(schema).parquet(str(path))
            else:
                frame = self.spark.createDataFrame([], schema)
        elif path.exists():
            frame = self.spark.read.parquet(str(path))
        else:
            raise SparkSnapshotError(f"{table}: no Parquet table at {path}")
        self.statements += 1
        frame.createOrReplaceTempView(view)

    def write_snapshot(self, model: Model, as_of: date, policy_params: Mapping[str, Any]) -> int:
        """Compute the snapshot of `model` as of a date and replace that date's partition;
        the rows written."""
        params = {**policy_params, "as_of": as_of}
        relations = relations_for(model)
        for table in staging_tables([model]):
            if table not in self._staging_registered:
                self.register_table(table)
                self._staging_registered.add(table)
        read = {n for m in [*relations, model] for n in m.inputs if n.startswith("marts.")}
        for table in sorted(read):
            self.register_table(table)
        persisted: list[DataFrame] = []
        result: DataFrame | None = None
        try:
            for relation in relations:
                frame = self.sql(to_spark_sql(bind_literals(relation.select, params)))
                if relation.kind == "table":
                    frame = frame.persist()
                    persisted.append(frame)
                frame.createOrReplaceTempView(relation.name)
            select = snapshot_select(model, to_spark_sql(bind_literals(model.select, params)))
            result = self.sql(select).persist()
            rows = self._check(model, as_of, result)
            self._publish(model, as_of, result, rows)
            return rows
        finally:
            if result is not None:
                result.unpersist()
            for frame in persisted:
                frame.unpersist()
            for relation in reversed(relations):
                self.spark.catalog.dropTempView(relation.name)

    def _check(self, model: Model, as_of: date, result: DataFrame) -> int:
        """Count the date's rows and raise on a repeated key, a null in a `not null` column or
        a row of another date (which the overwrite would publish elsewhere)."""
        view = "starmap__snapshot"
        result.createOrReplaceTempView(view)
        key = ", ".join(f"`{k}`" for k in model.key)
        required = [f"`{c.name}` is null" for c in model.columns if is_not_null(c.type)]
        nulls = f"count_if({' or '.join(required)})" if required else "0"
        row = self.sql(
            f"select count(*) as rows, count(*) - count(distinct {key}) as repeated, "
            f"count_if(`as_of` <> date'{as_of.isoformat()}') as other_dates, "
            f"{nulls} as nulls from {view}"
        ).collect()[0]
        self.spark.catalog.dropTempView(view)
        problems = []
        if row["repeated"]:
            problems.append(f"{row['repeated']} row(s) repeat a key ({', '.join(model.key)})")
        if row["nulls"]:
            problems.append(f"{row['nulls']} row(s) with a null in a not null column")
        if row["other_dates"]:
            problems.append(f"{row['other_dates']} row(s) of another as_of")
        if problems:
            raise SparkSnapshotError(f"{model.name}: {'; '.join(problems)} as of {as_of}")
        return int(row["rows"])

    def _publish(self, model: Model, as_of: date, result: DataFrame, rows: int) -> None:
        path = self.table_path(model.name)
        if rows:
            # Dynamic partition overwrite: only the partitions present in the rows (as_of=D)
            # are replaced; one file per date (a date of a mart is small).
            self.statements += 1
            (
                result.coalesce(1)
                .write.mode("overwrite")
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy("as_of")
                .parquet(str(path))
            )
        else:
            # No rows: nothing to overwrite with, so the date's old partition goes.
            path.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(self.partition_path(model.name, as_of), ignore_errors=True)

    def write_snapshots(
        self,
        as_of_dates: Sequence[date],
        policy_params: Mapping[str, Any],
        models: Iterable[Model] | None = None,
    ) -> SparkRun:
        """Every snapshot model (or those given), each after the snapshot tables it reads,
        for each date oldest first (the ledger and sticky flags build on earlier days)."""
        run = SparkRun()
        started = time.monotonic()
        before = self.statements
        for model in snapshot_order(models):
            model_started = time.monotonic()
            for as_of in sorted(as_of_dates):
                self.write_snapshot(model, as_of, policy_params)
                run.dates_written += 1
            run.seconds_by_table[model.name] = time.monotonic() - model_started
        run.statements = self.statements - before
        run.seconds = time.monotonic() - started
        return run
