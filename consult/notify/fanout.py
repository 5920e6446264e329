"""Mail fan-out, run by the worker: notifications written by an action with `email_pending`
become mails in the outbox. The pending flag is the claim per recipient: it is cleared in the
same transaction that adds the mail, so an overlapping or killed run never mails anyone twice."""
import sqlalchemy as sa

from consult.claims import claim_rows
from consult.extensions import db
from consult.mail import send_mail
from consult.models import Notification, User
from consult.notify.delivery import mail_body, with_locale

BATCH = 200


@with_locale
def fan_out(limit=BATCH):
    """Mail up to `limit` pending notifications (committed by the caller). Returns the count."""
    pending = claim_rows(sa.select(Notification).where(Notification.email_pending.is_(True))
                         .order_by(Notification.id).limit(limit))
    for item in pending:
        user = db.session.get(User, item.user_id)
        if user is not None and user.is_active:
            send_mail(user.email, item.title, mail_body(item.body, item.link))
            item.emailed = True
        item.email_pending = False
    db.session.flush()
    return len(pending)
