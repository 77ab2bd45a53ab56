"""Who may read and handle public reports (django-rules predicates).

The reporter's identity is the reason reports have rules of their own: the office of the
report's township handles them; its leading group and the county read them; officers and
coordinators, who meet the parties in the villages, do not see them (issue 23).
"""

import rules

from landwatch.rules import is_office, is_superuser
from territory.rules import unit_in_user_scope

# Object: the report's township. Who reads reports is ``selectors.reports_visible_to`` (a list's scope).
rules.add_perm("reports.handle_report", is_superuser | (is_office & unit_in_user_scope))
