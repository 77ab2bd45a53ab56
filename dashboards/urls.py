from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.case_map, name="map"),
    path("map/data/", views.map_data, name="map-data"),
    path("map/coverage/", views.map_coverage, name="map-coverage"),
]
