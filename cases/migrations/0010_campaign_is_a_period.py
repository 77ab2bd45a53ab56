"""A campaign is a period (issue #27): cases registered after a campaign's correction phase
stop counting in it, each with a "no longer counted" event saying why.

Until now a case joined a campaign by a choice on the registration form, and the only choice
was the finished 2022 campaign, so its report's count grew with every new case. Cases
registered within the period (or before it: the survey brought in at the start) keep their
campaign; withdrawn cases are frozen and left alone. Nothing is deleted: the office attaches
a case again from its page, with the reason, when the campaign did handle it.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations
from django.db.models import F


def detach_cases_registered_after_the_period(apps, schema_editor) -> int:
    """Detach every case registered after its campaign's correction phase; return how many."""
    Campaign = apps.get_model("campaigns", "Campaign")
    Phase = apps.get_model("campaigns", "Phase")
    ViolationCase = apps.get_model("cases", "ViolationCase")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    zone = ZoneInfo(settings.TIME_ZONE)
    now = datetime.datetime.now(tz=datetime.UTC)
    detached = 0
    for campaign in Campaign.objects.order_by("pk"):
        phase = Phase.objects.filter(campaign=campaign, kind="correction").first()
        until = phase.end_date if phase else campaign.end_date
        late = ViolationCase.objects.filter(campaign=campaign, registered_on__gt=until).exclude(status="withdrawn")
        ids = list(late.values_list("pk", flat=True))
        if not ids:
            continue
        # The shape of cases.events.campaign_changed, with the rule that decided it.
        data = {"campaign": None, "campaign_name": "", "from": campaign.pk, "from_name": campaign.name,
                "registered_after": until.isoformat()}
        CaseEvent.objects.bulk_create(
            [CaseEvent(case_id=pk, kind="campaign_detached", actor=None, at=now, occurred_on=now.astimezone(zone).date(),
                       data=data) for pk in ids]
        )
        ViolationCase.objects.filter(pk__in=ids).update(campaign=None, version=F("version") + 1)
        detached += len(ids)
    return detached


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_campaign_events"),
        ("campaigns", "0004_units_in_territory"),
    ]

    operations = [
        migrations.RunPython(detach_cases_registered_after_the_period, migrations.RunPython.noop),
    ]
