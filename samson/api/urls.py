from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from . import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("projects/", views.ProjectList.as_view(), name="projects"),
    path("projects/<int:pk>/", views.ProjectDetail.as_view(), name="project"),
    path("projects/<int:pk>/rounds/", views.RoundList.as_view(), name="rounds"),
    path("projects/<int:pk>/rounds/<int:round_pk>/", views.RoundDetail.as_view(), name="round"),
    path(
        "projects/<int:pk>/rounds/<int:round_pk>/open/",
        views.RoundOpen.as_view(),
        name="round_open",
    ),
    path(
        "projects/<int:pk>/rounds/<int:round_pk>/close/",
        views.RoundClose.as_view(),
        name="round_close",
    ),
    path(
        "projects/<int:pk>/rounds/<int:round_pk>/results/",
        views.RoundResults.as_view(),
        name="round_results",
    ),
    path("barometer/editions/", views.EditionList.as_view(), name="editions"),
    path(
        "barometer/editions/<int:pk>/estimates/",
        views.EditionEstimates.as_view(),
        name="edition_estimates",
    ),
]
