"""The one registry of audit actions: what may be written to the audit log, the Indonesian label
an admin reads, and where a public action sits on a regulation's timeline.

The values are the action strings stored in the hash chain since the first event: never change
one (existing chains would no longer verify); add a member for a new action instead."""
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Action(StrEnum):
    USER_CREATE = "user.create"
    USER_CONFIRM_EMAIL = "user.confirm_email"
    USER_PROFILE_UPDATE = "user.profile_update"
    USER_ROLE_CHANGE = "user.role_change"
    USER_DEACTIVATE = "user.deactivate"
    USER_ACTIVATE = "user.activate"
    USER_PASSWORD_CHANGE = "user.password_change"
    USER_PASSWORD_RESET = "user.password_reset"
    USER_DELETE = "user.delete"
    ORGANISATION_REGISTER = "organisation.register"
    ORGANISATION_UPDATE = "organisation.update"
    ORGANISATION_VERIFY = "organisation.verify"
    ORGANISATION_REJECT = "organisation.reject"
    ORGANISATION_SUSPEND = "organisation.suspend"
    INVITATION_CREATE = "invitation.create"
    INVITATION_REVOKE = "invitation.revoke"
    INVITATION_ACCEPT = "invitation.accept"
    MEMBERSHIP_PROMOTE = "membership.promote"
    MEMBERSHIP_DEMOTE = "membership.demote"
    MEMBERSHIP_LEAVE = "membership.leave"
    MEMBERSHIP_REMOVE = "membership.remove"
    NOTIFICATION_PREFERENCES = "notification.preferences"
    REGULATION_FOLLOW = "regulation.follow"
    REGULATION_UNFOLLOW = "regulation.unfollow"
    REGULATION_CREATE = "regulation.create"
    REGULATION_UPDATE = "regulation.update"
    REGULATION_STATUS = "regulation.status"
    REGULATION_PROMULGATE = "regulation.promulgate"
    IMPORT_QUEUE = "import.queue"
    VERSION_DRAFT = "version.draft"
    VERSION_EDIT = "version.edit"
    VERSION_EDIT_UNIT = "version.edit_unit"
    VERSION_ADD_PASAL = "version.add_pasal"
    VERSION_DELETE_UNIT = "version.delete_unit"
    VERSION_MOVE_PASAL = "version.move_pasal"
    VERSION_REVIEW = "version.review"
    VERSION_AMEND = "version.amend"
    VERSION_DISCARD = "version.discard"
    VERSION_PUBLISH = "version.publish"
    INPUTS_CARRY_FORWARD = "inputs.carry_forward"
    CONSULTATION_OPEN = "consultation.open"
    CONSULTATION_EXTEND = "consultation.extend"
    CONSULTATION_CLOSE = "consultation.close"
    CONSULTATION_VERSION = "consultation.version"
    # Never stored: the timeline's entry for a period that closed on schedule (by the clock).
    CONSULTATION_SCHEDULED_CLOSE = "consultation.scheduled_close"
    COMMENT_CREATE = "comment.create"
    PROPOSAL_CREATE = "proposal.create"
    INPUT_RECORD_OFFLINE = "input.record_offline"
    INPUT_REPLY = "input.reply"
    INPUT_EDIT = "input.edit"
    INPUT_WITHDRAW = "input.withdraw"
    INPUT_GROUP_JOIN = "input.group_join"
    INPUT_GROUP_SEPARATE = "input.group_separate"
    PROPOSAL_ENDORSE = "proposal.endorse"
    INPUT_REPORT = "input.report"
    REPORT_DISMISS = "report.dismiss"
    INPUT_HIDE = "input.hide"
    INPUT_RESTORE = "input.restore"
    INPUT_REDACT = "input.redact"
    RESPONSE_PREPARE = "response.prepare"
    RESPONSE_LINK_RESULT = "response.link_result"
    RESPONSE_PUBLISH = "response.publish"
    RESPONSE_UNREFLECTED_REASON = "response.unreflected_reason"


