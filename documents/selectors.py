"""Reads of case documents, scoped by who is asking (the scope of the document's case)."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from cases.models import ViolationCase
from cases.selectors import get_case_for_user, handed_over_q
from territory.selectors import unit_scope_q

from .models import CaseDocument, DocumentStatus


def documents_visible_to(user: AbstractBaseUser | AnonymousUser) -> QuerySet[CaseDocument]:
    if not user.is_authenticated:
        return CaseDocument.objects.none()
    return CaseDocument.objects.filter(unit_scope_q(user, "case__village") | handed_over_q(user, "case"))


def get_document_for_user(user, pk: int, *, perm: str | None = None) -> CaseDocument:
    """The document, 404 when the user may not see its case, PermissionDenied when ``perm`` is refused.

    ``perm`` is ``"documents.issue"`` (issue, correct, withdraw) or ``"documents.serve"``
    (record service); editing asks ``rules.draft_perm`` of the document's kind. The services
    check it again.
    """
    document = get_object_or_404(
        documents_visible_to(user).select_related(
            "case", "case__party", "case__village", "case__village__township", "case__authority", "township", "issuer",
            "issued_by",
            "created_by", "withdrawn_by", "supersedes", "service", "service__recorded_by",
        ),
        pk=pk,
    )
    if perm is not None and not user.has_perm(perm, document.case):
        raise PermissionDenied
    return document


def get_case_for_documents(user, pk: int, *, perm: str | None = None) -> ViolationCase:
    """The case (404 for outsiders through the cases helper), PermissionDenied when ``perm`` is refused."""
    case = get_case_for_user(user, pk)
    if perm is not None and not user.has_perm(perm, case):
        raise PermissionDenied
    return case


def case_documents(case: ViolationCase) -> list[CaseDocument]:
    """A case's documents in the order they were drafted, with their service, the document each
    corrects and the 听证 presiding officer (one query): the documents panel, and the case page's
    procedure panels from the same list (``cases.selectors.CaseRecord``)."""
    return list(
        case.documents.select_related("issued_by", "service", "supersedes", "presiding").order_by("created_at", "id")
    )


def served_in_order(documents: list[CaseDocument], kinds) -> list[CaseDocument]:
    """The served documents of ``kinds`` among a case's ``documents`` (``case_documents``), in the
    order of their service: its day, then its id (a service record is append-only; the order of
    ``cases.penalty.SERVICE_ORDER``)."""
    return sorted((d for d in documents if d.kind in kinds and d.status == DocumentStatus.SERVED and d.service),
                  key=lambda d: (d.service.served_on, d.service.pk))


def open_documents(case: ViolationCase) -> list[CaseDocument]:
    return [d for d in case_documents(case) if d.status in (DocumentStatus.ISSUED, DocumentStatus.SERVED)]
