"""Load the taxonomy into the warehouse (``raw.topics``, ``raw.topic_wrap_up_codes``).

Reloaded on every run (delete-then-insert in one transaction), so editing the taxonomy file
and re-running is enough; dbt reads these tables as sources.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import duckdb

from pipelines.taxonomy import Taxonomy

log = logging.getLogger(__name__)


def load_taxonomy_tables(con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy) -> int:
    now = datetime.now(UTC)
    topics = [
        (t.id, t.name, t.service_area, t.lgsl, t.description, t.safeguarding, now)
        for t in taxonomy.topics
    ]
    codes = sorted(taxonomy.wrap_up_code_map().items())
    con.begin()
    try:
        con.execute("delete from raw.topics")
        con.execute("delete from raw.topic_wrap_up_codes")
        con.executemany("insert into raw.topics values (?, ?, ?, ?, ?, ?, ?)", topics)
        if codes:
            con.executemany("insert into raw.topic_wrap_up_codes values (?, ?)", codes)
        con.commit()
    except Exception:
        con.rollback()
        raise
    log.info("taxonomy: %d topics, %d wrap-up codes loaded", len(topics), len(codes))
    return len(topics)
