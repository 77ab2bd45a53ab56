"""Backup and restore around pg_dump / pg_restore, with a fingerprint to prove a round trip.

A backup is a folder: ``database.dump`` (pg_dump custom format), ``media.tar`` (the stored
evidence files) and ``manifest.json`` (row count and content checksum of every table at
dump time). ``restore`` loads a backup into an empty database and compares the same
fingerprint, so a restore that lost a row says so instead of passing in silence.
"""

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def pg_params(db: dict) -> dict:
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("Backup and restore work on PostgreSQL (the production database).")
    return {
        "dbname": db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }


def _env(params: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("user", "PGUSER"), ("password", "PGPASSWORD"), ("host", "PGHOST"), ("port", "PGPORT")):
        if params[key]:
            env[var] = params[key]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for root in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (root / name).exists():
            return str(root / name)
    raise ImproperlyConfigured(
        f"{name} was not found; install the PostgreSQL client (apt-get install postgresql-client)."
    )


def fingerprint(params: dict) -> dict[str, dict]:
    """Row count and an order-independent content checksum of every table in public."""
    conn = psycopg2.connect(**{k: v for k, v in params.items() if v})
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cur.fetchall()]
            result = {}
            for table in tables:
                cur.execute(
                    "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '')"
                    f' FROM "{table}" t'
                )
                count, checksum = cur.fetchone()
                result[table] = {"rows": count, "checksum": checksum}
            return result
    finally:
        conn.close()


def backup(target: Path, *, db: dict | None = None) -> Path:
    db = db or settings.DATABASES["default"]
    params = pg_params(db)
    target.mkdir(parents=True, exist_ok=False)
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target / "database.dump"), params["dbname"]],
        env=_env(params),
        check=True,
    )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar", "w") as tar:
        if media.is_dir():
            tar.add(media, arcname="media")
    manifest = {"format": 1, "tables": fingerprint(params)}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return target


def restore(source: Path, *, db: dict | None = None, media_root: Path | None = None) -> dict[str, dict]:
    """Restore into ``db`` (which must be empty); return the tables whose fingerprint differs."""
    db = db or settings.DATABASES["default"]
    params = pg_params(db)
    subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", params["dbname"],
         str(source / "database.dump")],
        env=_env(params),
        check=True,
    )
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tarfile.open(source / "media.tar") as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("media/") and m.isfile()]
        for member in members:
            member.name = member.name[len("media/") :]
        tar.extractall(media_root, members=members, filter="data")
    expected = json.loads((source / "manifest.json").read_text(encoding="utf-8"))["tables"]
    actual = fingerprint(params)
    return {
        table: {"expected": expected.get(table), "actual": actual.get(table)}
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    }
