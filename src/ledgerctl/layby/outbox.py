"""The lay-by outbox: files for each day's notices and (optionally) sending the emails.

Files, rewritten from the outbox table (atomically) whenever the automation runs for a day,
so a crash between the database commit and the files is healed by the next run:

- ``output/layby/outbox/YYYY-MM-DD/email.mbox``: every email of the day (RFC 5322
  messages in one mbox file: open it in a mail client or hand it to a mail tool);
- ``output/layby/outbox/YYYY-MM-DD/sms.csv``: one row per text message (for a bulk-SMS
  gateway upload);
- ``output/layby/outbox/YYYY-MM-DD/no-contact.csv``: notices for customers with neither an
  email address nor a phone number (call or write to them).

Sending: when ``layby_smtp_host`` is set in ``ledgerctl.toml`` the automation sends the
pending emails after its run; ``ledgerctl layby outbox send`` sends (or retries) them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.layby.tables import Layby, Notification
from ledgerctl.outputs.api import atomic_write_text
from ledgerctl.work import Work, use_case

NOTES = Notification.__table__  # type: ignore[attr-defined]
_FROM_LINE = re.compile(r"(?m)^(>*From )")
SMS_COLUMNS = ("notification_id", "layby", "customer", "phone", "kind", "message")
NO_CONTACT_COLUMNS = ("notification_id", "layby", "customer", "kind", "subject")
READ = "layby.read"


@dataclass(frozen=True)
class NoticeRow:
    """One line of `layby outbox list`."""

    id: int
    day: date
    layby: str
    kind: str
    customer: str
    email: str
    email_status: str
    phone: str
    sms: str


@dataclass(frozen=True)
class NoticeText:
    """One notice as the customer gets it: the email, then the SMS."""

    text: str


@dataclass(frozen=True)
class OutboxFiles:
    """The outbox files of a day, by kind (email, sms, no_contact); none when no notices."""

    day: date
    files: tuple[tuple[str, Path], ...]


def outbox_dir(home: Path, day: date) -> Path:
    return home / "output" / "layby" / "outbox" / day.isoformat()


def _sender(work: Work) -> str:
    configured = str(work.ctx.settings.extra.get("layby_smtp_from", "") or "")
    return configured or f"{work.tenant.slug}@localhost"


def email_message(work: Work, n: Notification, number: str) -> EmailMessage:
    """The notice as an email (headers name the lay-by, kind and day for tracing)."""
    msg = EmailMessage()
    msg["From"] = _sender(work)
    msg["To"] = n.email_to
    msg["Subject"] = n.subject
    msg["Date"] = format_datetime(n.created_at)
    msg["Message-ID"] = f"<layby-{work.tenant.slug}-{n.id}@ledgerctl.local>"
    msg["X-Layby"] = number
    msg["X-Layby-Notice"] = f"{n.kind} {n.day.isoformat()}"
    msg.set_content(n.body)
    return msg


def _day_rows(work: Work, day: date) -> list[Any]:
    n, p = NOTES, Layby.__table__  # type: ignore[attr-defined]
    return list(
        work.session.connection().execute(
            sa_select(
                n.c.id,
                n.c.kind,
                n.c.day,
                n.c.customer_name,
                n.c.email_to,
                n.c.phone,
                n.c.subject,
                n.c.body,
                n.c.sms,
                n.c.created_at,
                p.c.number,
            )
            .join(p, p.c.id == n.c.layby_id)
            .where(n.c.tenant_id == work.tenant_id, n.c.day == day)
            .order_by(n.c.id)
        )
    )


def _csv(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def _header(value: str) -> str:
    """One header line: folded whitespace removed, RFC 2047 encoded when not ASCII."""
    clean = " ".join(value.split())
    if clean.isascii():
        return clean
    from email.header import Header

    return Header(clean, "utf-8").encode()


def _mbox_entry(sender: str, slug: str, r: Any) -> str:
    body = _FROM_LINE.sub(r">\1", r.body if r.body.endswith("\n") else r.body + "\n")
    return (
        "\n".join(
            [
                f"From ledgerctl {r.created_at.strftime('%a %b %d %H:%M:%S %Y')}",
                f"From: {_header(sender)}",
                f"To: {_header(r.email_to)}",
                f"Subject: {_header(r.subject)}",
                f"Date: {format_datetime(r.created_at)}",
                f"Message-ID: <layby-{slug}-{r.id}@ledgerctl.local>",
                f"X-Layby: {r.number}",
                f"X-Layby-Notice: {r.kind} {r.day.isoformat()}",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                body,
            ]
        )
        + "\n"
    )


def _stamp(work: Work, day: date) -> str:
    count, last = (
        work.session.connection()
        .execute(
            sa_select(func.count(), func.max(NOTES.c.id)).where(
                NOTES.c.tenant_id == work.tenant_id, NOTES.c.day == day
            )
        )
        .one()
    )
    return f"{count} {last}\n"


def write_day(work: Work, day: date) -> dict[str, Path]:
    """(Re)write the day's outbox files from the table; returns the paths. Files that
    already match the table (same notices, per the folder's ``.manifest``) are left alone."""
    folder, stamp = outbox_dir(work.ctx.home, day), _stamp(work, day)
    if stamp.startswith("0 "):
        return {}
    paths = {
        "email": folder / "email.mbox",
        "sms": folder / "sms.csv",
        "no_contact": folder / "no-contact.csv",
    }
    manifest = folder / ".manifest"
    if (
        manifest.is_file()
        and manifest.read_text() == stamp
        and all(p.is_file() for p in paths.values())
    ):
        return paths
    rows = _day_rows(work, day)
    sender, slug = _sender(work), work.tenant.slug
    atomic_write_text(
        paths["email"], "".join(_mbox_entry(sender, slug, r) for r in rows if r.email_to)
    )
    atomic_write_text(
        paths["sms"],
        _csv(
            SMS_COLUMNS,
            [(r.id, r.number, r.customer_name, r.phone, r.kind, r.sms) for r in rows if r.phone],
        ),
    )
    atomic_write_text(
        paths["no_contact"],
        _csv(
            NO_CONTACT_COLUMNS,
            [
                (r.id, r.number, r.customer_name, r.kind, r.subject)
                for r in rows
                if not r.phone and not r.email_to
            ],
        ),
    )
    atomic_write_text(manifest, stamp)
    return paths


@use_case(READ, write=False)
def write_outbox(work: Work, day: date) -> OutboxFiles:
    """`layby outbox write`: rewrite the outbox files of ``day`` from the table."""
    return OutboxFiles(day, tuple(write_day(work, day).items()))


@use_case(READ, write=False)
def list_notices(work: Work, day: date | None, status: str | None, limit: int) -> list[NoticeRow]:
    """`layby outbox list`: notices, newest last."""
    query = (
        select(Notification, Layby.number)
        .join(Layby, col(Layby.id) == col(Notification.layby_id))
        .where(Notification.tenant_id == work.tenant_id)
    )
    if day is not None:
        query = query.where(Notification.day == day)
    if status is not None:
        if status not in ("pending", "sent", "failed", "none"):
            raise UsageError(f"--status {status!r} must be pending, sent, failed or none")
        query = query.where(Notification.email_status == status)
    rows = work.session.exec(query.order_by(col(Notification.id).desc()).limit(limit)).all()
    return [
        NoticeRow(
            n.id or 0,
            n.day,
            num,
            n.kind,
            n.customer_name,
            n.email_to,
            n.email_status,
            n.phone,
            n.sms,
        )
        for n, num in reversed(rows)
    ]


@use_case(READ, write=False)
def show_notice(work: Work, notice_id: int) -> NoticeText:
    """The full email and SMS of one notice, as text."""
    n = work.session.get(Notification, notice_id)
    if n is None or n.tenant_id != work.tenant_id:
        raise NotFound(f"notice {notice_id} not found; see `ledgerctl layby outbox list`")
    plan = work.session.get(Layby, n.layby_id)
    assert plan is not None
    email = (
        email_message(work, n, plan.number).as_string() if n.email_to else "(no email address)\n"
    )
    return NoticeText(f"{email}\n--- SMS to {n.phone or '(no phone)'} ---\n{n.sms}\n")


def pending_emails(work: Work, limit: int = 500) -> list[tuple[Notification, str]]:
    return list(
        work.session.exec(
            select(Notification, Layby.number)
            .join(Layby, col(Layby.id) == col(Notification.layby_id))
            .where(
                Notification.tenant_id == work.tenant_id,
                col(Notification.email_status).in_(("pending", "failed")),
            )
            .order_by(col(Notification.id))
            .limit(limit)
        ).all()
    )


def mark(work: Work, notice_id: int, ok: bool, error: str, when: datetime) -> None:
    n = work.session.get(Notification, notice_id)
    assert n is not None
    n.email_status, n.error = ("sent", "") if ok else ("failed", error[:300])
    n.sent_at = when if ok else None
    work.session.add(n)
