"""Topic discovery: cluster what the model could not place, week by week, with stable theme ids,
and promote a theme to a topic.

Other packages import only the names below (``__all__``).
"""

from __future__ import annotations

from pipelines.discovery.cluster import MIN_CLUSTER_SIZE, discover
from pipelines.discovery.promote import promote_cluster
from pipelines.discovery.weekly import WeeklyDiscoveryReport, discover_weekly

__all__ = [
    "MIN_CLUSTER_SIZE",
    "WeeklyDiscoveryReport",
    "discover",
    "discover_weekly",
    "promote_cluster",
]
