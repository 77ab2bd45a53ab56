from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/read/", views.read, name="read"),
    path("read-all/", views.read_all, name="read-all"),
]
