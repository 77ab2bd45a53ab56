"""The campaigns' part of the county-scale data (``landwatch/scale.py``): one three-phase campaign
in the first township, so the summary report and the cases' campaign filter have data."""

import datetime

from landwatch.scale import ScaleRun

from . import services
from .models import Campaign, PhaseKind

NAME = "规模测试专项整治行动"
PHASES = [
    services.PhaseDates(PhaseKind.MOBILISATION, datetime.date(2022, 3, 15), datetime.date(2022, 3, 25)),
    services.PhaseDates(PhaseKind.CORRECTION, datetime.date(2022, 3, 26), datetime.date(2022, 5, 20)),
    services.PhaseDates(PhaseKind.IMPROVEMENT, datetime.date(2022, 5, 21), datetime.date(2022, 5, 31)),
]


def load_campaign(run: ScaleRun) -> None:
    """Hands on ``campaign`` in ``run.shared``; made by the township's office through the service."""
    township = run.shared["towns"][0]
    campaign = Campaign.objects.filter(township=township, name=NAME).first()
    if campaign is None:
        campaign = services.create_campaign(
            by=run.shared["office_by_town"][township.pk], township=township, name=NAME, phases=PHASES
        )
    run.shared["campaign"] = campaign
