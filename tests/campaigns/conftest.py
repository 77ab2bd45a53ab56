import pytest

from tests.factories.campaigns import campaign_with_phases


@pytest.fixture
def campaign(territory):
    """The seed's 2022 campaign in township A (phases 3-15…3-25, 3-26…5-20, 5-21…5-31)."""
    return campaign_with_phases(territory.township, name="2022年土地监察专项整治行动")


@pytest.fixture
def other_campaign(territory):
    return campaign_with_phases(territory.other_township, name="乙镇整治行动")
