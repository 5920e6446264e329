"""The regulation's input counter: a new input's number is taken in one statement instead of a
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
    with op.batch_alter_table('regulation') as batch_op:
        batch_op.add_column(sa.Column('inputs_numbered', sa.Integer(), server_default='0',
                                      nullable=False))
    op.execute("UPDATE regulation SET inputs_numbered = COALESCE("
               "(SELECT MAX(input.number) FROM input WHERE input.regulation_id = regulation.id), 0)")


def downgrade():
    with op.batch_alter_table('regulation') as batch_op:
        batch_op.drop_column('inputs_numbered')
