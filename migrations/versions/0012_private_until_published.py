"""Private until published: salted commitments in the audit chain (epoch 2), confirmed
addresses and deleted accounts, redacted outbox bodies, redactions of personal data in inputs.

Events already in the chain become epoch 1 and keep their hashes, so every chain head noted
before still verifies; the first event written afterwards links to the last of them (the epoch
anchor). Existing accounts count as confirmed.

Revision ID: 0012
Revises: 0002
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('epoch', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('salt', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('commitment', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE audit_event SET epoch = 1")
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('epoch', existing_type=sa.SmallInteger(), nullable=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE "user" SET email_confirmed_at = created_at')

    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('redacted_body', sa.Text(), nullable=True))

    op.create_table('input_redaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('occurrences', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_input_redaction_reason_given')),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_input_redaction_actor_id_user')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_input_redaction_input_id_input')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_redaction'))
    )
    with op.batch_alter_table('input_redaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_redaction_input_id'), ['input_id'], unique=False)


def downgrade():
    with op.batch_alter_table('input_redaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_redaction_input_id'))
    op.drop_table('input_redaction')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_column('redacted_body')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('email_confirmed_at')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('commitment')
        batch_op.drop_column('salt')
        batch_op.drop_column('epoch')
