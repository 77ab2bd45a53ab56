"""Object permissions of case documents (django-rules), checked against the document's case.

- ``documents.view``: whoever may see the case (coordinators: their village's cases;
  township staff: their township's; county: all below).
- ``documents.issue``: the office of the case's township drafts, issues, corrects and
  withdraws documents — until the case is handed over (移送) to a county department: from then
  on the department's people do, in its name, and the township's office only serves and reads.
- ``draft_perm(kind)``: who drafts and edits a draft of ``kind``. A document that records an
  act is drafted by whoever may do the act: the re-inspection opinion (复查意见书) by the
  office or the officer the case is assigned to, who records the re-inspection (``cases.act``);
  every other kind by the office. Issuing it (its number, the township's seal) stays the office's.
- ``documents.serve``: the office, or the officer the case is assigned to, records service.
- ``documents.import``: no object; any office member imports a survey (排摸) list.
- ``documents.export``: no object; anyone signed in exports the ledger of the cases they see.
"""

import rules

from cases.rules import (
    can_see_case,
    is_authority_staff,
    is_case_assignee,
    is_case_office,
    is_township_authority,
)
from cases.transitions import TRANSITIONS
from landwatch.rules import is_office, is_superuser

from .models import DocumentKind

rules.add_perm("documents.view", is_superuser | can_see_case)


@rules.predicate
def is_handed_over(user, case) -> bool:
    """The case was handed over (移送) to a county department, its 办案机关: no query."""
    return case is not None and case.handed_over_on is not None and not is_township_authority(user, case)


# The people of the county department a case was handed over to (its 办案机关) draft, issue,
# correct and withdraw its documents, in their department's name (documents.services.issuer_of);
# the township's office no longer does: a penalty is imposed by the authority that holds the power,
# within it (行政处罚法 第十七条、第二十二条), and the township has handed the case to it
# (自然资源行政处罚办法 第十一条). The township still serves them (委托送达) and reads its own papers.
rules.add_perm("documents.issue", is_superuser | (is_case_office & ~is_handed_over) | is_authority_staff)
rules.add_perm("documents.serve", is_superuser | is_case_office | is_case_assignee | is_authority_staff)
rules.add_perm("documents.import", is_superuser | is_office)
rules.add_perm("documents.export", rules.is_authenticated)
# 立卷归档 (documents/archive.py): whoever issues the case's documents assembles its file once it is
# closed; whoever may read the case downloads it (``documents.view``).
rules.add_perm("documents.archive", is_superuser | is_case_office | is_authority_staff)

# The kinds drafted by whoever does the act they record; the rest by ``documents.issue``.
DRAFT_PERMS = {
    DocumentKind.REINSPECTION: TRANSITIONS["reinspection_passed"].perm,
}


def draft_perm(kind: str) -> str:
    """The permission to draft a document of ``kind`` and to edit its text before it is served."""
    return DRAFT_PERMS.get(kind, "documents.issue")
