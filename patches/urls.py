from django.urls import path

from . import views

app_name = "patches"

urlpatterns = [
    path("", views.batch_list, name="batch-list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/export/", views.batch_export, name="batch-export"),
    path("map/", views.geojson, name="geojson"),
    path("<int:pk>/", views.patch_detail, name="detail"),
    path("<int:pk>/photos/", views.add_photo, name="add-photo"),
    path("<int:pk>/judge/", views.judge, name="judge"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/return/", views.return_patch, name="return"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
