from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("ny/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/parter/", views.project_parties, name="parties"),
    path("<int:pk>/inviter/", views.facilitator_invite, name="invite"),
    path("<int:pk>/malinger/ny/", views.round_create, name="round_create"),
    path("<int:pk>/malinger/<int:round_pk>/", views.round_detail, name="round"),
    path("<int:pk>/malinger/<int:round_pk>/status/", views.round_state, name="round_state"),
    path("<int:pk>/malinger/<int:round_pk>/lukk/", views.round_close, name="round_close"),
    path(
        "<int:pk>/malinger/<int:round_pk>/oppfolging/",
        views.round_follow_up,
        name="round_follow_up",
    ),
]
