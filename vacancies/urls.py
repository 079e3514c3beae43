from django.urls import path

from vacancies import views

app_name = "vacancies"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/status/", views.vacancy_status, name="status"),
]
