"""The enactment of a regulation (final version, Berita Daerah, JDIH) and the stored laporan
hasil konsultasi publik files (issue 17).

Revision ID: 0017
Revises: 0002
Create Date: 2026-12-04 19:14:15.370602

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('period_number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('pdf', 'docx', name='reportkind', native_enum=False, length=32), nullable=False),
    sa.Column('record_key', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('chain_seq', sa.Integer(), nullable=False),
    sa.Column('chain_hash', sa.String(length=64), nullable=False),
    sa.Column('generated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_report_file_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_file')),
    sa.UniqueConstraint('regulation_id', 'period_number', 'kind', name=op.f('uq_report_file_regulation_id'))
    )
    with op.batch_alter_table('report_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_file_regulation_id'), ['regulation_id'], unique=False)

    op.create_table('enactment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('regulation_id', sa.Integer(), nullable=False),
    sa.Column('final_version_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('promulgated_on', sa.Date(), nullable=False),
    sa.Column('berita_number', sa.String(length=40), nullable=False),
    sa.Column('jdih_url', sa.String(length=500), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(trim(berita_number)) > 0', name=op.f('ck_enactment_berita_number_given')),
    sa.ForeignKeyConstraint(['final_version_id'], ['version.id'], name=op.f('fk_enactment_final_version_id_version')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_enactment_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['regulation_id'], ['regulation.id'], name=op.f('fk_enactment_regulation_id_regulation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enactment')),
    sa.UniqueConstraint('regulation_id', name=op.f('uq_enactment_regulation_id'))
    )


def downgrade():
    op.drop_table('enactment')
    with op.batch_alter_table('report_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_file_regulation_id'))

    op.drop_table('report_file')
