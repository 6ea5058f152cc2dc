"""Cron expressions: strict parsing, and translation to Windows ``schtasks`` schedule options.

Pure functions, no I/O. ``parse_cron`` accepts the five standard fields (minute hour
day-of-month month day-of-week; numbers, names, ``*``, ``a-b``, ``/step``, lists) and the
macros ``@hourly @daily @midnight @weekly @monthly @yearly @annually``.

``schtasks_options`` maps the shapes Task Scheduler can express exactly:

===========================  ====================================================
cron                         schtasks
===========================  ====================================================
``*/N * * * *``              ``/SC MINUTE /MO N /ST 00:00`` (N divides 60)
``M * * * *``, ``M */N * * *``  ``/SC HOURLY /MO N /ST 00:MM`` (N divides 24)
``M H * * *``                ``/SC DAILY /ST HH:MM``
``M H * * DOW[,DOW]``        ``/SC WEEKLY /D MON,FRI /ST HH:MM``
``M H D * *``                ``/SC MONTHLY /D D /ST HH:MM``
``M H D MON[,MON] *``        ``/SC MONTHLY /D D /M JAN,JUL /ST HH:MM``
===========================  ====================================================

Anything else (several hours, hour ranges, both day fields, steps that do not divide the
period evenly) raises a ``UsageError`` naming the job and the supported shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ledgerctl.core.errors import UsageError

MACROS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# name, low, high, names (value of names[i] is i + offset), offset
FieldSpec = tuple[str, int, int, tuple[str, ...], int]
FIELDS: tuple[FieldSpec, ...] = (
    ("minute", 0, 59, (), 0),
    ("hour", 0, 23, (), 0),
    ("day of month", 1, 31, (), 1),
    ("month", 1, 12, MONTHS, 1),
    ("day of week", 0, 7, DAYS, 0),
)
SUPPORTED = (
    "supported: '*/N * * * *', 'M * * * *', 'M */N * * *', 'M H * * *', "
    "'M H * * DOW', 'M H D * *', 'M H D MON *'"
)


@dataclass(frozen=True)
class CronField:
    """One field: its text, the values it matches, and its step when written ``*/N``."""

    text: str
    values: frozenset[int]
    star: bool = False
    step: int | None = None

    @property
    def single(self) -> int | None:
        return next(iter(self.values)) if len(self.values) == 1 and not self.star else None


@dataclass(frozen=True)
class CronSpec:
    expr: str
    minute: CronField
    hour: CronField
    dom: CronField
    month: CronField
    dow: CronField


def _where(job: str | None) -> str:
    return f" of job {job!r}" if job else ""


def _number(text: str, spec: FieldSpec, expr: str, job: str | None) -> int:
    name, low, high, names, offset = spec
    upper = text.upper()
    if upper in names:
        return names.index(upper) + offset
    if not text.isdigit() or not low <= int(text) <= high:
        raise UsageError(
            f"cron expression {expr!r}{_where(job)}: {name} {text!r} is not a "
            f"number from {low} to {high}"
        )
    return int(text)


def _item(item: str, spec: FieldSpec, expr: str, job: str | None) -> set[int]:
    base, _, step_text = item.partition("/")
    step = 1
    if step_text:
        if not step_text.isdigit() or int(step_text) == 0:
            raise UsageError(
                f"cron expression {expr!r}{_where(job)}: step {step_text!r} in "
                f"the {spec[0]} field must be a positive number"
            )
        step = int(step_text)
    if base == "*":
        low, high = spec[1], spec[2]
    elif "-" in base:
        first, _, last = base.partition("-")
        low, high = _number(first, spec, expr, job), _number(last, spec, expr, job)
        if low > high:
            raise UsageError(
                f"cron expression {expr!r}{_where(job)}: range {base!r} in the "
                f"{spec[0]} field runs backwards"
            )
    else:
        low = _number(base, spec, expr, job)
        high = spec[2] if step_text else low
    return set(range(low, high + 1, step))


def _field(text: str, spec: FieldSpec, expr: str, job: str | None) -> CronField:
    values: set[int] = set()
    for item in text.split(","):
        values |= _item(item, spec, expr, job)
    if spec[0] == "day of week" and 7 in values:
        values = (values - {7}) | {0}
    step = int(text[2:]) if text.startswith("*/") else None
    return CronField(text, frozenset(values), star=text == "*", step=step)


def parse_cron(expr: str, *, job: str | None = None) -> CronSpec:
    """Parse a five-field cron expression (or macro); UsageError names the bad field."""
    text = " ".join(expr.split())
    if text.startswith("@"):
        if text not in MACROS:
            raise UsageError(
                f"cron expression {expr!r}{_where(job)}: unknown macro; use one of "
                f"{', '.join(MACROS)}"
            )
        text = MACROS[text]
    parts = text.split(" ")
    if len(parts) != 5:
        raise UsageError(
            f"cron expression {expr!r}{_where(job)} must have 5 fields (minute "
            f"hour day-of-month month day-of-week), not {len(parts)}"
        )
    fields = [_field(p, spec, expr, job) for p, spec in zip(parts, FIELDS, strict=True)]
    return CronSpec(expr, *fields)


def _cannot(spec: CronSpec, job: str | None, why: str) -> UsageError:
    return UsageError(
        f"cron expression {spec.expr!r}{_where(job)} cannot be expressed as one "
        f"schtasks schedule ({why}); {SUPPORTED}"
    )


def _every(field: CronField) -> int | None:
    """N when the field is ``*`` (1) or ``*/N``, else None."""
    return 1 if field.star else field.step


def _repeating(spec: CronSpec, job: str | None) -> list[str] | None:
    """MINUTE / HOURLY schedules, or None when the expression is daily or longer."""
    if not (spec.dom.star and spec.month.star and spec.dow.star):
        return None
    minutes, hours = _every(spec.minute), _every(spec.hour)
    if minutes is not None and spec.hour.star:
        if 60 % minutes:
            raise _cannot(spec, job, f"every {minutes} minutes does not divide the hour")
        return ["/SC", "MINUTE", "/MO", str(minutes), "/ST", "00:00"]
    if hours is not None and spec.minute.single is not None:
        if 24 % hours:
            raise _cannot(spec, job, f"every {hours} hours does not divide the day")
        return ["/SC", "HOURLY", "/MO", str(hours), "/ST", f"00:{spec.minute.single:02d}"]
    return None


def _start_time(spec: CronSpec, job: str | None) -> str:
    minute, hour = spec.minute.single, spec.hour.single
    if minute is None or hour is None:
        raise _cannot(spec, job, "it runs at more than one time of day")
    return f"{hour:02d}:{minute:02d}"


def schtasks_options(expr: str, *, job: str | None = None) -> list[str]:
    """The ``/SC ... /ST ...`` options of ``schtasks /Create`` equal to cron ``expr``."""
    spec = parse_cron(expr, job=job)
    repeating = _repeating(spec, job)
    if repeating is not None:
        return repeating
    start = ["/ST", _start_time(spec, job)]
    if spec.dom.star and spec.month.star and spec.dow.star:
        return ["/SC", "DAILY", *start]
    if spec.dom.star and spec.month.star:
        days = ",".join(DAYS[d] for d in sorted(spec.dow.values, key=lambda d: (d + 6) % 7))
        return ["/SC", "WEEKLY", "/D", days, *start]
    if spec.dow.star and spec.dom.single is not None:
        months = (
            []
            if spec.month.star
            else ["/M", ",".join(MONTHS[m - 1] for m in sorted(spec.month.values))]
        )
        return ["/SC", "MONTHLY", "/D", str(spec.dom.single), *months, *start]
    if not spec.dow.star and not spec.dom.star:
        raise _cannot(spec, job, "it restricts both the day of month and the day of week")
    raise _cannot(spec, job, "its day fields are not one day of month or a set of weekdays")
