from django.urls import path

from .views import coverage, findings, logs, photos, pledges, projects

app_name = "patrols"

urlpatterns = [
    # Dynamic patrol
    path("logs/", logs.log_list, name="log-list"),
    path("logs/new/", logs.log_create, name="log-create"),
    path("logs/<int:pk>/", logs.log_detail, name="log-detail"),
    path("logs/<int:pk>/withdraw/", logs.log_withdraw, name="log-withdraw"),
    path("findings/", findings.finding_list, name="finding-list"),
    path("findings/new/", findings.finding_create, name="finding-create"),
    path("findings/<int:pk>/", findings.finding_detail, name="finding-detail"),
    path("findings/<int:pk>/dismiss/", findings.finding_dismiss, name="finding-dismiss"),
    path("photos/<int:pk>/", photos.photo, name="photo"),
    path("photos/stage/", photos.photo_stage, name="photo-stage"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("plans/", coverage.plan_list, name="plan-list"),
    path("plans/new/", coverage.plan_create, name="plan-create"),
    path("plans/<int:pk>/", coverage.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", coverage.plan_edit, name="plan-edit"),
    # Farmland pledges
    path("pledges/", pledges.pledge_list, name="pledge-list"),
    path("pledges/new/", pledges.pledge_create, name="pledge-create"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
    path("pledges/<int:pk>/edit/", pledges.pledge_edit, name="pledge-edit"),
    path("pledges/<int:pk>/assess/", pledges.pledge_assess, name="pledge-assess"),
    path("pledges/<int:pk>/scan/", pledges.pledge_scan, name="pledge-scan"),
    # Land project cards
    path("projects/", projects.project_list, name="project-list"),
    path("projects/new/", projects.project_create, name="project-create"),
    path("projects/<int:pk>/", projects.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("projects/<int:pk>/inspect/", projects.project_inspect, name="project-inspect"),
]
