from django.urls import path

from . import views

app_name = "responses"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("<str:token>/", views.resume, name="resume"),
    path("<str:token>/side/<int:number>/", views.page, name="page"),
    path("<str:token>/resultat/", views.result, name="result"),
    path("<str:token>/prosjekt/", views.project_from_result, name="project_from_result"),
]
