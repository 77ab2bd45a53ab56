"""Choice labels read from a dict built once still follow the active language and show unknown values."""

from django.utils import translation

from cases.models import CaseEvent, CaseStatus, EventKind, ViolationCase


def test_labels_follow_the_active_language_and_an_unknown_value_shows_as_itself():
    case = ViolationCase(status=CaseStatus.NOTIFIED, category="commercial")
    event = CaseEvent(kind=EventKind.REGISTERED, to_status=CaseStatus.REGISTERED)
    with translation.override("en"):
        assert case.get_status_display() == str(CaseStatus.NOTIFIED.label)
        english = (case.get_status_display(), event.get_kind_display(), event.get_to_status_display())
    with translation.override("zh-hans"):
        chinese = (case.get_status_display(), event.get_kind_display(), event.get_to_status_display())
        assert case.get_category_display() == "经营性违法用地"
    assert all(isinstance(label, str) for label in english + chinese)
    assert all(en != zh for en, zh in zip(english, chinese, strict=True))
    case.status = "no_such_status"
    assert case.get_status_display() == "no_such_status"
