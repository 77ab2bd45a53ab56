import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _settings_probe(env: dict, expr: str) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='landwatch.settings'; django.setup();"
        f" from django.conf import settings; print({expr})"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}}
    return subprocess.run([sys.executable, "-c", code], env={**base, **env}, cwd=ROOT, capture_output=True, text=True)


def test_settings_come_from_the_environment():
    result = _settings_probe(
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u:p@db.example:5433/lw", "ALLOWED_HOSTS": "a.gov,b.gov"},
        "settings.DATABASES['default']['HOST'], settings.DATABASES['default']['PORT'],"
        " settings.ALLOWED_HOSTS, settings.DEBUG",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "db.example 5433 ['a.gov', 'b.gov'] False"


def test_production_refuses_to_start_without_secret_key():
    result = _settings_probe({}, "settings.SECRET_KEY")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_fails_loudly():
    result = _settings_probe({"SECRET_KEY": "x" * 50, "DEBUG": "perhaps"}, "settings.DEBUG")
    assert result.returncode != 0


def test_chinese_and_shanghai_are_the_defaults(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_system_check_is_clean():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
