from django.urls import path

from . import views

app_name = "background_answer"

# Mounted at /vurdering/ beside samson.responses.urls: the participant's private link.
urlpatterns = [
    path("<str:token>/bakgrunn/", views.questions, name="questions"),
]
