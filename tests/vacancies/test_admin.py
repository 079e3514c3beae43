from django.urls import reverse

from vacancies.models import RejectionReason


def test_admin_edits_the_rejection_reason_list(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:vacancies_rejectionreason_changelist")).status_code == 200
    response = client.post(
        reverse("admin:vacancies_rejectionreason_add"),
        {"code": "overqualified", "label": "Overqualified for the role", "is_active": "on", "position": "3"},
    )
    assert response.status_code == 302
    assert RejectionReason.objects.get(code="overqualified").label == "Overqualified for the role"
    for name in ["clients_client", "clients_contact", "clients_termsofbusiness", "vacancies_vacancy"]:
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_recruiter_cannot_reach_the_admin(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("admin:vacancies_rejectionreason_changelist")).status_code == 302
