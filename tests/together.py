"""Run the same work in several threads that start at the same moment, as two sends of one record
(the page's retry and the worker's sync) or many readers of one page do."""

import contextlib
import threading


def at_once(work, times: int = 2) -> list:
    """``work()``'s answers, called ``times`` times together, each thread with its own database
    connection (closed when it is done)."""
    from django.db import connection

    start = threading.Barrier(times)
    answers = []

    def run():
        try:
            start.wait()
            answers.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@contextlib.contextmanager
def holding(lock):
    """While the block runs, another thread's transaction holds what ``lock()`` locked (its own
    database connection, closed when the block ends)."""
    from django.db import connection, transaction

    held, release, failed = threading.Event(), threading.Event(), []

    def hold() -> None:
        try:
            with transaction.atomic():
                lock()
                held.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 (raised in the caller's thread below)
            failed.append(error)
            held.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10) and not failed, failed
        yield
    finally:
        release.set()
        thread.join()


@contextlib.contextmanager
def lock_timeout(value: str):
    """The test's own connection gives up waiting on a lock after ``value`` (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{value}'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
