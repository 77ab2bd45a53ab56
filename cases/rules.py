"""Object permissions of cases (django-rules).

Where a user sits decides which cases they see (``cases.selectors.cases_visible_to``);
their role *in the case's township* decides what they may do:

- ``cases.view``: anyone whose scope covers the case's village (coordinator: own village;
  township staff: their township; county: all townships below).
- ``cases.manage`` / ``cases.decide``: the office of the case's township (register, assign,
  decide, withdraw, reopen, resolve, discipline).
- ``cases.act``: the office, or the officer the case is assigned to (notice,
  self-correction, re-inspection, enforcement records, evidence).
- ``cases.approve``: a leader of the case's township (enforcement; "no action" on a
  commercial case).
- ``cases.add_evidence``: ``cases.act``, and the 办案机关's staff on a handed-over case.
- ``cases.register``: no object; any office member.
- ``cases.file`` / ``cases.investigate`` / ``cases.decide_penalty``: the penalty chain, for the
  people of the case's 办案机关 (below); ``cases.hand_over``: the township office's 移送.

All answers come from the memberships cached on the user: no query per case.
"""

import rules

from landwatch.roles import Role
from landwatch.rules import is_office, is_superuser
from territory.selectors import active_memberships, unit_in_scope


def roles_over(user, unit) -> set[str]:
    """The roles ``user`` holds over ``unit`` (a village), through memberships whose scope covers it."""
    if unit is None or not user.is_authenticated:
        return set()
    held = set()
    for membership in active_memberships(user):
        if membership.role in (Role.COORDINATOR, Role.COUNTY):
            root = membership.unit
        else:
            root = membership.unit.township or membership.unit
        if unit.path.startswith(root.path):
            held.add(membership.role)
    return held


def authority_roles(user, case) -> set[str]:
    """The roles ``user`` holds in the case's 办案机关 when that is a county department the case was
    handed over to (移送, 自然资源行政处罚办法 第十一条): its head (leader) and staff (officers).
    Nothing before the hand-over, nor when the township itself is the authority. No query."""
    if (case is None or not user.is_authenticated or case.handed_over_on is None
            or case.authority_id is None or is_township_authority(None, case)):
        return set()
    return {m.role for m in active_memberships(user) if m.unit_id == case.authority_id}


@rules.predicate
def is_township_authority(user, case) -> bool:
    """The township is the case's 办案机关 (its own competence, or a delegation: 行政处罚法 第二十四条),
    or no authority is on record yet (then the township's people keep the interim rights)."""
    return case is not None and (case.authority_id is None or case.authority_id == case.village.township_id)


@rules.predicate
def can_see_case(user, case) -> bool:
    return case is not None and (unit_in_scope(user, case.village) or bool(authority_roles(user, case)))


@rules.predicate
def is_authority_head(user, case) -> bool:
    return Role.LEADER in authority_roles(user, case)


@rules.predicate
def is_authority_staff(user, case) -> bool:
    return bool(authority_roles(user, case) & {Role.LEADER, Role.OFFICER})


@rules.predicate
def is_case_office(user, case) -> bool:
    return case is not None and Role.OFFICE in roles_over(user, case.village)


@rules.predicate
def is_case_leader(user, case) -> bool:
    return case is not None and Role.LEADER in roles_over(user, case.village)


@rules.predicate
def is_case_assignee(user, case) -> bool:
    return (
        case is not None
        and case.assignee_id is not None
        and case.assignee_id == user.pk
        and Role.OFFICER in roles_over(user, case.village)
    )


rules.add_perm("cases.view", is_superuser | can_see_case)
rules.add_perm("cases.register", is_superuser | is_office)
rules.add_perm("cases.manage", is_superuser | is_case_office)
rules.add_perm("cases.decide", is_superuser | is_case_office)
rules.add_perm("cases.act", is_superuser | is_case_office | is_case_assignee)
rules.add_perm("cases.approve", is_superuser | is_case_leader)
rules.add_perm("cases.discipline", is_superuser | is_case_office)
# Evidence (photos, scans of records): whoever acts on the case for the township, and, after the
# hand-over, the 办案机关's head and staff who investigate it (行政处罚法 第五十四条第一款: the
# authority 全面、客观、公正地调查，收集有关证据; 自然资源行政处罚办法 第十七条).
rules.add_perm("cases.add_evidence", is_superuser | is_case_office | is_case_assignee | is_authority_staff)
# The penalty chain belongs to the case's 办案机关 (territory/competence.py; 行政处罚法 第二十二条、
# 第二十四条): where that is the township, its leader files and decides and its office and the
# assigned officer investigate; where it is a county department, after the hand-over, the
# department's head files and decides and its staff investigate. The township keeps discovering,
# stopping and rectifying (the rights above) and reading the case.
rules.add_perm("cases.file", is_superuser | (is_township_authority & is_case_leader) | is_authority_head)
rules.add_perm("cases.investigate",
               is_superuser | (is_township_authority & (is_case_office | is_case_assignee)) | is_authority_staff)
rules.add_perm("cases.decide_penalty", is_superuser | (is_township_authority & is_case_leader) | is_authority_head)
# Reopening an archived case (立卷归档, documents/archive.py): its 办案机关's head, who approved its
# closing (结案, 自然资源行政处罚办法 第四十六条: 经自然资源主管部门负责人批准); a case without an
# authority on record: the township's leader.
rules.add_perm("cases.reopen_archived",
               is_superuser | (is_township_authority & is_case_leader) | is_authority_head)
# Notes on the timeline (and the documents' issue and service notes): whoever acts on the case,
# the township's or, after the hand-over, the authority's.
rules.add_perm("cases.note", is_superuser | is_case_office | is_case_assignee | is_authority_staff)
# 移送: the township office hands a case whose authority is a county department over to it.
# Whether the case awaits it is ``services.hand_over_refusal`` (the refusal's message, the button's condition).
rules.add_perm("cases.hand_over", is_superuser | is_case_office)
# 法制审核: entered by the authority's office or head (township) or its staff (county department);
# the service also asks for a legal-review qualification valid that day (行政处罚法 第五十八条第二款).
rules.add_perm("cases.legal_review",
               is_superuser | (is_township_authority & (is_case_office | is_case_leader)) | is_authority_staff)
# 移送公安 (cases/referrals.py): the 行政执法机关 with the power to penalise refers the case
# (国务院令第310号 第二条、第三条) — the township's office or leader where it is the authority, the
# county department's staff after the hand-over.
rules.add_perm("cases.refer",
               is_superuser | (is_township_authority & (is_case_office | is_case_leader)) | is_authority_staff)
# 公示 of a penalty decision (cases/publicity.py): drafted and recorded by the authority that decided —
# the township's office where the township is the 办案机关, the county department's staff after the
# hand-over. Leaders and everyone else who sees the case read it.
rules.add_perm("cases.publish",
               is_superuser | (is_township_authority & is_case_office) | is_authority_staff)
# 结案 of a case on the penalty chain (cases/closing.py): approved by the 办案机关's head
# (自然资源行政处罚办法 第四十六条: "经自然资源主管部门负责人批准，案件结案").
rules.add_perm("cases.close", is_superuser | (is_township_authority & is_case_leader) | is_authority_head)
