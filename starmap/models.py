"""The model layer: every mart and every relation the marts share is one SQL file holding
one `select`, with its declaration in a header comment above it (docs/architecture.md).

    /*
    name: marts.mcn_standing
    kind: snapshot
    key: as_of, mcn_id
    description: One row per MCN known as of the date ...
    columns:
      as_of: date not null | Snapshot business date
      mcn_id: varchar not null | The agency
    checks:
      one_row_per_known_mcn: Each snapshot has one row per MCN founded by its date.
    */
    select ...

`name` is schema.table for a snapshot table (or a persistent view), a bare name for a
relation of one as-of date (`kind: table` or `view`), which other models read by that name.
Everything else follows from the declarations and the SQL: the inputs of a model (read
from its SQL with sqlglot, not kept in lists), the relations it needs and their order, the
DDL and comments of its table, the Dagster deps and checks (pipelines/snapshots.py), and the
`visible.*` views analysts set an as-of date for. Nothing here knows Dagster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp

SQL_DIR = Path(__file__).resolve().parents[1] / "sql"
MODEL_FOLDERS = ("visible", "marts")
KINDS = ("snapshot", "table", "view")
# A relation named visible_<x> is also published as the analysts' view visible.<x>.
VISIBLE_PREFIX = "visible_"
_HEADER = re.compile(r"\A\s*/\*(.*?)\*/", re.DOTALL)
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")
ANALYST_AS_OF = "cast(getvariable('as_of_date') as date)"


class ModelError(ValueError):
    """A model file whose declaration or SQL does not hold together."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    comment: str


@dataclass(frozen=True)
class Model:
    """One declared model: a snapshot table, or a relation of one as-of date."""

    name: str
    kind: str
    path: Path
    select: str
    description: str
    key: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    checks: dict[str, str] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()

    @property
    def is_snapshot(self) -> bool:
        return self.kind == "snapshot"

    @property
    def short_name(self) -> str:
        """The table's name without its schema: the Dagster asset key of a snapshot."""
        return self.name.rsplit(".", 1)[-1]

    @property
    def is_relation(self) -> bool:
        """A relation of one as-of date (a bare name), made afresh for every date."""
        return "." not in self.name

    @property
    def is_persistent_view(self) -> bool:
        """A view kept in the warehouse (schema.view), over snapshot tables."""
        return self.kind == "view" and not self.is_relation

    @property
    def analyst_view(self) -> str | None:
        """visible.<x> for the relation visible_<x>, else None."""
        if self.kind == "view" and self.name.startswith(VISIBLE_PREFIX):
            return "visible." + self.name.removeprefix(VISIBLE_PREFIX)
        return None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def check_sql(self, check: str) -> str:
        """The file (below sql/) that counts a check's violations: check_<name>.sql beside it."""
        return str((self.path.parent / f"check_{check}.sql").relative_to(SQL_DIR))

    def ddl(self) -> list[str]:
        """Create the snapshot table if missing (or the persistent view), and comment it and
        every column."""
        if self.is_persistent_view:
            if PARAMETER.search(self.select):
                raise ModelError(f"{self.path}: a persistent view takes no parameters")
            statements = [f"create or replace view {self.name} as\n{self.select}"]
            statements.append(f"comment on view {self.name} is {quote(self.description)}")
        else:
            columns = ",\n    ".join(f"{c.name} {c.type}" for c in self.columns)
            statements = [f"create table if not exists {self.name} (\n    {columns}\n)"]
            statements.append(f"comment on table {self.name} is {quote(self.description)}")
        statements += [
            f"comment on column {self.name}.{c.name} is {quote(c.comment)}" for c in self.columns
        ]
        return statements

    def write_sql(self) -> str:
        """Insert this snapshot model's rows (its select, parameterised by $as_of)."""
        names = ", ".join(self.column_names)
        select = f"select {names} from (\n{self.select}\n) as model"
        return f"insert into {self.name} ({names})\n{select}"


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _parse_header(path: Path, text: str) -> tuple[dict[str, Any], str]:
    match = _HEADER.match(text)
    if not match:
        raise ModelError(f"{path}: no declaration header (/* name: ... */)")
    fields: dict[str, Any] = {}
    section: str | None = None
    last: tuple[dict, str] | None = None
    for line in match.group(1).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        name, sep, value = line.strip().partition(":")
        if indent == 0 and sep:
            section = name
            fields[name] = value.strip() if value.strip() else {}
            last = (fields, name) if value.strip() else None
        elif section in ("columns", "checks") and sep and indent == 2 and " " not in name:
            fields[section][name] = value.strip()
            last = (fields[section], name)
        elif last is not None:  # a continuation line
            holder, at = last
            holder[at] = f"{holder[at]} {line.strip()}"
        else:
            raise ModelError(f"{path}: cannot read header line {line!r}")
    return fields, text[match.end() :].strip().rstrip(";")


def _column(path: Path, name: str, declared: str) -> Column:
    type_, sep, comment = declared.partition("|")
    if not sep or not type_.strip() or not comment.strip():
        raise ModelError(f"{path}: column {name} needs 'type | comment'")
    return Column(name, type_.strip(), comment.strip())


def read_inputs(sql: str) -> tuple[str, ...]:
    """The tables and relations a query (or script) reads, its own CTEs left out, sorted."""
    names: set[str] = set()
    for tree in sqlglot.parse(sql, read="duckdb"):
        if tree is None:
            continue
        ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        names |= {".".join(p for p in (t.db, t.name) if p) for t in tree.find_all(exp.Table)}
        names -= ctes
    return tuple(sorted(names))


