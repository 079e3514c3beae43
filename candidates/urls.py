from django.urls import path

from candidates import views

app_name = "candidates"
urlpatterns = [
    path("", views.index, name="index"),
]
