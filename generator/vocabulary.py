"""The contract's fixed words: impacts, statuses, and how they rank.

Vocabulary follows Atlassian Statuspage on purpose (see format.md).
"""

from __future__ import annotations

IMPACTS = ("none", "minor", "major", "critical")
MAINTENANCE_IMPACT = "maintenance"

INCIDENT_STATUSES = ("investigating", "identified", "monitoring", "resolved")
MAINTENANCE_STATUSES = ("scheduled", "in_progress", "verifying", "completed")
RESOLVED = "resolved"
COMPLETED = "completed"

# Worst first, as the contract orders them.
COMPONENT_STATUSES = (
    "major_outage",
    "partial_outage",
    "degraded_performance",
    "under_maintenance",
    "operational",
)
OPERATIONAL = "operational"
UNDER_MAINTENANCE = "under_maintenance"

IMPACT_COMPONENT_STATUS = {
    "none": "operational",
    "minor": "degraded_performance",
    "major": "partial_outage",
    "critical": "major_outage",
    "maintenance": "under_maintenance",
}

# Page indicator: best first.
INDICATORS = ("none", "maintenance", "minor", "major", "critical")

# The page's state, best first: (key, Statuspage ``status.indicator``, Statuspage's description).
# These are Atlassian's seven descriptions, kept in English in the API whatever the UI language;
# pages show ``t("indicator_" + key)``. How a site gets its state: generator/page_state.py.
PAGE_STATES = (
    ("none", "none", "All Systems Operational"),
    ("maintenance", "maintenance", "Service Under Maintenance"),
    ("partially_degraded", "minor", "Partially Degraded Service"),
    ("degraded_system", "minor", "Degraded System Service"),
    ("minor", "minor", "Minor Service Outage"),
    ("major", "major", "Partial System Outage"),
    ("critical", "critical", "Major System Outage"),
)

_SEVERITY = {status: rank for rank, status in enumerate(reversed(COMPONENT_STATUSES))}


def severity(status: str) -> int:
    """Higher is worse: operational 0 ... major_outage 4."""
    return _SEVERITY[status]


def worst(statuses: list[str] | tuple[str, ...]) -> str:
    """The worst component status of several, ``operational`` for none."""
    return max(statuses, key=severity, default=OPERATIONAL)


# Share targets a site may show on incident pages, in display order.
SHARE_TARGETS = (
    "x",
    "facebook",
    "linkedin",
    "bluesky",
    "mastodon",
    "whatsapp",
    "telegram",
    "reddit",
    "email",
    "copy",
)
