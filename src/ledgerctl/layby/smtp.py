"""Sending the outbox's pending emails through SMTP (standard library ``smtplib``).

Settings (``[ledgerctl]`` in ``ledgerctl.toml``): ``layby_smtp_host`` (sending is off when
unset), ``layby_smtp_port`` (default 25), ``layby_smtp_from``, ``layby_smtp_user``,
``layby_smtp_password`` (or the environment variable ``LEDGERCTL_LAYBY_SMTP_PASSWORD``),
``layby_smtp_starttls`` (``true``/``false``, default false).

Each email is marked sent (or failed, with the server's reply) in its own short transaction
right after the server answers, so a crash re-sends at most the one message in flight.
"""

from __future__ import annotations

import os
import smtplib
from dataclasses import dataclass

from ledgerctl.context import AppContext
from ledgerctl.core.clock import utcnow
from ledgerctl.core.errors import RemoteUnavailable, UsageError
from ledgerctl.layby import outbox
from ledgerctl.work import unit_of_work


@dataclass(frozen=True)
class EmailsSent:
    """What `layby outbox send` (or the automation) sent, and how many the server refused."""

    sent: int
    failed: int


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    starttls: bool


def smtp_settings(ctx: AppContext) -> SmtpSettings | None:
    """The SMTP settings, or None when sending is not configured."""
    extra = ctx.settings.extra
    host = str(extra.get("layby_smtp_host", "") or "")
    if not host:
        return None
    try:
        port = int(str(extra.get("layby_smtp_port", "25")))
    except ValueError:
        raise UsageError("layby_smtp_port in ledgerctl.toml must be a port number") from None
    password = os.environ.get("LEDGERCTL_LAYBY_SMTP_PASSWORD") or str(
        extra.get("layby_smtp_password", "") or ""
    )
    starttls = str(extra.get("layby_smtp_starttls", "false")).lower() in ("true", "1", "yes")
    return SmtpSettings(host, port, str(extra.get("layby_smtp_user", "") or ""), password, starttls)


def _connect(s: SmtpSettings) -> smtplib.SMTP:
    try:
        client = smtplib.SMTP(s.host, s.port, timeout=30)
        if s.starttls:
            client.starttls()
        if s.user:
            client.login(s.user, s.password)
    except (OSError, smtplib.SMTPException) as exc:
        raise RemoteUnavailable(
            f"SMTP server {s.host}:{s.port} refused or is unreachable "
            f"({exc}); the emails stay pending - retry with `ledgerctl "
            "layby outbox send`"
        ) from None
    return client


def send_pending(ctx: AppContext, permission: str = "layby.admin") -> tuple[int, int]:
    """Send every pending (or previously failed) email; returns (sent, failed)."""
    settings = smtp_settings(ctx)
    if settings is None:
        raise UsageError(
            "sending is off: set layby_smtp_host (and layby_smtp_from) under "
            "[ledgerctl] in ledgerctl.toml"
        )
    with unit_of_work(ctx, permission, write=False) as work:
        queue = [
            (int(n.id or 0), outbox.email_message(work, n, number))
            for n, number in outbox.pending_emails(work)
        ]
    if not queue:
        return 0, 0
    sent = failed = 0
    client = _connect(settings)
    try:
        for notice_id, message in queue:
            error = ""
            try:
                refused = client.send_message(message)
                error = "; ".join(f"{k}: {v}" for k, v in refused.items())
            except smtplib.SMTPException as exc:
                error = str(exc)
            with unit_of_work(ctx, permission) as work:
                outbox.mark(work, notice_id, not error, error, utcnow())
            sent, failed = (sent + 1, failed) if not error else (sent, failed + 1)
    finally:
        try:
            client.quit()
        except (OSError, smtplib.SMTPException):
            client.close()
    return sent, failed


def send_outbox(ctx: AppContext) -> EmailsSent:
    """`layby outbox send`, a workflow over ``ctx``: each email is marked in its own unit of
    work as ``layby.admin`` (see the module docstring)."""
    sent, failed = send_pending(ctx, "layby.admin")
    return EmailsSent(sent, failed)
