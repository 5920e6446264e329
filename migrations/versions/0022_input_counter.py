"""Each regulation's input counter: a new input's number is taken in one statement instead of a
lock and a search for the highest number (issue 18).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('input_counter',
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_input_counter_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('regulation_id', name=op.f('pk_input_counter'))
    )
    op.execute("INSERT INTO input_counter (regulation_id, last) "
               "SELECT regulation_id, MAX(number) FROM input WHERE number IS NOT NULL "
               "GROUP BY regulation_id")


def downgrade():
    op.drop_table('input_counter')
