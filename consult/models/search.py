"""The search index: one row per public document (regulation, version, unit, input), with a
full-text index on top — an FTS5 table on SQLite, a GIN expression index on PostgreSQL.

create_all() builds both (the DDL below is attached to the table). A migration must run the same
statements: `for stmt in search_index_ddl(op.get_bind().dialect.name): op.execute(stmt)` after
creating the table, and `op.execute("DROP TABLE IF EXISTS search_fts")` before dropping it.
"""
from datetime import datetime

from sqlalchemy import DDL, event
from sqlalchemy.orm import Mapped, mapped_column

from ._base import StrEnum, UTCDateTime, db, enum_column, sa


class SearchKind(StrEnum):
    REGULATION = "regulation"
    VERSION = "version"
    UNIT = "unit"
    INPUT = "input"


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (sa.UniqueConstraint("kind", "ref_id", name="uq_search_document_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SearchKind] = mapped_column(enum_column(SearchKind))
    ref_id: Mapped[int] = mapped_column()  # id of the regulation / version / unit / input
    regulation_id: Mapped[int] = mapped_column(sa.ForeignKey("regulation.id"), index=True)
    version_number: Mapped[int | None] = mapped_column()
    anchor: Mapped[str | None] = mapped_column(sa.String(200))  # unit anchor on the version page
    label: Mapped[str] = mapped_column(sa.String(300), default="")  # "Pasal 5 ayat (2)", ...
    title: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())


SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, "
    "content='search_document', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)

# The expression must match the one in consult/record/search.py for the index to be used.
PG_DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, ''))"
POSTGRESQL_DDL = (
    f"CREATE INDEX IF NOT EXISTS ix_search_document_fts ON search_document "
    f"USING gin ({PG_DOCUMENT})",
)


def search_index_ddl(dialect_name):
    if dialect_name == "sqlite":
        return SQLITE_DDL
    if dialect_name == "postgresql":
        return POSTGRESQL_DDL
    return ()


for _statement in SQLITE_DDL:
    event.listen(SearchDocument.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_DDL:
    event.listen(SearchDocument.__table__, "after_create",
                 DDL(_statement).execute_if(dialect="postgresql"))
event.listen(SearchDocument.__table__, "before_drop",
             DDL("DROP TABLE IF EXISTS search_fts").execute_if(dialect="sqlite"))

__all__ = ["SearchDocument", "SearchKind", "search_index_ddl"]
