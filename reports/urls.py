from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # Public: no account.
    path("new/", views.report_submit, name="submit"),
    path("receipt/", views.report_receipt, name="receipt"),
    path("status/", views.report_status, name="status"),
    # The township office and above.
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/accept/", views.report_accept, name="accept"),
    path("<int:pk>/merge/", views.report_merge, name="merge"),
    path("<int:pk>/dismiss/", views.report_dismiss, name="dismiss"),
    path("<int:pk>/reply/", views.report_reply, name="reply"),
    path("photos/<int:pk>/", views.report_photo, name="photo"),
]
