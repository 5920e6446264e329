"""How inputs are loaded to be shown: with everything the lists and pages display, in a few
queries instead of one per input."""
from sqlalchemy.orm import selectinload

from consult.models import Endorsement, Input, Response


def loaded_options():
    """Eager loads for showing inputs with their answer, endorsements and two levels of replies."""
    return (
        selectinload(Input.author), selectinload(Input.organisation), selectinload(Input.offline),
        selectinload(Input.version), selectinload(Input.current_version),
        selectinload(Input.response).selectinload(Response.result_version),
        selectinload(Input.endorsements).selectinload(Endorsement.organisation),
        selectinload(Input.revisions),
        selectinload(Input.replies).selectinload(Input.author),
        selectinload(Input.replies).selectinload(Input.organisation),
        selectinload(Input.replies).selectinload(Input.revisions),
        selectinload(Input.replies).selectinload(Input.replies).selectinload(Input.author),
        selectinload(Input.replies).selectinload(Input.replies).selectinload(Input.organisation),
        selectinload(Input.replies).selectinload(Input.replies).selectinload(Input.revisions),
    )
