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
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from ledgerctl.core.errors import NotFound, UsageError
from ledgerctl.layby.tables import Layby, Notification
from ledgerctl.outputs.files import atomic_write_bytes, atomic_write_text
from ledgerctl.work import Work

SMS_COLUMNS = ("notification_id", "layby", "customer", "phone", "kind", "message")
NO_CONTACT_COLUMNS = ("notification_id", "layby", "customer", "kind", "subject")


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


def _day_rows(work: Work, day: date) -> list[tuple[Notification, str]]:
    return list(work.session.exec(select(Notification, Layby.number).join(
        Layby, Layby.id == Notification.layby_id).where(  # type: ignore[arg-type]
        Notification.tenant_id == work.tenant_id, Notification.day == day)
        .order_by(Notification.id)).all())


def _csv(columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue()


def _mbox(work: Work, rows: list[tuple[Notification, str]]) -> bytes:
    from email.generator import BytesGenerator
    from email.policy import SMTP

    out = io.BytesIO()
    for n, number in rows:
        stamp = n.created_at.strftime("%a %b %d %H:%M:%S %Y")
        out.write(f"From ledgerctl {stamp}\n".encode())
        buf = io.BytesIO()
        BytesGenerator(buf, mangle_from_=True, policy=SMTP.clone(linesep="\n")).flatten(
            email_message(work, n, number))
        out.write(buf.getvalue().rstrip(b"\n") + b"\n\n")
    return out.getvalue()


def write_day(work: Work, day: date) -> dict[str, Path]:
    """(Re)write the day's outbox files from the table; returns the paths written."""
    rows = _day_rows(work, day)
    folder = outbox_dir(work.ctx.home, day)
    if not rows:
        return {}
    emails = [(n, num) for n, num in rows if n.email_to]
    texts = [(n.id, num, n.customer_name, n.phone, n.kind, n.sms) for n, num in rows
             if n.phone]
    none = [(n.id, num, n.customer_name, n.kind, n.subject) for n, num in rows
            if not n.phone and not n.email_to]
    written = {"email": atomic_write_bytes(folder / "email.mbox", _mbox(work, emails)),
               "sms": atomic_write_text(folder / "sms.csv", _csv(SMS_COLUMNS, texts))}
    written["no_contact"] = atomic_write_text(folder / "no-contact.csv",
                                              _csv(NO_CONTACT_COLUMNS, none))
    return written


def list_notices(work: Work, day: date | None, status: str | None,
                 limit: int) -> list[dict[str, object]]:
    query = select(Notification, Layby.number).join(
        Layby, Layby.id == Notification.layby_id).where(  # type: ignore[arg-type]
        Notification.tenant_id == work.tenant_id)
    if day is not None:
        query = query.where(Notification.day == day)
    if status is not None:
        if status not in ("pending", "sent", "failed", "none"):
            raise UsageError(f"--status {status!r} must be pending, sent, failed or none")
        query = query.where(Notification.email_status == status)
    rows = work.session.exec(query.order_by(Notification.id.desc()).limit(limit)).all()  # type: ignore[union-attr]
    return [{"id": n.id, "day": n.day, "layby": num, "kind": n.kind,
             "customer": n.customer_name, "email": n.email_to, "email_status": n.email_status,
             "phone": n.phone, "sms": n.sms} for n, num in reversed(rows)]


def show_notice(work: Work, notice_id: int) -> str:
    """The full email and SMS of one notice, as text."""
    n = work.session.get(Notification, notice_id)
    if n is None or n.tenant_id != work.tenant_id:
        raise NotFound(f"notice {notice_id} not found; see `ledgerctl layby outbox list`")
    plan = work.session.get(Layby, n.layby_id)
    assert plan is not None
    email = email_message(work, n, plan.number).as_string() if n.email_to else \
        "(no email address)\n"
    return f"{email}\n--- SMS to {n.phone or '(no phone)'} ---\n{n.sms}\n"


def pending_emails(work: Work, limit: int = 500) -> list[tuple[Notification, str]]:
    return list(work.session.exec(select(Notification, Layby.number).join(
        Layby, Layby.id == Notification.layby_id).where(  # type: ignore[arg-type]
        Notification.tenant_id == work.tenant_id,
        Notification.email_status.in_(("pending", "failed")))  # type: ignore[attr-defined]
        .order_by(Notification.id).limit(limit)).all())


def mark(work: Work, notice_id: int, ok: bool, error: str, when: datetime) -> None:
    n = work.session.get(Notification, notice_id)
    assert n is not None
    n.email_status, n.error = ("sent", "") if ok else ("failed", error[:300])
    n.sent_at = when if ok else None
    work.session.add(n)
