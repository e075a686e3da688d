"""Publishing: the published tables and files for BI tools, small-number suppression, the weekly
HTML report and the run summary.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.publish.files import excel_safe
from pipelines.publish.outputs import PublishReport, Summary, format_summary, publish, summarise

__all__ = [
    "PublishReport",
    "Summary",
    "excel_safe",
    "format_summary",
    "publish",
    "summarise",
]
