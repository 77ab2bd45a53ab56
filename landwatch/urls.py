from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

handler403 = "landwatch.security.permission_denied"
handler500 = "landwatch.dbdown.server_error"  # 503 while the database is unreachable

admin.site.site_header = "LandWatch 土地监察整改管理系统"
admin.site.site_title = "LandWatch"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    path("offline/", views.offline, name="offline"),
    path("session/", views.session_state, name="session"),
    path("floor/", views.floor, name="floor"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("patrols/units/", include("territory.urls")),  # the territory's pages kept their address
    path("patrols/", include("patrols.urls")),
    path("patches/", include("patches.urls")),
    path("cases/", include("cases.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("documents/", include("documents.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("reminders/", include("reminders.urls")),
    path("reports/", include("reports.urls")),
]
