"""Count a CSV's records a second way, without the ``csv`` module, to catch a parser that
swallows records.

The reader (``readers._records``) parses with Python's ``csv`` module and, after a damaged
record, starts again on the next physical line. Here records are counted from quote parity
alone: a record ends at a line break outside quotes, and a quoted value (even with line breaks
inside it, which are part of the value) keeps its quotes balanced. A quote that opens a value
and never closes would swallow the rest of the file; as in the reader, the line where that
record starts then counts as one record and counting goes on from the next line.

When the two counts differ, the file is refused (and quarantined) rather than stored with a
smaller "rows read": a stray quote once made 197 of 200 records vanish into one reject while
rows read = stored + rejected still balanced.
"""

from __future__ import annotations

import io


def count_csv_records(text: str) -> int:
    """Non-empty records in ``text`` (header included; blank lines outside quotes are not
    records), counted from quote parity per physical line."""
    lines = io.StringIO(text, newline="").readlines()  # \n, \r\n and \r, as csv reads them
    odd = [line.count('"') % 2 == 1 for line in lines]
    count, start, total = 0, 0, len(lines)
    while start < total:
        if not odd[start]:
            if lines[start].rstrip("\r\n"):
                count += 1
            start += 1
            continue
        # a record with an open quote: it ends on the next line that closes it
        end = start + 1
        while end < total and not odd[end]:
            end += 1
        count += 1
        # no closing line: a quote that never closes; count its first line, go on from the next
        start = end + 1 if end < total else start + 1
    return count
