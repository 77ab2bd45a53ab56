"""The migration steps of the tables the database keeps by triggers (``cases/summary.py``,
``patrols/kept_counts.py``): installing the triggers with the first fill, and pausing them on
SQLite around a migration that rebuilds a table they name.

Each module gives its own ``install(connection)`` (create the triggers, fill the tables afresh)
and ``uninstall(connection)`` (drop the triggers); the steps here are the same for both.
"""

from django.db import migrations


class _Step:
    """A ``RunPython`` function: ``apply(connection)``, on every database or on SQLite only."""

    def __init__(self, apply, *, sqlite_only: bool = False) -> None:
        self.apply, self.sqlite_only = apply, sqlite_only

    def __call__(self, apps, schema_editor) -> None:
        if not self.sqlite_only or schema_editor.connection.vendor == "sqlite":
            self.apply(schema_editor.connection)


def installed(install, uninstall) -> migrations.RunPython:
    """A migration's step that creates the triggers (again: a table added, a trigger changed) and
    fills the tables afresh, in the migration's transaction. Back: the triggers go (they would
    write a table the step before may drop); the next migrate forward installs them again."""
    return migrations.RunPython(_Step(install), _Step(uninstall), elidable=False)


def paused_on_sqlite(install, uninstall, *operations) -> list:
    """A migration's ``operations`` with the SQLite triggers dropped before and re-created after.

    SQLite alters most columns by copying the table to a new one, dropping the old and renaming:
    a trigger on the old table goes with it, and one that names it in its body fails the
    migration ("no such table"). The re-creation fills the tables again, so a data step inside
    is counted too. PostgreSQL alters in place and is left alone.
    """
    drop, create = _Step(uninstall, sqlite_only=True), _Step(install, sqlite_only=True)
    return [
        migrations.RunPython(drop, create, elidable=False),
        *operations,
        migrations.RunPython(create, drop, elidable=False),
    ]
