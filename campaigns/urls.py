from django.urls import path

from . import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/phases/", views.phases_edit, name="phases"),
    path("<int:pk>/next-year/", views.campaign_next_year, name="next-year"),
    path("<int:pk>/tasks/", views.task_board, name="tasks"),
    path("<int:pk>/tasks/new/", views.task_create, name="task-create"),
    path("<int:pk>/meetings/", views.meeting_list, name="meetings"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/publicity/", views.publicity_list, name="publicity"),
    path("<int:pk>/group/", views.leading_group, name="group"),
    path("<int:pk>/reviews/new/", views.review_create, name="review-create"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report.xlsx", views.report_xlsx, name="report-xlsx"),
    path("tasks/mine/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task-detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task-progress"),
    path("tasks/<int:pk>/status/", views.task_status, name="task-status"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/decisions/", views.decision_add, name="decision-add"),
    path("decisions/<int:pk>/task/", views.decision_task, name="decision-task"),
    path("group-members/<int:pk>/remove/", views.group_member_remove, name="group-member-remove"),
    path("team-members/<int:pk>/remove/", views.team_member_remove, name="team-member-remove"),
]
