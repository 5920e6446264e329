"""Inputs received offline (sender, date received, private attachment) and the drafters' changes
to groups of near-identical inputs (issue 16).

Revision ID: 0016
Revises: 0017
Create Date: 2026-12-04 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offline_input',
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('sender_name', sa.String(length=200), nullable=False),
    sa.Column('sender_organisation', sa.String(length=300), nullable=True),
    sa.Column('name_public', sa.Boolean(), nullable=False),
    sa.Column('attachment_name', sa.String(length=200), nullable=True),
    sa.Column('attachment_type', sa.String(length=64), nullable=True),
    sa.Column('attachment_data', sa.LargeBinary(), nullable=True),
    sa.Column('attachment_public', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(sender_name)) > 0', name=op.f('ck_offline_input_sender_named')),
    sa.CheckConstraint('(attachment_data IS NULL) = (attachment_type IS NULL)', name=op.f('ck_offline_input_attachment_typed')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_offline_input_input_id_input')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_offline_input_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('input_id', name=op.f('pk_offline_input'))
    )
    op.create_table('input_group_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('other_input_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('separate', 'join', name='groupchangekind', native_enum=False, length=32), nullable=False),
    sa.Column('made_by_id', sa.Integer(), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind = 'separate' OR other_input_id IS NOT NULL", name=op.f('ck_input_group_change_join_names_other')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_input_group_change_input_id_input')),
    sa.ForeignKeyConstraint(['made_by_id'], ['user.id'], name=op.f('fk_input_group_change_made_by_id_user')),
    sa.ForeignKeyConstraint(['other_input_id'], ['input.id'], name=op.f('fk_input_group_change_other_input_id_input')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_input_group_change_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_group_change'))
    )
    with op.batch_alter_table('input_group_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_group_change_regulation_id'), ['regulation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('input_group_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_group_change_regulation_id'))
    op.drop_table('input_group_change')
    op.drop_table('offline_input')
