"""Backup → restore into a fresh database → every table's rows and checksum equal."""

import pytest
from django.core.management import call_command
from django.db import connection

from landwatch import backup as backup_module

pytestmark = pytest.mark.django_db(transaction=True)


def _params_for(dbname: str) -> dict:
    params = backup_module.pg_params(connection.settings_dict)
    return {**params, "dbname": dbname}


@pytest.fixture
def fresh_database():
    import psycopg2

    admin = psycopg2.connect(**{k: v for k, v in _params_for("postgres").items() if v})
    admin.autocommit = True
    name = "landwatch_restore_check"
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    yield name
    with admin.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.close()


def test_round_trip_keeps_every_row(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "cases").mkdir(parents=True)
    (tmp_path / "media" / "cases" / "photo.jpg").write_bytes(b"\xff\xd8\xff evidence")
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))

    target = backup_module.backup(tmp_path / "backup")
    manifest_tables = (target / "manifest.json").read_text()
    assert "territory_responsibilityunit" in manifest_tables

    restored_media = tmp_path / "restored-media"
    db = {**connection.settings_dict, "NAME": fresh_database}
    differences = backup_module.restore(target, db=db, media_root=restored_media)
    assert differences == {}
    assert (restored_media / "cases" / "photo.jpg").read_bytes() == b"\xff\xd8\xff evidence"
    original = backup_module.fingerprint(_params_for(connection.settings_dict["NAME"]))
    assert original["territory_responsibilityunit"]["rows"] > 10
    assert backup_module.fingerprint(_params_for(fresh_database)) == original


def test_a_tampered_backup_is_reported(tmp_path, settings, fresh_database):
    import json

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("loaddemo", allow_production=True, stdout=open("/dev/null", "w"))
    target = backup_module.backup(tmp_path / "backup")
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["tables"]["auth_user"]["rows"] += 1
    (target / "manifest.json").write_text(json.dumps(manifest))
    db = {**connection.settings_dict, "NAME": fresh_database}
    differences = backup_module.restore(target, db=db, media_root=tmp_path / "m2")
    assert list(differences) == ["auth_user"]
