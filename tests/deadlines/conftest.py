import pytest

from deadlines.services import load_shipped


@pytest.fixture
def holidays_2024(db):
    """The State Council's 2024 arrangement, as shipped (deadlines/holidays/2024.csv)."""
    load_shipped([2024])
