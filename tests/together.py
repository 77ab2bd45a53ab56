"""Run the same work in several threads that start at the same moment, as two sends of one record
(the page's retry and the worker's sync) or many readers of one page do."""

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
