"""Case fixtures: a case in village A of township A, assigned to ``officer``.

``case_in`` builds a case standing in any state (with the fields that state implies), so
transition tests can start from every state without walking the whole lifecycle.
"""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseStatus, Disposition, PenaltyMeasure
from deadlines.services import load_shipped
from documents.models import DocumentKind
from landwatch.roles import Role
from landwatch.vocabulary import Category
from territory.models import Credential, CredentialKind
from tests.factories import PartyFactory, ViolationCaseFactory, member
from tests.factories.documents import serve

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def party(territory):
    return PartyFactory(township=territory.township, name="张三", id_number="330100199001010011")


STATE_FIELDS = {
    CaseStatus.REGISTERED: {},
    CaseStatus.NOTIFIED: {"disposition": Disposition.DEMOLISH},
    CaseStatus.CORRECTED: {"disposition": Disposition.DEMOLISH},
    CaseStatus.ENFORCING: {"disposition": Disposition.DEMOLISH},
    CaseStatus.DEFERRED: {"disposition": Disposition.PLANNING},
    CaseStatus.CLOSED: {"disposition": Disposition.DEMOLISH},
    CaseStatus.WITHDRAWN: {},
    # The penalty chain: filed on the day of registration (the factory's).
    CaseStatus.FILED: {"filed_on": datetime.date(2026, 11, 1)},
    CaseStatus.SUSPENDED: {"filed_on": datetime.date(2026, 11, 1)},
    CaseStatus.REVIEWING: {"filed_on": datetime.date(2026, 11, 1)},
    CaseStatus.INFORMED: {"filed_on": datetime.date(2026, 11, 1)},
    CaseStatus.DECIDED: {"filed_on": datetime.date(2026, 11, 1)},
}


@pytest.fixture
def case_in(territory, office, officer, party):
    def make(status=CaseStatus.REGISTERED, *, category=Category.EXTRA_HOMESTEAD, village=None, deadline=None, **kw):
        today = timezone.localdate()
        fields = dict(STATE_FIELDS[status])
        if status in (CaseStatus.NOTIFIED, CaseStatus.CORRECTED, CaseStatus.ENFORCING, CaseStatus.DECIDED):
            fields["deadline"] = deadline or today + datetime.timedelta(days=10)
        if status == CaseStatus.CLOSED:
            fields["closed_on"] = today
        village = village or territory.village_a
        default_party = party if village.township_id == party.township_id else None
        fields = {"assignee": officer, "party": default_party or PartyFactory(township=village.township),
                  **fields, **kw}
        return ViolationCaseFactory(
            village=village,
            status=status,
            category=category,
            created_by=office,
            **fields,
        )

    return make


@pytest.fixture
def case(case_in):
    return case_in()


# --- review, notice, hearing and decision (tests/cases/test_penalty_procedure.py) --------------


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def reviewer(territory):
    user = member(territory.office_unit, Role.OFFICE, username="reviewer", first_name="法制审核员")
    Credential.objects.create(user=user, kind=CredentialKind.LEGAL_REVIEW, number="FZ-001", valid_from=ago(800))
    return user


@pytest.fixture
def reviewing(territory, office, officer, party):
    """A filed case whose investigation report was submitted 60 days after filing began."""
    return ViolationCaseFactory(village=territory.village_a, party=party, status=CaseStatus.REVIEWING,
                                assignee=officer, created_by=office, discovered_on=ago(120),
                                registered_on=ago(110), filed_on=ago(60))




@pytest.fixture
def decided(case_in, office):
    """限期拆除 decided, its decision served on Monday 1 September 2025 (15 days to comply)."""
    load_shipped([2025, 2026])
    case = case_in(CaseStatus.DECIDED, penalty_measures=[PenaltyMeasure.DEMOLISH], deadline=None,
                   discovered_on=datetime.date(2025, 6, 2), registered_on=datetime.date(2025, 6, 3),
                   filed_on=datetime.date(2025, 6, 4))
    serve(case, DocumentKind.PENALTY_DECISION, by=office, on=datetime.date(2025, 9, 1))
    return case


@pytest.fixture
def demanded(decided, office):
    """The 催告书 served on Monday 22 September 2025."""
    serve(decided, DocumentKind.DEMAND, by=office, on=datetime.date(2025, 9, 22))
    return decided