A = Action
LABELS = {
    A.USER_CREATE: _l("akun dibuat"),
    A.USER_CONFIRM_EMAIL: _l("alamat surel dikonfirmasi"),
    A.USER_PROFILE_UPDATE: _l("profil diubah"),
    A.USER_ROLE_CHANGE: _l("peran diubah"),
    A.USER_DEACTIVATE: _l("akun dinonaktifkan"),
    A.USER_ACTIVATE: _l("akun diaktifkan kembali"),
    A.USER_PASSWORD_CHANGE: _l("kata sandi diganti"),
    A.USER_PASSWORD_RESET: _l("kata sandi diatur ulang lewat surel"),
    A.USER_DELETE: _l("akun dihapus"),
    A.ORGANISATION_REGISTER: _l("organisasi didaftarkan"),
    A.ORGANISATION_UPDATE: _l("profil organisasi diubah"),
    A.ORGANISATION_VERIFY: _l("organisasi diverifikasi"),
    A.ORGANISATION_REJECT: _l("organisasi ditolak"),
    A.ORGANISATION_SUSPEND: _l("organisasi ditangguhkan"),
    A.INVITATION_CREATE: _l("undangan dikirim"),
    A.INVITATION_REVOKE: _l("undangan dibatalkan"),
    A.INVITATION_ACCEPT: _l("undangan diterima"),
    A.MEMBERSHIP_PROMOTE: _l("anggota dijadikan pengelola"),
    A.MEMBERSHIP_DEMOTE: _l("pengelola dijadikan anggota biasa"),
    A.MEMBERSHIP_LEAVE: _l("keluar dari organisasi"),
    A.MEMBERSHIP_REMOVE: _l("anggota dikeluarkan"),
    A.NOTIFICATION_PREFERENCES: _l("pengaturan notifikasi diubah"),
    A.REGULATION_FOLLOW: _l("mulai mengikuti regulasi"),
    A.REGULATION_UNFOLLOW: _l("berhenti mengikuti regulasi"),
    A.REGULATION_CREATE: _l("regulasi didaftarkan"),
    A.REGULATION_UPDATE: _l("informasi regulasi diperbarui"),
    A.REGULATION_STATUS: _l("status regulasi diubah"),
    A.REGULATION_PROMULGATE: _l("regulasi diundangkan"),
    A.IMPORT_QUEUE: _l("berkas diantrekan untuk dibaca"),
    A.VERSION_DRAFT: _l("draf versi dibuat"),
    A.VERSION_EDIT: _l("draf disunting"),
    A.VERSION_EDIT_UNIT: _l("unit draf disunting"),
    A.VERSION_ADD_PASAL: _l("Pasal ditambahkan ke draf"),
    A.VERSION_DELETE_UNIT: _l("unit draf dihapus"),
    A.VERSION_MOVE_PASAL: _l("Pasal draf dipindahkan"),
    A.VERSION_REVIEW: _l("tinjauan impor selesai"),
    A.VERSION_AMEND: _l("draf diubah dari berkas"),
    A.VERSION_DISCARD: _l("draf dibuang"),
    A.VERSION_PUBLISH: _l("versi diterbitkan"),
    A.INPUTS_CARRY_FORWARD: _l("masukan terbuka dibawa ke versi baru"),
    A.CONSULTATION_OPEN: _l("konsultasi dibuka"),
    A.CONSULTATION_EXTEND: _l("konsultasi diperpanjang"),
    A.CONSULTATION_CLOSE: _l("konsultasi ditutup lebih awal"),
    A.CONSULTATION_VERSION: _l("konsultasi berlanjut atas versi baru"),
    A.CONSULTATION_SCHEDULED_CLOSE: _l("konsultasi ditutup sesuai jadwal"),
    A.COMMENT_CREATE: _l("komentar dikirim"),
    A.PROPOSAL_CREATE: _l("usulan rumusan dikirim"),
    A.INPUT_RECORD_OFFLINE: _l("masukan luring dicatat"),
    A.INPUT_REPLY: _l("balasan dikirim"),
    A.INPUT_EDIT: _l("masukan disunting"),
    A.INPUT_WITHDRAW: _l("masukan ditarik"),
    A.INPUT_GROUP_JOIN: _l("masukan digabung ke kelompok"),
    A.INPUT_GROUP_SEPARATE: _l("masukan dipisahkan dari kelompok"),
    A.PROPOSAL_ENDORSE: _l("usulan didukung"),
    A.INPUT_REPORT: _l("masukan dilaporkan"),
    A.REPORT_DISMISS: _l("laporan diabaikan"),
    A.INPUT_HIDE: _l("masukan disembunyikan"),
    A.INPUT_RESTORE: _l("masukan ditampilkan kembali"),
    A.INPUT_REDACT: _l("data pribadi disamarkan"),
    A.RESPONSE_PREPARE: _l("tanggapan disiapkan"),
    A.RESPONSE_LINK_RESULT: _l("rumusan hasil ditautkan"),
    A.RESPONSE_PUBLISH: _l("tanggapan diterbitkan"),
    A.RESPONSE_UNREFLECTED_REASON: _l("alasan perubahan tidak dimuat dicatat"),
}

# Where each public action sits on a regulation's timeline (record/timeline.py); an action not
# listed stays off the timeline (it remains in the chain).
TIMELINE_KINDS = {
    "versi": (_l("Versi terbit"), (A.VERSION_PUBLISH, A.INPUTS_CARRY_FORWARD)),
    "konsultasi": (_l("Konsultasi"), (A.CONSULTATION_OPEN, A.CONSULTATION_EXTEND,
                                      A.CONSULTATION_CLOSE, A.CONSULTATION_SCHEDULED_CLOSE,
                                      A.CONSULTATION_VERSION)),
    "masukan": (_l("Masukan"), (A.COMMENT_CREATE, A.PROPOSAL_CREATE, A.INPUT_REPLY,
                                A.INPUT_EDIT, A.PROPOSAL_ENDORSE)),
    "tanggapan": (_l("Tanggapan"), (A.RESPONSE_PUBLISH, A.RESPONSE_UNREFLECTED_REASON)),
    "ditarik": (_l("Ditarik"), (A.INPUT_WITHDRAW,)),
    "moderasi": (_l("Moderasi"), (A.INPUT_HIDE, A.INPUT_RESTORE, A.INPUT_REDACT)),
    "status": (_l("Status dan informasi"), (A.REGULATION_CREATE, A.REGULATION_UPDATE,
                                            A.REGULATION_STATUS, A.REGULATION_PROMULGATE)),
}


def label(action):
    """The Indonesian label of a stored action string (the string itself if unknown)."""
    try:
        return LABELS[Action(action)]
    except ValueError:
        return action
