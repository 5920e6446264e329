"""Initial schema of Timbang, with the full-text search index for each database.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 17:51:52.278429

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# Frozen copies of the search index DDL (consult/models/search.py); migrations never import
# application code, so later changes there need a migration of their own.
SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, body, "
    "content='search_document', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_document_ai AFTER INSERT ON search_document BEGIN "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_ad AFTER DELETE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_document_au AFTER UPDATE ON search_document BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
)
POSTGRESQL_SEARCH_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_search_document_fts ON search_document "
    "USING gin (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(body, '')))",
)


def _search_ddl():
    name = op.get_bind().dialect.name
    return {"sqlite": SQLITE_SEARCH_DDL, "postgresql": POSTGRESQL_SEARCH_DDL}.get(name, ())


def upgrade():
    op.create_table('outbox_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_mail'))
    )
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_mail_recipient'), ['recipient'], unique=False)

    op.create_table('sent_marker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_marker')),
    sa.UniqueConstraint('key', name=op.f('uq_sent_marker_key'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'drafter', 'moderator', 'member', name='role', native_enum=False, length=32), nullable=False),
    sa.Column('office', sa.String(length=200), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('notification_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('version', 'opened', 'extended', 'closing', 'closed', 'reply', 'answer', 'digest', name='notificationkind', native_enum=False, length=32), nullable=False),
    sa.Column('email', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_preference_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preference_user_id'))
    )
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_preference_user_id'), ['user_id'], unique=False)

    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('cetak', 'daring', 'televisi', 'radio', 'asosiasi', name='orgkind', native_enum=False, length=32), nullable=False),
    sa.Column('legal_name', sa.String(length=200), nullable=True),
    sa.Column('legal_number', sa.String(length=100), nullable=True),
    sa.Column('dewan_pers_verified', sa.Boolean(), nullable=False),
    sa.Column('dewan_pers_number', sa.String(length=100), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('status', sa.Enum('pending', 'verified', 'rejected', 'suspended', name='orgstatus', native_enum=False, length=32), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'verified') OR status_reason IS NOT NULL", name=op.f('ck_organisation_reason_for_refusal')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_organisation_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisation_slug'))
    )
    op.create_table('regulation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.Enum('perbup', 'perwali', 'pergub', 'perda', name='regulationkind', native_enum=False, length=32), nullable=False),
    sa.Column('office', sa.String(length=200), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('penyusunan', 'konsultasi', 'pembahasan', 'ditetapkan', 'dibatalkan', name='regulationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_regulation_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_regulation')),
    sa.UniqueConstraint('slug', name=op.f('uq_regulation_slug'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('regulation_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('seq > 0', name=op.f('ck_audit_event_seq_positive')),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_event_actor_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_audit_event_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_event_hash')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_event_seq'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_regulation_id'), ['regulation_id'], unique=False)

    op.create_table('digest_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_digest_item_author_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_digest_item_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_item'))
    )
    with op.batch_alter_table('digest_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_item_regulation_id'), ['regulation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_digest_item_sent_at'), ['sent_at'], unique=False)

    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_follow_regulation_id_regulation')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_follow_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('user_id', 'regulation_id', name=op.f('uq_follow_user_id'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_regulation_id'), ['regulation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_user_id'), ['user_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('admin', 'member', name='memberrole', native_enum=False, length=32), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('used_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['used_by_id'], ['user.id'], name=op.f('fk_invitation_used_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'member', name='memberrole', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_membership_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_membership_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'organisation_id', name=op.f('uq_membership_user_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('version', 'opened', 'extended', 'closing', 'closed', 'reply', 'answer', 'digest', name='notificationkind', native_enum=False, length=32), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_notification_regulation_id_regulation')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_notification_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('regulation', 'version', 'unit', 'input', name='searchkind', native_enum=False, length=32), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=True),
    sa.Column('anchor', sa.String(length=200), nullable=True),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_search_document_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'ref_id', name='uq_search_document_ref')
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_regulation_id'), ['regulation_id'], unique=False)

    for statement in _search_ddl():
        op.execute(statement)

    op.create_table('status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('penyusunan', 'konsultasi', 'pembahasan', 'ditetapkan', 'dibatalkan', name='regulationstatus', native_enum=False, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('penyusunan', 'konsultasi', 'pembahasan', 'ditetapkan', 'dibatalkan', name='regulationstatus', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_status_change_actor_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_status_change_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_change'))
    )
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_change_regulation_id'), ['regulation_id'], unique=False)

    op.create_table('version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'published', name='versionstate', native_enum=False, length=32), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('source_filename', sa.String(length=255), nullable=True),
    sa.Column('source_file', sa.LargeBinary(), nullable=True),
    sa.Column('warnings_json', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('changelog', sa.Text(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state = 'draft' OR (published_at IS NOT NULL AND sha256 IS NOT NULL)", name=op.f('ck_version_published_complete')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_version_created_by_id_user')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_version_published_by_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_version_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version')),
    sa.UniqueConstraint('regulation_id', 'number', name=op.f('uq_version_regulation_id'))
    )
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_regulation_id'), ['regulation_id'], unique=False)

    op.create_table('comparison_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_version_id', sa.Integer(), nullable=False),
    sa.Column('to_version_id', sa.Integer(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['from_version_id'], ['version.id'], name=op.f('fk_comparison_cache_from_version_id_version')),
    sa.ForeignKeyConstraint(['to_version_id'], ['version.id'], name=op.f('fk_comparison_cache_to_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comparison_cache')),
    sa.UniqueConstraint('from_version_id', 'to_version_id', name=op.f('uq_comparison_cache_from_version_id'))
    )
    op.create_table('consultation_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_early_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_consultation_period_closes_after_opens')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_consultation_period_created_by_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_consultation_period_regulation_id_regulation')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], name=op.f('fk_consultation_period_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_period'))
    )
    with op.batch_alter_table('consultation_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_period_regulation_id'), ['regulation_id'], unique=False)

    op.create_table('input',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('type', sa.Enum('comment', 'proposal', name='inputtype', native_enum=False, length=32), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('current_version_id', sa.Integer(), nullable=False),
    sa.Column('unit_key', sa.String(length=64), nullable=True),
    sa.Column('unit_label', sa.String(length=300), nullable=False),
    sa.Column('current_unit_label', sa.String(length=300), nullable=False),
    sa.Column('unit_deleted', sa.Boolean(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('category', sa.Enum('dukungan', 'keberatan', 'pertanyaan', 'usulan', name='inputcategory', native_enum=False, length=32), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('base_text', sa.Text(), nullable=True),
    sa.Column('proposed_text', sa.Text(), nullable=True),
    sa.Column('patch', sa.Text(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('rebase_status', sa.Enum('clean', 'fuzz', 'conflict', name='rebasestatus', native_enum=False, length=32), nullable=True),
    sa.Column('rebased_text', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.Enum('daring', 'luring', 'fgd', name='inputchannel', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('open', 'withdrawn', 'hidden', name='inputstatus', native_enum=False, length=32), nullable=False),
    sa.Column('hidden_reason', sa.Text(), nullable=True),
    sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status <> 'hidden' OR hidden_reason IS NOT NULL", name=op.f('ck_input_hidden_has_reason')),
    sa.CheckConstraint("type = 'comment' OR (proposed_text IS NOT NULL AND justification IS NOT NULL AND length(trim(justification)) > 0 AND parent_id IS NULL)", name=op.f('ck_input_proposal_complete')),
    sa.CheckConstraint('(parent_id IS NULL) = (depth = 0)', name=op.f('ck_input_depth_matches_parent')),
    sa.CheckConstraint('depth >= 0 AND depth <= 2', name=op.f('ck_input_reply_depth')),
    sa.CheckConstraint('parent_id IS NOT NULL OR category IS NOT NULL', name=op.f('ck_input_root_has_category')),
    sa.CheckConstraint('parent_id IS NOT NULL OR number IS NOT NULL', name=op.f('ck_input_root_numbered')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_input_author_id_user')),
    sa.ForeignKeyConstraint(['current_version_id'], ['version.id'], name=op.f('fk_input_current_version_id_version')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_input_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['parent_id'], ['input.id'], name=op.f('fk_input_parent_id_input')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_input_regulation_id_regulation')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], name=op.f('fk_input_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input')),
    sa.UniqueConstraint('regulation_id', 'number', name=op.f('uq_input_regulation_id'))
    )
    with op.batch_alter_table('input', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_current_version_id'), ['current_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_regulation_id'), ['regulation_id'], unique=False)
        batch_op.create_index('ix_input_regulation_unit', ['regulation_id', 'unit_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_input_version_id'), ['version_id'], unique=False)

    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=40), nullable=True),
    sa.Column('heading', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('path_label', sa.String(length=300), nullable=False),
    sa.Column('anchor', sa.String(length=200), nullable=False),
    sa.Column('pasal_key', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_parent_id_unit')),
    sa.ForeignKeyConstraint(['version_id'], ['version.id'], name=op.f('fk_unit_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('version_id', 'key', name='uq_unit_version_key'),
    sa.UniqueConstraint('version_id', 'position', name='uq_unit_version_position')
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_key'), ['key'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_version_id'), ['version_id'], unique=False)

    op.create_table('endorsement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_endorsement_input_id_input')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_endorsement_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_endorsement_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsement')),
    sa.UniqueConstraint('input_id', 'organisation_id', name=op.f('uq_endorsement_input_id'))
    )
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsement_input_id'), ['input_id'], unique=False)

    op.create_table('input_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('category', sa.Enum('dukungan', 'keberatan', 'pertanyaan', 'usulan', name='inputcategory', native_enum=False, length=32), nullable=True),
    sa.Column('proposed_text', sa.Text(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('written_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['editor_id'], ['user.id'], name=op.f('fk_input_revision_editor_id_user')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_input_revision_input_id_input')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_input_revision'))
    )
    with op.batch_alter_table('input_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_input_revision_input_id'), ['input_id'], unique=False)

    op.create_table('moderation_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('moderator_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('hide', 'restore', 'dismiss', name='moderationkind', native_enum=False, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_moderation_action_reason_given')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_moderation_action_input_id_input')),
    sa.ForeignKeyConstraint(['moderator_id'], ['user.id'], name=op.f('fk_moderation_action_moderator_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_action'))
    )
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_action_input_id'), ['input_id'], unique=False)

    op.create_table('period_extension',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('old_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('new_closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_period_extension_actor_id_user')),
    sa.ForeignKeyConstraint(['period_id'], ['consultation_period.id'], name=op.f('fk_period_extension_period_id_consultation_period')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_extension'))
    )
    with op.batch_alter_table('period_extension', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_extension_period_id'), ['period_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('disposition', sa.Enum('diterima', 'diterima_sebagian', 'ditolak', 'ditunda', 'di_luar_lingkup', name='disposition', native_enum=False, length=32), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('prepared_by_id', sa.Integer(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('result_version_id', sa.Integer(), nullable=True),
    sa.Column('result_unit_key', sa.String(length=64), nullable=True),
    sa.Column('result_unit_label', sa.String(length=300), nullable=True),
    sa.Column('result_linked_automatically', sa.Boolean(), nullable=False),
    sa.CheckConstraint("disposition = 'diterima' OR (explanation IS NOT NULL AND length(trim(explanation)) > 0)", name=op.f('ck_response_explanation_required')),
    sa.CheckConstraint('published = false OR published_at IS NOT NULL', name=op.f('ck_response_published_dated')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_response_input_id_input')),
    sa.ForeignKeyConstraint(['prepared_by_id'], ['user.id'], name=op.f('fk_response_prepared_by_id_user')),
    sa.ForeignKeyConstraint(['published_by_id'], ['user.id'], name=op.f('fk_response_published_by_id_user')),
    sa.ForeignKeyConstraint(['result_version_id'], ['version.id'], name=op.f('fk_response_result_version_id_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('input_id', name=op.f('uq_response_input_id'))
    )
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='reportstatus', native_enum=False, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('length(trim(reason)) > 0', name=op.f('ck_report_reason_given')),
    sa.ForeignKeyConstraint(['action_id'], ['moderation_action.id'], name=op.f('fk_report_action_id_moderation_action')),
    sa.ForeignKeyConstraint(['input_id'], ['input.id'], name=op.f('fk_report_input_id_input')),
    sa.ForeignKeyConstraint(['reporter_id'], ['user.id'], name=op.f('fk_report_reporter_id_user')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_report_resolved_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report'))
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_input_id'), ['input_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_status'), ['status'], unique=False)



def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_status'))
        batch_op.drop_index(batch_op.f('ix_report_input_id'))

    op.drop_table('report')
    op.drop_table('response')
    with op.batch_alter_table('period_extension', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_extension_period_id'))

    op.drop_table('period_extension')
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderation_action_input_id'))

    op.drop_table('moderation_action')
    with op.batch_alter_table('input_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_revision_input_id'))

    op.drop_table('input_revision')
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsement_input_id'))

    op.drop_table('endorsement')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_version_id'))
        batch_op.drop_index(batch_op.f('ix_unit_key'))

    op.drop_table('unit')
    with op.batch_alter_table('input', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_input_version_id'))
        batch_op.drop_index('ix_input_regulation_unit')
        batch_op.drop_index(batch_op.f('ix_input_regulation_id'))
        batch_op.drop_index(batch_op.f('ix_input_parent_id'))
        batch_op.drop_index(batch_op.f('ix_input_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_input_current_version_id'))
        batch_op.drop_index(batch_op.f('ix_input_author_id'))

    op.drop_table('input')
    with op.batch_alter_table('consultation_period', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_period_regulation_id'))

    op.drop_table('consultation_period')
    op.drop_table('comparison_cache')
    with op.batch_alter_table('version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_regulation_id'))

    op.drop_table('version')
    with op.batch_alter_table('status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_change_regulation_id'))

    op.drop_table('status_change')
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP INDEX IF EXISTS ix_search_document_fts")
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_regulation_id'))

    op.drop_table('search_document')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user_unread')
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))

    op.drop_table('notification')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_organisation_id'))

    op.drop_table('membership')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_user_id'))
        batch_op.drop_index(batch_op.f('ix_follow_regulation_id'))

    op.drop_table('follow')
    with op.batch_alter_table('digest_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_item_sent_at'))
        batch_op.drop_index(batch_op.f('ix_digest_item_regulation_id'))

    op.drop_table('digest_item')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_regulation_id'))
        batch_op.drop_index('ix_audit_event_object')
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
    op.drop_table('regulation')
    op.drop_table('organisation')
    with op.batch_alter_table('notification_preference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_preference_user_id'))

    op.drop_table('notification_preference')
    op.drop_table('user')
    op.drop_table('sent_marker')
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_mail_recipient'))

    op.drop_table('outbox_mail')
