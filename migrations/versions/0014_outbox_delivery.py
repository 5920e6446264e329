"""Outbox delivery by a worker (status, attempts, a stable Message-ID), the notification's
pending-mail claim, and one-time submission keys.

Existing mails keep what they were: sent ones 'sent', the rest 'outbox' (kept, never delivered:
they were written before the worker existed and may be stale).

Revision ID: 0014
Revises: 0002
Create Date: 2026-12-04 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None

STATUS = sa.Enum('outbox', 'queued', 'sending', 'retrying', 'sent', 'failed',
                 name='mailstatus', native_enum=False, length=32)


def upgrade():
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', STATUS, nullable=True))
        batch_op.add_column(sa.Column('message_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_error', sa.String(length=500), nullable=True))
    op.execute("UPDATE outbox_mail SET status = CASE WHEN sent THEN 'sent' ELSE 'outbox' END, "
               "message_id = '<old-' || id || '@timbang.invalid>'")
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=STATUS, nullable=False)
        batch_op.alter_column('message_id', existing_type=sa.String(length=200), nullable=False)
        batch_op.alter_column('attempts', existing_type=sa.Integer(), server_default=None)
        batch_op.drop_column('sent')
        batch_op.create_unique_constraint(batch_op.f('uq_outbox_mail_message_id'), ['message_id'])
        batch_op.create_index('ix_outbox_mail_due', ['status', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_pending', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.alter_column('email_pending', existing_type=sa.Boolean(), server_default=None)
        batch_op.create_index(batch_op.f('ix_notification_email_pending'), ['email_pending'],
                              unique=False)

    op.create_table('submission_key',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('result', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_submission_key_user_id_user')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_submission_key'))
    )
    with op.batch_alter_table('submission_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_key_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('submission_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_key_created_at'))
    op.drop_table('submission_key')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_email_pending'))
        batch_op.drop_column('email_pending')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    op.execute("UPDATE outbox_mail SET sent = (status = 'sent')")
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.alter_column('sent', existing_type=sa.Boolean(), server_default=None)
        batch_op.drop_index('ix_outbox_mail_due')
        batch_op.drop_constraint(batch_op.f('uq_outbox_mail_message_id'), type_='unique')
        for column in ('last_error', 'sent_at', 'last_attempt_at', 'next_attempt_at', 'attempts',
                       'message_id', 'status'):
            batch_op.drop_column(column)
