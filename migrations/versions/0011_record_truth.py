"""The record never says anything untrue (issue 11): an answer's public reason why an accepted
change is not in a later version.

Revision ID: 0011
Revises: 0002
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unreflected_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('unreflected_reason_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('unreflected_reason_at')
        batch_op.drop_column('unreflected_reason')
