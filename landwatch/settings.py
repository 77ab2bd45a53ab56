"""LandWatch settings: one module, configured by the environment (django-environ).

Production-safe by default: DEBUG is off and SECRET_KEY must be given. `make run`
turns on what development needs through the environment, never through code.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool) -> bool:
    """A strict boolean: a typo such as DEBUG=ture must stop the start, not mean False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


DEBUG = env_flag("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates for TemplatesSetting (FORM_RENDERER below).
    "django.forms",
    "django_filters",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "landwatch",
    "deadlines",
    "territory",
    "patrols",
    "patches",
    "cases",
    "campaigns",
    "documents",
    "reports",
    "dashboards",
    "reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise (static files come pre-compressed and never reach it), above every
    # middleware that could read or write a body: it compresses what they leave.
    "landwatch.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "landwatch.middleware.SessionTimeoutMiddleware",
    "landwatch.middleware.RefusalPageMiddleware",
    "landwatch.audit.AuditContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-axes must come last: it turns a lockout into the cool-off page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "landwatch.urls"
WSGI_APPLICATION = "landwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "landwatch.context_processors.navigation",
                "reminders.context_processors.unread_reminders",
            ],
        },
    },
]

# Widgets render through the project's template engine (templates/django/forms/ may override
# one of Django's widget templates), except the select, drawn in Python (landwatch/renderers.py).
FORM_RENDERER = "landwatch.renderers.FormRenderer"

# SQLite is the embedded default for `make run`; production and tests use PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time. A transaction that begins DEFERRED reads first and
    # asks for the write lock later; when another writer got it meanwhile, SQLite answers
    # "database is locked" at once, without waiting out the busy timeout (waiting could
    # deadlock): two clerks registering at the same moment got an error page. IMMEDIATE
    # takes the write lock at BEGIN, so writers queue for up to `timeout` seconds instead.
    # WAL lets readers go on while one writes; synchronous=NORMAL is safe with WAL.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A covering index's INCLUDE columns are PostgreSQL's; SQLite builds the same index
    # without them, which is all `make run` needs (patrollog_current_date_idx).
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, without reading model permissions for a rules-only one.
    "landwatch.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_URL_PATH = "/accounts/login/"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Pre-compressed files are what production wants; the small CI benchmark may
            # skip the compression, which is the slow part of collectstatic.
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_flag("STATIC_COMPRESS", default=True)
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
# Uploaded evidence is never served from a public URL: views check access first.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-public/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
LANDWATCH_MAX_UPLOAD_MB = env.int("LANDWATCH_MAX_UPLOAD_MB", default=20)
# The public report page (reports/): reports accepted per hour from one network address and
# for one phone number, counted on the stored reports (no shared cache is configured).
LANDWATCH_REPORTS_PER_HOUR_PER_SENDER = env.int("LANDWATCH_REPORTS_PER_HOUR_PER_SENDER", default=5)
LANDWATCH_REPORTS_PER_HOUR_PER_PHONE = env.int("LANDWATCH_REPORTS_PER_HOUR_PER_PHONE", default=3)
# How many proxies of the deployment's own stand before gunicorn (nginx: 1); 0 reads REMOTE_ADDR only.
LANDWATCH_TRUSTED_PROXY_HOPS = env.int("LANDWATCH_TRUSTED_PROXY_HOPS", default=0)

# The township's letterhead and document-number prefix default here; the admin may
# override them per township unit.
LANDWATCH_ORG_NAME = env.str("LANDWATCH_ORG_NAME", default="")

