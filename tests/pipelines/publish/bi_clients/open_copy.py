"""Open the published DuckDB copy with every connection string that docs/publishing.md gives.

Run by ``test_bi_clients.py`` in a separate environment (``.tools/bi-clients``, installed by
``./run test`` from ``requirements.txt``) that holds an older DuckDB, as BI drivers bundle, plus
SQLAlchemy and duckdb-engine, as Superset uses. Usage: ``python open_copy.py DOC COPY``.
Prints one line per string checked; exits non-zero on the first failure.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import duckdb
import sqlalchemy

DOC_PATH = "/srv/contact-topics/work/published/contact_topics.duckdb"


def strings(doc: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """(Python connect calls, SQLAlchemy URIs with settings, (URI, engine parameters) pairs)."""
    python = re.findall(r"`(duckdb\.connect\([^`]*\))`", doc)
    uris = re.findall(r"`(duckdb:///[^`?]+\?[^`]+)`", doc)
    pairs = re.findall(r"URI `(duckdb:///[^`?]+)`.*?`(\{\"connect_args\"[^`]+\})`", doc, re.S)
    return python, uris, pairs


def check_connection(label: str, execute, inspect_columns=None) -> None:
    assert execute("select count(*) from published.dim_topics")[0][0] > 0, label
    for statement, refusal in (
        ("select * from read_csv('/etc/passwd')", "external access"),
        ("create table published.mine as select 1 as x", "read-only"),
    ):
        try:
            execute(statement)
        except Exception as error:  # noqa: BLE001 - each driver wraps DuckDB's error its own way
            text = str(error).lower()
            if not any(word in text for word in ("permission", "read-only", "read only")):
                raise AssertionError(f"{label}: {statement!r} failed oddly: {error}") from error
        else:
            raise AssertionError(f"{label}: {statement!r} was allowed ({refusal} expected)")
    if inspect_columns is not None:
        assert "topic_id" in inspect_columns(), f"{label}: column inspection failed"
    print(f"ok  {label}")


def main(doc_file: str, copy: str) -> int:
    doc = Path(doc_file).read_text(encoding="utf-8")
    python, uris, pairs = strings(doc)
    if not (python and uris and pairs):
        print(f"missing strings in {doc_file}: python={python} uris={uris} pairs={pairs}")
        return 1
    for call in python:
        code = call.replace('"published/contact_topics.duckdb"', repr(copy))
        con = eval(code, {"duckdb": duckdb})  # noqa: S307 - the documented call itself

        def run(query: str, con=con) -> list:
            return con.execute(query).fetchall()

        check_connection(f"duckdb {duckdb.__version__}: {call}", run)
        con.close()
    engines = [(uri, {}) for uri in uris] + [(uri, json.loads(params)) for uri, params in pairs]
    for uri, params in engines:
        engine = sqlalchemy.create_engine(uri.replace(DOC_PATH, copy), **params)

        def execute(query: str, engine=engine) -> list:
            with engine.connect() as connection:  # a refused statement aborts its transaction
                return connection.execute(sqlalchemy.text(query)).fetchall()

        def columns(engine=engine) -> list[str]:
            inspector = sqlalchemy.inspect(engine)
            return [c["name"] for c in inspector.get_columns("dim_topics", schema="published")]

        label = f"SQLAlchemy {sqlalchemy.__version__}: {uri}" + (f" {params}" if params else "")
        check_connection(label, execute, columns)
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
