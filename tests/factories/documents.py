import factory
from django.utils import timezone

from documents.models import CaseDocument, DocumentKind

from .cases import ViolationCaseFactory

__all__ = ["CaseDocumentFactory", "serve"]


def serve(case, kind, *, by, on):
    """A document of ``kind`` drafted, issued and served on ``on`` through the services; the case read again."""
    from documents import services

    document = services.create_document(case, by=by, kind=kind)
    services.issue_document(document, by=by, issued_on=on)
    services.serve_document(document, by=by, method="direct", served_on=on, recipient="张三")
    case.refresh_from_db()
    return document


class CaseDocumentFactory(factory.django.DjangoModelFactory):
    """A draft document row (use the services to issue and serve it)."""

    class Meta:
        model = CaseDocument

    case = factory.SubFactory(ViolationCaseFactory)
    township = factory.LazyAttribute(lambda o: o.case.village.township)
    kind = DocumentKind.RECTIFICATION
    party_name = factory.LazyAttribute(lambda o: o.case.party.name)
    location_text = factory.LazyAttribute(lambda o: o.case.location_text)
    facts = "未经批准占用土地建房。"
    legal_basis = "《中华人民共和国土地管理法》第七十七条"
    requirements = "限期拆除。"
    deadline_days = 15
    created_by = factory.LazyAttribute(lambda o: o.case.created_by)
    created_at = factory.LazyFunction(timezone.now)
