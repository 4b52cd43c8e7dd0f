from django.urls import path

from . import views

app_name = "participation"

urlpatterns = [
    path("", views.join, name="join"),
    path("<str:code>/", views.project, name="project"),
    path("<str:code>/takk/<str:token>/", views.thanks, name="thanks"),
]
