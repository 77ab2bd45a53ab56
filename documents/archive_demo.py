"""Demo: one closed case archived (立卷归档), its file and evidence zip stored and the case locked. Idempotent.

Runs after the outcomes (``cases.demo.load_outcomes``): the stone quarry's case, whose notice was
served, corrected and passed its re-inspection, is archived by the office on the demo's day.
"""

from django.contrib.auth import get_user_model

from cases.demo import demo_cases
from cases.models import CaseStatus
from landwatch.demo import demo_clock, load_day

from .archive import assemble_archive

ARCHIVED_CASE = "永兴石料场扩建占地案"


def load_archive(stdout=None) -> dict:
    office = get_user_model().objects.filter(username="office").first()
    case = demo_cases().filter(title=ARCHIVED_CASE, status=CaseStatus.CLOSED).first()
    if office is None or case is None or case.archives.exists():
        return {}
    with demo_clock(load_day(), hour=10):
        archive = assemble_archive(case, by=office)
    if stdout is not None:
        stdout.write(f"    case file: {case.number} archived, {archive.pdf_pages} pages")
    return {"archived": 1}
