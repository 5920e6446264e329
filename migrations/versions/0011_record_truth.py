"""The record never says anything untrue (issue 11): an answer's public reason why an accepted
change is not in a later version, and the versions under consultation in each period (existing
periods get the version they opened on, since their opening).

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
    op.create_table('consultation_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['consultation_period.id'],
                            name=op.f('fk_consultation_version_period_id_consultation_period')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'],
                            name=op.f('fk_consultation_version_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_version'))
    )
    with op.batch_alter_table('consultation_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_version_period_id'), ['period_id'],
                              unique=False)
    op.execute("INSERT INTO consultation_version (period_id, version_id, since) "
               "SELECT id, version_id, opens_at FROM consultation_period ORDER BY id")
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unreflected_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('unreflected_reason_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('consultation_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_version_period_id'))
    op.drop_table('consultation_version')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('unreflected_reason_at')
        batch_op.drop_column('unreflected_reason')
