"""All models, importable from one place."""
from .accounts import MailStatus, OutboxMail, Role, SubmissionKey, User  # noqa: F401
from .audit import AuditEvent  # noqa: F401
from .organisations import (  # noqa: F401
    Invitation, MemberRole, Membership, Organisation, OrgKind, OrgStatus,
)
from .regulations import (  # noqa: F401
    ComparisonCache, ConsultationPeriod, ConsultationVersion, ImmutableError, PeriodExtension,
    Regulation, RegulationKind, RegulationStatus, StatusChange, Unit, Version, VersionState,
)
from .participation import *  # noqa: F401,F403,E402
from .notifications import *  # noqa: F401,F403,E402
from .search import SearchDocument, SearchKind  # noqa: F401,E402
from .pagecache import PageGeneration  # noqa: F401,E402
from .privacy import InputRedaction  # noqa: F401,E402
from .reports import Enactment, ReportFile, ReportKind  # noqa: F401,E402
from .imports import ImportJob, ImportState  # noqa: F401,E402
from .offline import (  # noqa: F401,E402
    GroupChangeKind, InputGroupChange, InputGroupSet, OfflineInput, WARGA_LABEL,
)
