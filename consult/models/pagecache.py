"""The page cache's generation: one row whose token changes with every write to public material.

Cached public pages are keyed by the token (consult/pagecache.py), so a commit that changes
anything the public can see makes every cached page unreachable at once, in every process and on
every server sharing the database. The token is random rather than a counter so that restoring an
older backup cannot bring back a value that pages of a newer state were cached under.
"""
from datetime import datetime

from sqlalchemy.orm import Mapped, mapped_column

from ._base import UTCDateTime, db, sa


class PageGeneration(db.Model):
    __tablename__ = "page_generation"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # always 1
    token: Mapped[int] = mapped_column(sa.BigInteger)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


__all__ = ["PageGeneration"]
