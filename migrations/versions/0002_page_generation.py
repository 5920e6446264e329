"""The page cache's generation row (consult/models/pagecache.py).

The row itself is written by the first commit that changes public material (an upsert), so the
table starts empty; an empty table reads as generation 0.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('page_generation',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.BigInteger(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('id = 1', name=op.f('ck_page_generation_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_generation'))
    )


def downgrade():
    op.drop_table('page_generation')
