from django.urls import path

from . import views, views_data, views_design, views_queue

app_name = "barometer"

urlpatterns = [
    path("", views.edition_list, name="list"),
    path("<int:pk>/", views.edition_detail, name="edition"),
    path("<int:pk>/syntetisk/", views.synthetic_load, name="synthetic"),
    path("<int:pk>/populasjon/", views.frame, name="frame"),
    path(
        "<int:pk>/populasjon/organisasjoner/",
        views.frame_from_organisations,
        name="frame_organisations",
    ),
    path("<int:pk>/import/", views.import_upload, name="import"),
    path("<int:pk>/import/<int:pending_pk>/", views.import_map, name="import_map"),
    path(
        "<int:pk>/importert/<int:import_pk>/",
        views_data.import_respondents,
        name="import_respondents",
    ),
    path(
        "<int:pk>/importert/<int:import_pk>/slett/", views_data.import_delete, name="import_delete"
    ),
    path(
        "<int:pk>/enhet/<int:respondent_pk>/slett/",
        views_data.respondent_delete,
        name="respondent_delete",
    ),
    path("<int:pk>/slett/", views_data.edition_delete, name="edition_delete"),
    path("<int:pk>/invitasjoner/", views.invitations, name="invitations"),
    path("<int:pk>/estimater/", views.estimates_page, name="estimates"),
    path("<int:pk>/design/", views_design.design, name="design"),
    path("<int:pk>/sammenlign/", views.compare, name="compare"),
    path("<int:pk>/eksport/<str:what>.<str:fmt>", views.export, name="export"),
    path("svar/<str:token>/", views.answer, name="answer"),
    path("svar/<str:token>/side/<int:number>/", views.answer_page, name="answer_page"),
    path("svar/<str:token>/takk/", views.answer_done, name="answer_done"),
    path("<int:pk>/innovasjonstesten/", views_queue.test_queue, name="test_queue"),
    path("innovasjonstesten/", views_queue.innovation_test, name="innovation_test"),
]
