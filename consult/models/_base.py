"""Column helpers shared by every model module."""
import enum
from datetime import timezone

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from consult import clock
from consult.extensions import db


def utcnow():
    """Column defaults read the one clock (consult/clock.py), so tests and the demo control it."""
    return clock.now()


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite forgets the offset)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC datetimes only")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def enum_column(enum_cls, **kwargs):
    """Store an enum by its value as a constrained string (readable in SQL and exports)."""
    return sa.Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        validate_strings=True,
        length=32,
        **kwargs,
    )


class StrEnum(str, enum.Enum):
    def __str__(self):
        return self.value


__all__ = ["db", "sa", "utcnow", "UTCDateTime", "enum_column", "StrEnum"]