# Each app's part of the demo (`manage.py loaddemo`) and of the county-scale data (`manage.py
# generate_scale`), run in this order by landwatch/demo.py; landwatch knows no app's tables.
# The demo's cases are decided before their notices are served and settled after them.
LANDWATCH_DEMO_STEPS = [
    "deadlines.demo.load_holidays",
    "territory.demo.load_territory",
    "territory.demo.load_layers",
    "campaigns.demo.load_campaign",
    "cases.demo.load_cases",
    "documents.demo.load_documents",
    "cases.demo.load_outcomes",
    "cases.demo.load_competence",
    "documents.demo.load_hand_overs",
    "cases.demo.load_investigations",
    "patrols.demo.load_patrols",
    "cases.demo.load_cases_from_findings",
    "patches.demo.load_patches",
    "cases.demo.load_cases_from_patches",
    "cases.fines.load_default_bands",
    "cases.penalty_demo.load_penalty_chain",
    "cases.enforcement_demo.load_enforcement",
    "cases.closing_demo.load_closing",
    "campaigns.demo.load_activities",
    "reports.demo.load_reports",
    "cases.fine_demo.load_fines",
    "cases.referral_demo.load_referrals",
    "cases.publicity_demo.load_publicity",
    "reminders.demo.load_reminders",
    "documents.archive_demo.load_archive",
    "territory.demo.print_logins",
]
LANDWATCH_SCALE_STEPS = [
    "territory.scale.load_territory",
    "deadlines.scale.load_holidays",
    "campaigns.scale.load_campaign",
    "cases.scale.load_cases",
    "documents.scale.load_notices",
    "patrols.scale.load_projects",
    "patrols.scale.load_patrol_logs",
    "patches.scale.load_patches",
    "cases.scale.link_patches",
    "cases.scale.compact_summaries",  # after every step that writes cases
]

# Reminders (reminders/services.py, `manage.py send_reminders`): e-mail through Django's mail
# settings (EMAIL_URL, e.g. smtp+tls://user:pw@mail.example.cn:587; unset: Django's default, the
# SMTP server on localhost:25), links in e-mail and SMS start with LANDWATCH_BASE_URL; SMS through
# a gateway class named by a dotted path (reminders.sms.HttpGateway), none by default.
if env.str("EMAIL_URL", default=""):
    vars().update({k: v for k, v in env.email_url("EMAIL_URL").items() if v is not None})
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="landwatch@localhost")
LANDWATCH_BASE_URL = env.str("LANDWATCH_BASE_URL", default="")
LANDWATCH_SMS_GATEWAY = env.str("LANDWATCH_SMS_GATEWAY", default="")
LANDWATCH_SMS_URL = env.str("LANDWATCH_SMS_URL", default="")
LANDWATCH_SMS_TOKEN = env.str("LANDWATCH_SMS_TOKEN", default="")
# What every page reads about its user, loaded with the session's user in one query
# (landwatch/backends.py): the roles, and the navigation's unread count.
LANDWATCH_USER_ANNOTATIONS = {
    "role_names": "landwatch.roles.role_names_annotation",
    "unread_reminders": "reminders.selectors.unread_annotation",
}
if LANDWATCH_SMS_GATEWAY and not LANDWATCH_SMS_URL:
    raise ImproperlyConfigured("LANDWATCH_SMS_URL must be set when LANDWATCH_SMS_GATEWAY is.")

# Sessions: idle timeout and an absolute lifetime (landwatch.middleware), cookie gone when
# the browser closes.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_LIFETIME = env.int("SESSION_ABSOLUTE_LIFETIME", default=10 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login brute-force protection (django-axes): a cool-off, never a permanent lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp): no inline script and no inline style anywhere (no
# style attribute, no <style>; scripts style through CSSOM and classes; tests/landwatch/
# test_csp.py); map tiles from the configured tile server only.
LANDWATCH_MAP_TILE_URL = env.str("LANDWATCH_MAP_TILE_URL", default="")
# Plain text (shown escaped), not HTML.
LANDWATCH_MAP_ATTRIBUTION = env.str("LANDWATCH_MAP_ATTRIBUTION", default="")
_tile_origin = []
if LANDWATCH_MAP_TILE_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(LANDWATCH_MAP_TILE_URL.replace("{s}", "*"))
    _tile_origin = [f"{_parts.scheme}://{_parts.netloc}"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *_tile_origin],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_flag("HTTPS", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "landwatch.security": {"level": "INFO"},
    },
}
