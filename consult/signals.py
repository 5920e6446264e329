"""What happens in one area that others react to, as blinker signals. Services send them inside
the caller's transaction; receivers (notify, participation's carry-forward) connect in their own
packages when the app is created, and write in the same transaction.

Each signal's sender is the object it is about; keyword arguments are listed beside it."""
from blinker import Namespace

timbang = Namespace()

# A comment or proposal was stored (online, or recorded from a letter). actor=
input_created = timbang.signal("input-created")
# A reply under an input was stored. actor=
reply_created = timbang.signal("reply-created")
# Prepared answers were published together; sender: the regulation. responses=, actor=
answers_published = timbang.signal("answers-published")
# A draft is being published: its units are stored, the consultation has not moved on yet
# (receivers bring other areas' records along: open inputs are carried forward). previous=, actor=
version_publishing = timbang.signal("version-publishing")
# A version was published and the consultation moved on to it (receivers tell people). actor=
version_published = timbang.signal("version-published")
# A consultation period was opened, extended or closed. actor=, change= ('opened', 'extended',
# 'closed')
consultation_changed = timbang.signal("consultation-changed")
