"""The demo's reminders: what today's demo data has falling due, sent as the command would (no e-mail, no SMS)."""

from .services import send_reminders


def load_reminders(*, stdout) -> None:
    sent = send_reminders(deliver=False)
    stdout.write(f"  reminders: {sent.reminders} sent, {sent.items} inbox items")
