from django.urls import path

from . import archive_views, ledger_views, views

app_name = "documents"

urlpatterns = [
    path("case/<int:case_pk>/", views.case_documents_view, name="case-documents"),
    path("case/<int:case_pk>/new/", views.document_create, name="create"),
    path("case/<int:case_pk>/evidence.zip", views.evidence_file, name="evidence"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/issue/", views.document_issue, name="issue"),
    path("<int:pk>/serve/", views.document_serve, name="serve"),
    path("<int:pk>/proof/", views.service_proof, name="proof"),
    path("<int:pk>/proof/add/", views.document_attach_proof, name="attach-proof"),
    path("<int:pk>/correct/", views.document_correct, name="correct"),
    path("<int:pk>/withdraw/", views.document_withdraw, name="withdraw"),
    path("<int:pk>/print/", views.document_print, name="print"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("ledger.xlsx", ledger_views.ledger_export, name="ledger"),
    path("import/", ledger_views.import_upload, name="import"),
    path("import/template.xlsx", ledger_views.import_template, name="import-template"),
    path("import/preview/", ledger_views.import_preview, name="import-preview"),
    path("import/confirm/", ledger_views.import_confirm, name="import-confirm"),
    # 立卷归档 (documents/archive.py)
    path("case/<int:case_pk>/archive/", archive_views.case_archive, name="archive"),
    path("case/<int:case_pk>/archive/assemble/", archive_views.archive_assemble, name="archive-assemble"),
    path("archive/<int:pk>/case-file.pdf", archive_views.archive_download, {"what": "pdf"}, name="archive-pdf"),
    path("archive/<int:pk>/evidence.zip", archive_views.archive_download, {"what": "zip"}, name="archive-zip"),
]
