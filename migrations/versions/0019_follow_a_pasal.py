"""Follow a single Pasal: follow.unit_key (NULL = the whole regulation), one follow per person
and Pasal, and still one whole-regulation follow per person (issue 19).

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-04 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_key', sa.String(length=64), nullable=True))
        batch_op.drop_constraint('uq_follow_user_id', type_='unique')
        batch_op.create_unique_constraint('uq_follow_user_regulation_unit',
                                          ['user_id', 'regulation_id', 'unit_key'])
        batch_op.create_index('uq_follow_whole_regulation', ['user_id', 'regulation_id'],
                              unique=True, sqlite_where=sa.text('unit_key IS NULL'),
                              postgresql_where=sa.text('unit_key IS NULL'))


def downgrade():
    op.execute("DELETE FROM follow WHERE unit_key IS NOT NULL")
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index('uq_follow_whole_regulation')
        batch_op.drop_constraint('uq_follow_user_regulation_unit', type_='unique')
        batch_op.create_unique_constraint('uq_follow_user_id', ['user_id', 'regulation_id'])
        batch_op.drop_column('unit_key')
