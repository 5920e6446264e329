"""The groups of near-identical inputs as the background worker computed them, per regulation,
with the record position and digest they were computed from (issue 16).

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-04 22:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('input_group_set',
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('record_key', sa.String(length=80), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('groups', sa.Text(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_input_group_set_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('regulation_id', name=op.f('pk_input_group_set'))
    )


def downgrade():
    op.drop_table('input_group_set')
