"""Object permissions of case documents (django-rules), checked against the document's case.

- ``documents.view``: whoever may see the case (coordinators: their village's cases;
  township staff: their township's; county: all below).
- ``documents.issue``: the office of the case's township drafts, issues, corrects and
  withdraws documents.
- ``documents.serve``: the office, or the officer the case is assigned to, records service.
- ``documents.import``: no object; any office member imports a survey (排摸) list.
- ``documents.export``: no object; anyone signed in exports the ledger of the cases they see.
"""

import rules

from cases.rules import can_see_case, is_case_assignee, is_case_office
from landwatch.rules import is_office, is_superuser

rules.add_perm("documents.view", is_superuser | can_see_case)
rules.add_perm("documents.issue", is_superuser | is_case_office)
rules.add_perm("documents.serve", is_superuser | is_case_office | is_case_assignee)
rules.add_perm("documents.import", is_superuser | is_office)
rules.add_perm("documents.export", rules.is_authenticated)
