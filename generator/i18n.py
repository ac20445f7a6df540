"""Every UI string of ours, by language; English is the fallback.

Outputs call :func:`translator` once per build and look words up by key, so
adding a language means adding a catalogue, not touching templates.
"""

from __future__ import annotations

from collections.abc import Callable

EN: dict[str, str] = {
    # component statuses
    "operational": "Operational",
    "degraded_performance": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
    "under_maintenance": "Under maintenance",
    # update statuses
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
    "scheduled": "Scheduled",
    "in_progress": "In progress",
    "verifying": "Verifying",
    "completed": "Completed",
    # impacts
    "impact_none": "No impact",
    "impact_minor": "Minor",
    "impact_major": "Major",
    "impact_critical": "Critical",
    "impact_maintenance": "Maintenance",
    # overall state (Statuspage's wording)
    "indicator_none": "All Systems Operational",
    "indicator_maintenance": "Service Under Maintenance",
    "indicator_minor": "Minor Service Outage",
    "indicator_major": "Partial System Outage",
    "indicator_critical": "Major System Outage",
    # page text
    "components": "Components",
    "open_incidents": "Open incidents",
    "active_maintenance": "Maintenance in progress",
    "upcoming_maintenance": "Upcoming maintenance",
    "recent_history": "Past incidents",
    "no_incidents_day": "No incidents reported.",
    "full_history": "Full incident history",
    "latest_update": "Latest update",
    "impact": "Impact",
    "status": "Status",
    "affected_components": "Affected components",
    "started": "Started",
    "resolved_at": "Resolved",
    "duration": "Duration",
    "ongoing": "ongoing",
    "window": "Window",
    "timeline": "Timeline",
    "faq": "Questions and answers",
    "video": "Statement",
    "watch_video": "Watch the video statement",
    "contact": "Need help with your case?",
    "contact_text": "Contact us privately:",
    "postmortem": "Post-incident review",
    "next_update": "Next update by",
    "history": "History",
    "history_intro": "Every incident and maintenance, newest first.",
    "no_incidents": "No incidents yet.",
    "archive_years": "By year",
    "incidents_count": "incidents",
    "back_to_status": "Back to the current status",
    "maintenance": "Maintenance",
    "has_postmortem": "review",
    "ungrouped": "Other services",
    # crisis kit
    "share": "Share this page",
    "share_update": "Share this update",
    "copy_link": "Copy link",
    "copied": "Copied",
    "share_native": "Share…",
    "play_video": "Play the video statement",
    "video_notice": "The video loads from {provider} only when you press play.",
    "transcript": "Transcript",
    "overdue": "overdue",
    "follow": "Follow updates",
    "feed_rss": "RSS feed",
    "feed_atom": "Atom feed",
    "feed_incident": "Updates of this incident",
    "feed_site": "All updates",
    "calendar": "Maintenance calendar",
    "add_to_calendar": "Add to calendar",
    "api": "JSON API",
    "announce": "Ongoing incident:",
    "faq_open": "Questions about ongoing incidents",
    "link_to_update": "Link to this update",
    # uptime history (home page) and badges; {n} and {percent} are filled in
    "uptime_heading": "Uptime over the last {n} days",
    "uptime_rule": "How we count: a major outage is downtime, a partial outage counts as 30 % downtime, "
    "degraded performance counts as up, and maintenance is left out.",
    "uptime_percent": "{percent} % uptime",
    "uptime_days_ago": "{n} days ago",
    "uptime_today": "Today",
    "uptime_incident_days": "Days with incidents: {n}",
    "uptime_no_incidents": "No incidents in the last {n} days.",
    "badge_status": "status",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}


def translator(language: str) -> Callable[[str], str]:
    """A lookup for ``language`` (e.g. ``he`` or ``pt-BR``), falling back to English."""
    code = (language or "en").replace("_", "-")
    catalogue = CATALOGUES.get(code) or CATALOGUES.get(code.split("-")[0]) or EN

    def t(key: str) -> str:
        return catalogue.get(key) or EN.get(key, key)

    return t
