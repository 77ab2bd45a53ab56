from django.urls import path

from . import referral_views, views
from .transitions import TRANSITIONS

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("mine/", views.case_mine, name="mine"),
    path("register/", views.case_register, name="register"),
    path("register/finding/<int:finding_pk>/", views.case_register_from_finding, name="register-from-finding"),
    path("register/patch/<int:patch_pk>/", views.case_register_from_patch, name="register-from-patch"),
    path("<int:pk>/outline/", views.case_outline, name="outline"),
    path("assign/", views.bulk_assign, name="bulk-assign"),
    path("parties/<int:pk>/", views.party_detail, name="party-detail"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/facts/", views.case_edit_facts, name="edit-facts"),
    path("<int:pk>/enforcement/", views.enforcement_add, name="enforcement-add"),
    path("<int:pk>/disciplinary/", views.disciplinary_add, name="disciplinary-add"),
    path("<int:pk>/evidence/", views.attachment_add, name="attachment-add"),
    path("<int:pk>/evidence/<int:attachment_pk>/", views.attachment_file, name="attachment-file"),
    path("<int:pk>/note/", views.note_add, name="note-add"),
    path("<int:pk>/records/new/", views.record_add, name="record-add"),
    path("<int:pk>/campaign/", views.campaign_attach, name="campaign-attach"),
    path("<int:pk>/campaign/detach/", views.campaign_detach, name="campaign-detach"),
    # 移送公安 (cases/referrals.py).
    path("<int:pk>/referrals/new/", referral_views.referral_add, name="referral-add"),
    path("<int:pk>/referrals/<int:referral_pk>/answer/", referral_views.referral_answer, name="referral-answer"),
]

# One URL per transition of the table, named after it: cases:self-correct, cases:reopen …
# ("defer" and "close_no_action" are reached through cases:decide).
urlpatterns += [
    path(f"<int:pk>/{t.name.replace('_', '-')}/", views.case_transition, {"name": t.name},
         name=t.name.replace("_", "-"))
    for t in TRANSITIONS.values()
    if t.name in views.TRANSITION_FORMS
]

# Review, notice, hearing and decision (cases/penalty_views.py): cases:legal-review, cases:decide-penalty …
from . import penalty_views  # noqa: E402

urlpatterns += [
    path(f"<int:pk>/{name.replace('_', '-')}/", penalty_views.penalty_step, {"name": name},
         name=name.replace("_", "-"))
    for name in penalty_views.STEPS
]

# Fines, payment and confiscation (cases/fine_views.py; issue 20).
from . import fine_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/fine/payment/", fine_views.fine_payment, name="fine-payment"),
    path("<int:pk>/fine/arrangement/", fine_views.fine_arrangement, name="fine-arrangement"),
    path("<int:pk>/confiscation/handover/", fine_views.confiscation_handover, name="confiscation-handover"),
]

# Enforcement through the court (cases/enforcement_views.py): cases:apply-to-court, cases:court-ruling …
from . import enforcement_views  # noqa: E402

urlpatterns += [
    path(f"<int:pk>/{name.replace('_', '-')}/", enforcement_views.enforcement_step, {"name": name},
         name=name.replace("_", "-"))
    for name in enforcement_views.STEPS
]

# 公示 of the penalty decision (cases/publicity_views.py).
from . import publicity_views  # noqa: E402

urlpatterns += [
    path("<int:pk>/publication/new/", publicity_views.publication_add, name="publication-add"),
    path("<int:pk>/publication/<int:publication_pk>/correct/", publicity_views.publication_add,
         name="publication-correct"),
    path("<int:pk>/publication/<int:publication_pk>/withdraw/", publicity_views.publication_withdraw,
         name="publication-withdraw"),
    path("<int:pk>/publication/<int:publication_pk>/print/", publicity_views.publication_print,
         name="publication-print"),
    path("publications/export/", publicity_views.publication_export, name="publication-export"),
]