def read_model(path: Path) -> Model:
    text = path.read_text(encoding="utf-8")
    fields, select = _parse_header(path, text)
    kind = fields.get("kind", "")
    if kind not in KINDS:
        raise ModelError(f"{path}: kind must be one of {KINDS}, not {kind!r}")
    name = fields.get("name", "")
    if (kind == "snapshot" and "." not in name) or (kind == "table" and "." in name):
        raise ModelError(f"{path}: a snapshot is schema.table, a relation a bare name: {name}")
    columns = tuple(_column(path, n, d) for n, d in (fields.get("columns") or {}).items())
    key = tuple(k.strip() for k in fields.get("key", "").split(",") if k.strip())
    if kind == "snapshot" and (not columns or key[:1] != ("as_of",)):
        raise ModelError(f"{path}: a snapshot declares its columns and a key from as_of")
    if set(key) - {c.name for c in columns}:
        raise ModelError(f"{path}: key {key} names undeclared columns")
    return Model(
        name=name,
        kind=kind,
        path=path,
        select=select,
        description=fields.get("description", ""),
        key=key,
        columns=columns,
        checks=dict(fields.get("checks") or {}),
        inputs=read_inputs(select),
    )


@cache
def registry() -> dict[str, Model]:
    """Every model below sql/visible and sql/marts, by name (check_*.sql are not models)."""
    return load_registry(SQL_DIR)


def load_registry(sql_dir: Path) -> dict[str, Model]:
    """The models of a sql/ folder, each relation it reads declared."""
    models: dict[str, Model] = {}
    for folder in MODEL_FOLDERS:
        for path in sorted((sql_dir / folder).rglob("*.sql")):
            if path.name.startswith("check_"):
                continue
            model = read_model(path)
            if model.name in models:
                raise ModelError(f"{path}: {model.name} is declared twice")
            models[model.name] = model
    for model in models.values():
        for name in model.inputs:
            if "." not in name and name not in models:
                raise ModelError(f"{model.path}: reads {name}, which no model declares")
    return models


def snapshot_models() -> list[Model]:
    return [m for m in registry().values() if m.is_snapshot]


def relations_for(model: Model) -> list[Model]:
    """The relations `model` reads, directly or through each other, in an order where each
    comes after those it reads (depth first, inputs in name order: always the same)."""
    models = registry()
    ordered: list[Model] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        relation = models[name]
        if relation in ordered:
            return
        if name in visiting:
            raise ModelError(f"{relation.path}: reads itself through {sorted(visiting)}")
        visiting.add(name)
        for inner in relation.inputs:
            if "." not in inner:
                visit(inner)
        visiting.discard(name)
        ordered.append(relation)

    for name in model.inputs:
        if "." not in name:
            visit(name)
    return ordered


def writers(table: str) -> set[str]:
    """The snapshot tables and warehouse tables behind `table`: itself, or for a persistent
    view the tables it reads."""
    model = registry().get(table)
    if model is None or not model.is_persistent_view:
        return {table}
    return set().union(*(writers(name) for name in model.inputs))


def tables_read(model: Model) -> set[str]:
    """The warehouse tables (schema.table) a model reads, itself or through its relations
    and persistent views (the snapshot tables behind them)."""
    read = {name for m in [*relations_for(model), model] for name in m.inputs if "." in name}
    return set().union(*(writers(name) for name in read)) - {model.name}


def sql_literal(value: Any) -> str:
    """A typed value as a SQL literal, for the bodies of views (which take no parameters)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    raise ModelError(f"no SQL literal for {value!r}")


def bind_literals(sql: str, params: dict[str, Any]) -> str:
    """The SQL with each $param replaced by the literal of its value."""

    def literal(match: re.Match[str]) -> str:
        if match.group(1) not in params:
            raise ModelError(f"SQL needs parameter ${match.group(1)}")
        return sql_literal(params[match.group(1)])

    return PARAMETER.sub(literal, sql)


def analyst_view_sql(model: Model) -> str:
    """`create or replace view visible.<x>` for analysts: the relation's select reading the
    other visible relations by their analyst names and the as-of date from the session
    (`set variable as_of_date = DATE '...'`)."""
    tree = sqlglot.parse_one(model.select, read="duckdb")
    for table in tree.find_all(exp.Table):
        if not table.db and table.name.startswith(VISIBLE_PREFIX):
            table.set("db", exp.to_identifier("visible"))
            table.set("this", exp.to_identifier(table.name.removeprefix(VISIBLE_PREFIX)))
    for placeholder in tree.find_all(exp.Placeholder):
        if placeholder.name != "as_of":
            raise ModelError(f"{model.path}: an analyst view can only read $as_of")
        placeholder.replace(sqlglot.parse_one(ANALYST_AS_OF, read="duckdb"))
    body = tree.sql(dialect="duckdb", pretty=True)
    return f"create or replace view {model.analyst_view} as\n{body}"


@cache
def schema_statements() -> tuple[str, ...]:
    """The DDL the models declare: snapshot tables with comments, analysts' visible views
    (made once per process: every connection compares them with the warehouse's)."""
    statements: list[str] = []
    # Tables before the persistent views over them.
    for model in sorted(registry().values(), key=lambda m: not m.is_snapshot):
        if model.is_snapshot or model.is_persistent_view:
            statements += model.ddl()
    visible = [m for m in registry().values() if m.analyst_view]
    # A view is created after the views it reads.
    done: list[Model] = []
    for model in visible:
        for relation in [*relations_for(model), model]:
            if relation.analyst_view and relation not in done:
                done.append(relation)
    statements += [analyst_view_sql(m) for m in done]
    return tuple(statements)
