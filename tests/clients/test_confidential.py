"""A confidential client is visible only to the users named on it (guardian grants) — everywhere."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from clients import services
from clients.models import Client, Contact
from clients.selectors import client_named_user_list
from tests.factories.clients import ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Vacancy


def test_creator_is_named_and_sees_it_and_an_unnamed_teammate_does_not(secret_client, recruiter, teammate):
    assert client_named_user_list(client=secret_client) == [recruiter]
    assert Client.objects.visible_to(recruiter).filter(pk=secret_client.pk).exists()
    assert not Client.objects.visible_to(teammate).filter(pk=secret_client.pk).exists()


def test_unnamed_teammate_gets_404_everywhere(client, api_as, secret_client, recruiter, teammate):
    contact = ContactFactory(client=secret_client)
    vacancy = VacancyFactory(client=secret_client)
    client.force_login(teammate)
    for url in [
        reverse("clients:detail", args=[secret_client.pk]),
        reverse("clients:edit", args=[secret_client.pk]),
        reverse("clients:access", args=[secret_client.pk]),
        reverse("clients:contact_create", args=[secret_client.pk]),
        reverse("clients:contact_edit", args=[secret_client.pk, contact.pk]),
        reverse("vacancies:detail", args=[vacancy.pk]),
        reverse("vacancies:edit", args=[vacancy.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    listing = client.get(reverse("clients:index"), {"q": "Falcon"}).content.decode()
    assert "Project Falcon" not in listing and "No clients match" in listing
    link = reverse("vacancies:detail", args=[vacancy.pk])
    assert f'href="{link}"' not in client.get(reverse("vacancies:index")).content.decode()
    assert f'href="{link}"' not in client.get(reverse("vacancies:index"), {"q": "Falcon"}).content.decode()

    api = api_as(teammate)
    assert api.get(f"/api/v1/clients/{secret_client.pk}/").status_code == 404
    assert api.patch(f"/api/v1/clients/{secret_client.pk}/", {"name": "x"}, format="json").status_code == 404
    assert api.get(f"/api/v1/contacts/{contact.pk}/").status_code == 404
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/").status_code == 404
    assert api.get("/api/v1/clients/", {"q": "Falcon"}).json()["count"] == 0
    assert api.get("/api/v1/contacts/").json()["count"] == 0
    assert api.get("/api/v1/vacancies/").json()["count"] == 0
    # Nor can it be used by id as if it were there.
    response = api.post(
        "/api/v1/contacts/", {"client": secret_client.pk, "first_name": "A", "last_name": "B"}
    )
    assert response.status_code == 400 and "client" in response.json()
    response = api.post("/api/v1/vacancies/", {"client": secret_client.pk, "title": "X"}, format="json")
    assert response.status_code == 400 and "client" in response.json()


def test_named_user_sees_it_everywhere(client, api_as, secret_client, recruiter):
    contact = ContactFactory(client=secret_client, first_name="Zara")
    vacancy = VacancyFactory(client=secret_client, title="Chief Falcon Officer")
    client.force_login(recruiter)
    page = client.get(reverse("clients:detail", args=[secret_client.pk])).content.decode()
    assert "Confidential" in page and "Zara" in page and "Chief Falcon Officer" in page
    assert "Project Falcon" in client.get(reverse("clients:index"), {"q": "falcon"}).content.decode()
    api = api_as(recruiter)
    assert api.get(f"/api/v1/clients/{secret_client.pk}/").json()["is_confidential"] is True
    assert api.get(f"/api/v1/contacts/{contact.pk}/").status_code == 200
    assert api.get(f"/api/v1/vacancies/{vacancy.pk}/").status_code == 200
    assert (
        api.patch(f"/api/v1/clients/{secret_client.pk}/", {"sector": "Aviation"}, format="json").status_code
        == 200
    )


def test_naming_a_teammate_through_the_access_page_opens_it_to_them(
    client, secret_client, recruiter, teammate
):
    client.force_login(recruiter)
    page = client.get(reverse("clients:access", args=[secret_client.pk])).content.decode()
    assert escape(teammate.display_name) in page
    response = client.post(
        reverse("clients:access", args=[secret_client.pk]), {"users": [recruiter.pk, teammate.pk]}
    )
    assert response.status_code == 302
    assert Client.objects.visible_to(teammate).filter(pk=secret_client.pk).exists()
    vacancy = VacancyFactory(client=secret_client)
    assert Vacancy.objects.visible_to(teammate).filter(pk=vacancy.pk).exists()
    # Taking the name off closes it again.
    client.post(reverse("clients:access", args=[secret_client.pk]), {"users": [recruiter.pk]})
    assert not Client.objects.visible_to(teammate).filter(pk=secret_client.pk).exists()
    assert not Vacancy.objects.visible_to(teammate).filter(pk=vacancy.pk).exists()


def test_access_page_will_not_let_you_remove_yourself(client, secret_client, recruiter, teammate):
    client.force_login(recruiter)
    response = client.post(reverse("clients:access", args=[secret_client.pk]), {"users": [teammate.pk]})
    assert response.status_code == 200 and "Keep yourself on the list" in response.content.decode()


def test_named_user_from_another_team_sees_it_but_the_teams_others_do_not(secret_client, recruiter, outsider):
    services.client_set_named_users(actor=recruiter, client=secret_client, users=[recruiter, outsider])
    assert Client.objects.visible_to(outsider).filter(pk=secret_client.pk).exists()
    contact = ContactFactory(client=secret_client)
    assert Contact.objects.visible_to(outsider).filter(pk=contact.pk).exists()


def test_marking_an_existing_client_confidential_hides_it_and_its_vacancies(
    acme, recruiter, teammate, admin_user
):
    vacancy = VacancyFactory(client=acme)
    assert Vacancy.objects.visible_to(teammate).filter(pk=vacancy.pk).exists()
    services.client_update(actor=recruiter, client=acme, is_confidential=True)
    assert not Client.objects.visible_to(teammate).filter(pk=acme.pk).exists()
    assert not Vacancy.objects.visible_to(teammate).filter(pk=vacancy.pk).exists()
    assert Vacancy.objects.visible_to(recruiter).filter(pk=vacancy.pk).exists()
    assert Vacancy.objects.visible_to(admin_user).filter(pk=vacancy.pk).exists()


def test_admin_sees_confidential_clients(api_as, secret_client, admin_user):
    assert api_as(admin_user).get(f"/api/v1/clients/{secret_client.pk}/").status_code == 200
