import pytest

from tests.patrols.conftest import png_bytes, png_upload  # noqa: F401 (shared helpers)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


from tests.deadlines.conftest import holidays_2024  # noqa: E402,F401 (the 2024 holiday table)
