from django.urls import path

from clients import views

app_name = "clients"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.client_create, name="create"),
    path("contacts/lookup/", views.contact_lookup, name="contact_lookup"),
    path("contacts/options/", views.contact_options, name="contact_options"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/access/", views.client_access, name="access"),
    path("<int:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path("<int:pk>/contacts/<int:contact_pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/terms/", views.terms_create, name="terms_create"),
    path("<int:pk>/terms/<int:terms_pk>/document/", views.terms_document, name="terms_document"),
]
