"""Email over SMTP (``smtplib``) to a list address, one thread per incident.

The Message-ID is derived from the delivery key and the site's host, so a resend after an
unknown outcome carries the same id and list archives and mail readers fold the copies; later
updates name the incident's first message in In-Reply-To and References.
"""

from __future__ import annotations

import html
import smtplib
import ssl
from email import policy
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import urlsplit

from generator.announce import text
from generator.announce.base import Delivery, Result
from generator.announce.channels import _http
from generator.announce.channels._common import Setup, digest

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def message_id(delivery: Delivery) -> str:
    host = urlsplit(delivery.message.site_url).hostname or "statuskit.invalid"
    return f"<{digest(delivery.key)}@{host}>"


def plain(delivery: Delivery) -> str:
    message = delivery.message
    parts = text.parts_of(message)
    lines = [f"{parts.title} — {parts.label}", ""]
    if parts.body:
        lines += [parts.body, ""]
    for name, label in message.components:
        lines.append(f"- {name}: {label}")
    if message.components:
        lines.append("")
    if parts.promise:
        lines += [parts.promise, ""]
    lines.append(parts.link)
    return "\n".join(lines) + "\n"


def rich(delivery: Delivery) -> str:
    message = delivery.message
    e = html.escape
    paragraphs = "".join(
        f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in message.body.split("\n\n") if p.strip()
    )
    items = "".join(f"<li>{e(n)}: {e(lab)}</li>" for n, lab in message.components)
    return (
        f'<!doctype html><html lang="{e(message.language)}"><body>'
        f"<h1>{e(message.incident_title)}</h1><p><strong>{e(message.status_label)}</strong></p>"
        f"{paragraphs}{f'<ul>{items}</ul>' if items else ''}"
        f"{f'<p>{e(message.next_update)}</p>' if message.next_update else ''}"
        f'<p><a href="{e(message.url)}">{e(message.url)}</a></p></body></html>'
    )


def build(delivery: Delivery, sender: str, to: list[str], with_html: bool) -> EmailMessage:
    message = delivery.message
    mail = EmailMessage()
    mail["Subject"] = f"[{message.status_label}] {message.incident_title}"
    mail["From"] = sender
    mail["To"] = ", ".join(to)
    mail["Date"] = formatdate(localtime=False, usegmt=True)
    mail["Message-ID"] = message_id(delivery)
    if delivery.thread_root:
        mail["In-Reply-To"] = delivery.thread_root
        refs = [delivery.thread_root]
        if delivery.thread_parent and delivery.thread_parent != delivery.thread_root:
            refs.append(delivery.thread_parent)
        mail["References"] = " ".join(refs)
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(plain(delivery))
    if with_html:
        mail.add_alternative(rich(delivery), subtype="html")
    mail["Content-Language"] = message.language  # after the content: set_content drops Content-* headers
    return mail


class EmailChannel:
    type = "email"

    def __init__(self, setup: Setup) -> None:
        self.id = setup.id
        self.host = setup.text("host")
        self.security = setup.text("security", "starttls")
        if self.security not in SECURITY:
            raise setup.error(f"'security' must be one of {', '.join(SECURITY)}")
        self.port = setup.number("port", DEFAULT_PORTS[self.security])
        self.sender = setup.text("from")
        to = setup.options.get("to")
        self.to = [to] if isinstance(to, str) else [str(t) for t in to] if isinstance(to, list) else []
        if not self.to or not all(self.to):
            raise setup.error("'to' must be an address or a list of addresses")
        self.username = setup.secret("username_env", required=False)
        self.password = setup.secret("password_env", required=bool(self.username))
        html_option = setup.options.get("html", True)
        if not isinstance(html_option, bool):
            raise setup.error("'html' must be true or false")
        self.html = html_option
        self.secrets = setup.secrets
        self.timeout = setup.timeout

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        return client

    def send(self, delivery: Delivery) -> Result:
        mail = build(delivery, self.sender, self.to, self.html)
        mid = str(mail["Message-ID"])
        data = mail.as_bytes(policy=policy.SMTP)  # CRLF line ends, as DATA requires
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as err:
            return Result("failed", detail=f"could not reach the server ({type(err).__name__})")
        try:
            try:  # nothing is sent before DATA: any trouble up to here is a failure
                client.ehlo_or_helo_if_needed()
                if self.username:
                    try:
                        client.login(self.username, self.password)
                    except smtplib.SMTPAuthenticationError as err:
                        return Result("failed", detail=f"login refused ({err.smtp_code})")
                    except smtplib.SMTPException as err:  # some servers hang up on a wrong password
                        return Result("failed", detail=f"login failed ({type(err).__name__})")
                code, reply = client.mail(self.sender)
                if code != 250:
                    return self._refused("MAIL FROM", code, reply)
                for address in self.to:
                    code, reply = client.rcpt(address)
                    if code not in (250, 251):
                        return self._refused("RCPT TO", code, reply)
            except (OSError, smtplib.SMTPException) as err:
                return Result("failed", detail=f"SMTP session failed ({type(err).__name__})")
            try:
                code, reply = client.data(data)
            except smtplib.SMTPDataError as err:
                return self._refused("DATA", err.smtp_code, err.smtp_error)
            except (TimeoutError, OSError, smtplib.SMTPServerDisconnected) as err:
                return Result("unknown", ref=mid, detail=f"message sent, no answer ({type(err).__name__})")
            if code != 250:
                return self._refused("DATA", code, reply)
            return Result("sent", ref=mid, detail=f"accepted ({code})")
        finally:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()

    def _refused(self, step: str, code: int, reply: bytes | str) -> Result:
        said = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        said = _http.mask(" ".join(said.split())[:160], self.secrets)
        return Result("failed", detail=f"{step} refused: {code} {said}")
