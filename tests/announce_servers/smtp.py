"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records what it accepts."""

from __future__ import annotations

import asyncio
import socket
import warnings
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    reject_rcpt: bool = False
    data_sleep: float = 0.0  # sleep before answering DATA (after the message was read)
    data_code: str = "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.reject_rcpt:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        mail = message_from_bytes(raw, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.messages.append(mail)
        self.envelopes.append((str(envelope.mail_from), list(envelope.rcpt_tos)))
        if self.data_sleep:
            await asyncio.sleep(self.data_sleep)  # the client times out waiting for the answer
        return self.data_code


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpServer:
    """``with SmtpServer(user=..., password=...) as s:``; plain SMTP with AUTH allowed unencrypted."""

    def __init__(self, user: str = "", password: str = "") -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.user, self.password = user, password
        kwargs: dict[str, object] = {}
        if user:
            kwargs = {"authenticator": self._auth, "auth_require_tls": False, "auth_required": True}
        with warnings.catch_warnings():  # AUTH without TLS: fine on 127.0.0.1
            warnings.simplefilter("ignore")
            self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **kwargs)

    def _auth(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: object
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        return AuthResult(success=ok)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
