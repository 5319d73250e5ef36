"""The email sink: each alert as a plain-text message over SMTP, optionally upgraded by STARTTLS."""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sitrep.errors import ConfigError, SinkError
from sitrep.model import Alert
from sitrep.report.sink_config import positive
from sitrep.report.sink_text import one_line, plain_text


class EmailSink:
    """Sends each alert as a plain-text email over SMTP (optionally upgraded by STARTTLS).

    With ``username``, logs in with the password found in the environment variable named
    by ``password_env`` when sending; the password itself never sits in the settings.
    Without ``starttls`` that login travels in clear text.
    """

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        recipients: Sequence[str],
        *,
        starttls: bool = False,
        username: str | None = None,
        password_env: str | None = None,
        timeout: float = 10,
    ) -> None:
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise ConfigError(f"port must be an integer in 1..65535, got {port!r}")
        if isinstance(recipients, str) or not recipients:
            raise ConfigError(f"recipients must be a non-empty list, got {recipients!r}")
        if (username is None) != (password_env is None):
            raise ConfigError(
                "username and password_env go together, got "
                f"username={username!r}, password_env={password_env!r}"
            )
        self.host, self.port, self.sender = host, port, sender
        self.recipients = tuple(recipients)
        self.starttls = starttls
        self.username, self.password_env = username, password_env
        self.timeout = positive("timeout", timeout)
        self.name = f"email:{host}"

    def send(self, alert: Alert) -> None:
        password = self._password()
        message = _email_message(alert, self.sender, self.recipients)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username is not None and password is not None:
                    smtp.login(self.username, password)
                smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as e:
            raise SinkError(f"email via {self.host}:{self.port}: {type(e).__name__}: {e}") from e

    def _password(self) -> str | None:
        if self.password_env is None:
            return None
        password = os.environ.get(self.password_env)
        if password is None:
            raise SinkError(f"environment variable {self.password_env!r} (password) is not set")
        return password


def _email_message(alert: Alert, sender: str, recipients: Sequence[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[sitrep] {alert.status} {alert.kind}: {one_line(alert.title)}"
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid("sitrep", domain=sender.rpartition("@")[2] or "sitrep")
    message.set_content(plain_text(alert))
    return message
