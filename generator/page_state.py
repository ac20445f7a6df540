"""The page's overall state (the headline, Statuspage's ``status``): one answer for every output.

Core module: it reads component statuses and open incidents, nothing else, so the home
headline, the badges, the site card and ``status.json`` / ``summary.json`` all print
:attr:`generator.model.Site.state`. The rules (README "How the page decides what it says"):

1. An open incident counts with its impact, lowered to what its components show now
   (``major_outage`` critical, ``partial_outage`` major, ``degraded_performance`` minor,
   otherwise none): a critical incident whose components are back to degraded counts as
   minor, so the headline never claims more than the component list shows. An incident
   that names no component counts with its impact (there is nothing to lower it to).
2. The page's indicator is the worst of these, at least ``minor`` while any component is
   degraded or worse (the page never says "All Systems Operational" beside an outage), and
   ``maintenance`` when nothing is worse and a component is under maintenance (or a
   maintenance that names no component is in progress).
3. The words are Atlassian's seven: critical "Major System Outage", major "Partial System
   Outage", maintenance "Service Under Maintenance", none "All Systems Operational"; minor
   reads "Partially Degraded Service" when the worst component is only degraded ("Degraded
   System Service" when every one of two or more components is), else "Minor Service Outage".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import vocabulary as v

_BY_KEY = {key: (indicator, description) for key, indicator, description in v.PAGE_STATES}
# The impact a component status shows (the inverse of the contract's impact -> status rule).
STATUS_IMPACT = {
    "major_outage": "critical",
    "partial_outage": "major",
    "degraded_performance": "minor",
    "under_maintenance": "none",
    "operational": "none",
}
_RANK = {"none": 0, "maintenance": 1, "minor": 2, "major": 3, "critical": 4}
DEGRADED = "degraded_performance"


@dataclass(frozen=True)
class PageState:
    """One of Statuspage's seven page states."""

    key: str  # none | maintenance | partially_degraded | degraded_system | minor | major | critical
    indicator: str  # Statuspage's status.indicator: none | maintenance | minor | major | critical
    description: str  # Statuspage's English words for it

    @property
    def message_key(self) -> str:
        """The UI catalogue key of the headline (``indicator_<key>``)."""
        return f"indicator_{self.key}"


def state(key: str) -> PageState:
    """The page state ``key``."""
    indicator, description = _BY_KEY[key]
    return PageState(key, indicator, description)


def incident_weight(impact: str, own: Sequence[str] | None) -> str:
    """What an open incident counts as: its ``impact``, lowered to what its ``own`` statuses show.

    ``own``: the statuses it gives its components now; None when it names none.
    """
    if own is None:
        return impact
    shown = STATUS_IMPACT[v.worst(list(own))]
    return min(impact, shown, key=_RANK.__getitem__)


def page_state(
    statuses: Sequence[str], incidents: Iterable[tuple[str, Sequence[str] | None]], bare_window: bool
) -> PageState:
    """The page's state.

    ``statuses``: every configured component's current status; ``incidents``: each open
    incident's (impact, its own current component statuses or None when it names none);
    ``bare_window``: a maintenance that names no component is in progress.
    """
    worst = v.worst(list(statuses))
    found = [incident_weight(impact, own) for impact, own in incidents]
    if v.severity(worst) >= v.severity(DEGRADED):
        found.append("minor")
    if worst == v.UNDER_MAINTENANCE or bare_window:
        found.append("maintenance")
    indicator = max(found, key=_RANK.__getitem__, default="none")
    if indicator != "minor":
        return state(indicator)
    if worst != DEGRADED:
        return state("minor")
    everywhere = len(statuses) > 1 and all(s == DEGRADED for s in statuses)
    return state("degraded_system" if everywhere else "partially_degraded")
