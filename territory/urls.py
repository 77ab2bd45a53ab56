from django.urls import path

from . import views

app_name = "territory"

# Mounted at /patrols/units/ (landwatch/urls.py), where these pages were before the app existed.
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("layers/", views.layer_list, name="layer-list"),
    path("layers/<int:pk>/geojson/", views.layer_geojson, name="layer-geojson"),
]
