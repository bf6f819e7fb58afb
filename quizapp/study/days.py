"""Study days: the day rolls over at ROLLOVER_HOUR local time, as in Anki.

Every instant the scheduler sees is aware and in UTC; the timezone is injected
(None: the machine's local zone) so that tests can travel through days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

#: The study day starts at this local hour, as in Anki: a late-night session counts as "today".
ROLLOVER_HOUR = 4


def utcnow() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    # fsrs insists on tzinfo == timezone.utc exactly; stores may hand back other UTC objects.
    if moment.tzinfo is None:
        raise ValueError(
            f"datetime {moment.isoformat()} has no timezone; the study clock must be aware"
        )
    return moment.astimezone(UTC)


def study_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The study day `moment` belongs to: the local date, shifted back by the rollover hour."""
    return (_utc(moment).astimezone(tz) - timedelta(hours=ROLLOVER_HOUR)).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant study day `day` begins (ROLLOVER_HOUR local time on that date)."""
    local = datetime.combine(day, time(ROLLOVER_HOUR))
    local = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return local.astimezone(UTC)


def next_rollover(moment: datetime, tz: tzinfo | None = None) -> datetime:
    return day_start(study_day(moment, tz) + timedelta(days=1), tz)
