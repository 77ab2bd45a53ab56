"""Fixed actors and territory for every test (STYLE.md, "Tests").

Township A has villages A1 and A2, the seven departments' stand-in (one department), an
office and a leading group; township B (the other township under the same county) has
village B1. Actors: an office clerk, a leader, two officers (one is assigned to cases in
case tests), coordinators of A1 and A2, a county user, staff of township B, and an
inactive user.
"""

import os
from dataclasses import dataclass

import pytest

from landwatch.roles import Role
from territory.models import ResponsibilityUnit, UnitKind

from .factories import UnitFactory, UserFactory, member

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@dataclass
class Territory:
    county: ResponsibilityUnit
    township: ResponsibilityUnit
    village_a: ResponsibilityUnit
    village_b: ResponsibilityUnit
    department: ResponsibilityUnit
    office_unit: ResponsibilityUnit
    leading_group: ResponsibilityUnit
    other_township: ResponsibilityUnit
    other_village: ResponsibilityUnit


@pytest.fixture
def territory(db) -> Territory:
    county = UnitFactory(kind=UnitKind.COUNTY, name="测试县国土资源局")
    township = UnitFactory(kind=UnitKind.TOWNSHIP, name="甲镇", parent=county)
    other = UnitFactory(kind=UnitKind.TOWNSHIP, name="乙镇", parent=county)
    return Territory(
        county=county,
        township=township,
        village_a=UnitFactory(kind=UnitKind.VILLAGE, name="甲一村", parent=township),
        village_b=UnitFactory(kind=UnitKind.VILLAGE, name="甲二村", parent=township),
        department=UnitFactory(kind=UnitKind.DEPARTMENT, name="国土所", parent=township),
        office_unit=UnitFactory(kind=UnitKind.OFFICE, name="办公室", parent=township),
        leading_group=UnitFactory(kind=UnitKind.LEADING_GROUP, name="领导小组", parent=township),
        other_township=other,
        other_village=UnitFactory(kind=UnitKind.VILLAGE, name="乙一村", parent=other),
    )


@pytest.fixture
def office(territory):
    return member(territory.office_unit, Role.OFFICE, username="office", first_name="办公室职员")


@pytest.fixture
def leader(territory):
    return member(territory.leading_group, Role.LEADER, username="leader", first_name="组长")


@pytest.fixture
def officer(territory):
    return member(territory.department, Role.OFFICER, username="officer", first_name="执法队员")


@pytest.fixture
def other_officer(territory):
    return member(territory.department, Role.OFFICER, username="officer2", first_name="另一队员")


@pytest.fixture
def coordinator_a(territory):
    return member(territory.village_a, Role.COORDINATOR, username="coord_a", first_name="甲一协管员")


@pytest.fixture
def coordinator_b(territory):
    return member(territory.village_b, Role.COORDINATOR, username="coord_b", first_name="甲二协管员")


@pytest.fixture
def county_user(territory):
    return member(territory.county, Role.COUNTY, username="county", first_name="县局")


@pytest.fixture
def other_office(territory):
    other_office_unit = UnitFactory(kind=UnitKind.OFFICE, name="乙镇办公室", parent=territory.other_township)
    return member(other_office_unit, Role.OFFICE, username="office_b", first_name="乙镇职员")


@pytest.fixture
def inactive_user(territory):
    return member(territory.office_unit, Role.OFFICE, username="gone", is_active=False)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


# --- The county departments that are the 办案机关 of most land cases (territory/competence.py) ---


@dataclass
class CountyDepartments:
    natural_resources: ResponsibilityUnit
    agriculture: ResponsibilityUnit


@pytest.fixture
def county_departments(territory) -> CountyDepartments:
    from territory.models import Competence

    return CountyDepartments(
        natural_resources=UnitFactory(kind=UnitKind.DEPARTMENT, parent=territory.county, name="测试县自然资源局",
                                      competence=Competence.NATURAL_RESOURCES, letterhead="测试县自然资源局",
                                      document_prefix="测自然资"),
        agriculture=UnitFactory(kind=UnitKind.DEPARTMENT, parent=territory.county, name="测试县农业农村局",
                                competence=Competence.AGRICULTURE),
    )


@pytest.fixture
def authority_head(county_departments):
    """The head (负责人) of the county natural resources department: files and decides its cases."""
    return member(county_departments.natural_resources, Role.LEADER, username="nr_head", first_name="局长")


@pytest.fixture
def authority_staff(county_departments):
    """A law enforcement officer of the county natural resources department: investigates its cases."""
    return member(county_departments.natural_resources, Role.OFFICER, username="nr_staff", first_name="执法员")


@pytest.fixture
def other_county_head(db):
    """The head of another county's natural resources department."""
    from territory.models import Competence

    county = UnitFactory(kind=UnitKind.COUNTY, name="邻县国土资源局")
    department = UnitFactory(kind=UnitKind.DEPARTMENT, parent=county, name="邻县自然资源局",
                             competence=Competence.NATURAL_RESOURCES)
    return member(department, Role.LEADER, username="other_head", first_name="邻县局长")


# --- Headless browser (Playwright driving Debian's Chromium; never a downloaded browser) ---

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} does not exist")
        pytest.skip(f"no Chromium at {CHROMIUM}; install Debian's chromium and fonts-noto-cjk")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 390, "height": 844},
        is_mobile=True, has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sized_page(browser, viewport):
    """A page at the test's ``viewport`` (parametrize the test with it); ``size_name`` is
    "phone" or "desktop", for the screenshots' names."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport)
    page = context.new_page()
    page.size_name = "phone" if viewport["width"] < 500 else "desktop"
    yield page
    context.close()


def screenshot(page, name: str) -> str:
    """Save a full-page screenshot under test-artifacts/ for a person to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    return path


def browser_login(page, live_server, username: str, password: str = "pw") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def pytest_configure(config):
    from django.conf import settings

    from . import watchdog

    # A test stuck for good is stopped and named at the end of the run (tests/watchdog.py); the
    # watchdog finds this process's database sessions by their name.
    config.pluginmanager.register(watchdog, "landwatch-watchdog")
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        settings.DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = watchdog.APPLICATION_NAME

    # Tests run with DEBUG off like production, but without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Persistent connections would outlive live_server threads and block the test
    # database's teardown.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Test clients log in with force_login or client.login, which pass no request to
    # authenticate(); django-axes is switched on in its own tests.
    settings.AXES_ENABLED = False
    # A fast hasher: the password tests check behaviour, not key stretching.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_holiday_table():
    """The clock caches the holiday table per request; a test's rolled-back table must not leak into the next."""
    from deadlines.clock import forget_table

    forget_table()
    yield
    forget_table()
