from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("medvirkning-eller-samskaping/", views.check, name="check"),
    path("oppfolging/", views.load_index, name="load_index"),
    path("oppfolging/<int:organisation_pk>/", views.load, name="load"),
    path("<slug:slug>/", views.page, name="page"),
]
