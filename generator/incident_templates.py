"""Starting points for ``statuskit new --template``: first messages and FAQ skeletons.

They follow incident-communication practice: acknowledge fast and plainly,
say who is affected, promise when the next update comes; for a security
incident also what data, what people should do, and where to ask privately.
Every answer is safe to publish as written; edit it as facts arrive.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    """Defaults for a new incident file."""

    impact: str
    message: str
    faq: tuple[tuple[str, str], ...] = ()
    next_update: str = "30m"


TEMPLATES: dict[str, Template] = {
    "outage": Template(
        impact="major",
        message=(
            "We are aware that some of our services are unavailable and we are investigating.\n"
            "We are sorry for the disruption. We will post the next update here within 30 minutes,\n"
            "sooner if we learn more."
        ),
        faq=(
            (
                "Is my data safe?",
                "We have no sign that any data is affected. We will say so here at once if that changes.",
            ),
            (
                "Do I need to do anything?",
                "No. Please do not change your settings because of this outage; we will tell you here "
                "if you need to act.",
            ),
            (
                "How do I get help with my own case?",
                "Use the private contact on this page. We answer every message.",
            ),
        ),
    ),
    "degradation": Template(
        impact="minor",
        message=(
            "Some of our services are slower than usual or show occasional errors.\n"
            "We are investigating. Your data is not affected. The next update follows within an hour."
        ),
        faq=(
            ("Should I retry?", "Yes: most requests that fail now succeed on a second try a minute later."),
        ),
        next_update="1h",
    ),
    "security": Template(
        impact="critical",
        message=(
            "We are investigating a security incident that may affect some customers' data.\n"
            "We are telling you now, before we know everything, because you deserve to know.\n"
            "This page has what we know, what data may be involved, and what you can do.\n"
            "The next update follows within 2 hours."
        ),
        faq=(
            (
                "What data is involved?",
                "We are still establishing exactly which data was affected. We will list it here as "
                "soon as we know, and we will contact affected customers directly.",
            ),
            (
                "What should I do now?",
                "Watch your statements and accounts for activity you do not recognise, and be careful "
                "with e-mails or calls that ask for passwords or card details: we will never ask for them.",
            ),
            (
                "Will I have to pay for fraud?",
                "No. You will not be responsible for fraudulent charges caused by this incident.",
            ),
            (
                "Where can I ask about my own case?",
                "Use the private contact on this page. Do not post personal details publicly.",
            ),
        ),
        next_update="2h",
    ),
    "maintenance": Template(
        impact="maintenance",
        message=(
            "We will carry out planned maintenance in the window shown on this page.\n"
            "We will post here when the work starts and when it is finished."
        ),
        next_update="",
    ),
}
