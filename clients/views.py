"""Client screens: thin views that check visibility, call a selector or service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients import files, selectors, services
from clients.filtersets import ClientFilterSet
from clients.forms import ClientForm, ClientIdForm, ContactForm, NamedUsersForm, TermsForm
from clients.models import Client, Contact
from clients.sections import render_sections
from core.http import request_user
from core.models import User
from core.permissions import check_action, get_object_for_user_or_404
from core.versioning import StaleRecord
from core.widgets import pick_query, pick_response

PAGE_SIZE = 50


def _require(user: User, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied


def _apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    # The API's FilterSet: a value it cannot read (a status not in the list, an id like "²") is
    # left out of the filtering, never a 500.
    filterset = ClientFilterSet(request.GET, queryset=selectors.client_list(user=user))
    filterset.is_valid()  # cleans the form: cleaned_data keeps the values that could be read
    filters = filterset.form.cleaned_data
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": filters.get("q") or "",
        "status": filters.get("status") or "",
        "statuses": Client.Status.choices,
        "can_add": user.is_admin or user.has_perm("clients.add_client"),
    }
    template = "clients/_client_rows.html" if request.htmx else "clients/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(user, "clients.add_client")
    form = ClientForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Client added.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": None})


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    client = selectors.client_get(user=user, pk=pk)
    can_change = _allowed(user, client, "change")
    context = {
        "client": client,
        "contacts": selectors.contact_list(user=user, client=client),
        "terms": selectors.terms_list(client=client)[:5],
        "current_terms": selectors.terms_current_get(client=client),
        "named_users": selectors.client_named_user_list(client=client) if client.is_confidential else [],
        "timeline": selectors.client_audit_list(client=client),
        "sections": render_sections(request, client),
        "can_change": can_change,
        "terms_form": TermsForm() if can_change else None,
    }
    return render(request, "clients/detail.html", context)


def _allowed(user: User, obj: Any, action: str) -> bool:
    try:
        check_action(user, obj, action)
    except PermissionDenied:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    form = ClientForm(request.POST or None, instance=client, user=user)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Only what this person changed, at the version they read (core.versioning).
        data = {name: form.cleaned_data[name] for name in form.edited_fields()}
        try:
            services.client_update(actor=user, client=client, expected_updated_at=form.read_version(), **data)
        except StaleRecord as exc:
            form, status = form.conflict_form(exc.current, user=user), 409
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Client saved.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def client_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the users who may see a confidential client (guardian grants)."""
    user = request_user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    named = selectors.client_named_user_list(client=client)
    form = NamedUsersForm(request.POST or None, actor=user, named=named, initial={"users": named})
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["users"])
        if not user.is_admin and user not in chosen and client.is_confidential:
            form.add_error("users", "Keep yourself on the list, or you will lose access to this client.")
        else:
            services.client_set_named_users(actor=user, client=client, users=chosen)
            messages.success(request, "Access updated.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/access_form.html", {"form": form, "client": client})


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    _require(user, "clients.add_contact")
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(actor=user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Contact added.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/contact_form.html", {"form": form, "client": client, "contact": None})


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    user = request_user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    _require(user, "clients.change_contact")
    contact = Contact.objects.visible_to(user).filter(client=client, pk=contact_pk).first()
    if contact is None:
        raise Http404
    form = ContactForm(request.POST or None, instance=contact)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.edited_fields()}
        try:
            services.contact_update(
                actor=user, contact=contact, expected_updated_at=form.read_version(), **data
            )
        except StaleRecord as exc:
            form, status = form.conflict_form(exc.current), 409
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Contact saved.")
            return redirect("clients:detail", pk=client.pk)
    context = {"form": form, "client": client, "contact": contact}
    return render(request, "clients/contact_form.html", context, status=status)


@login_required
@require_POST
def terms_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    _require(user, "clients.add_termsofbusiness")
    form = TermsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.terms_create(actor=user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Terms of business recorded.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/terms_form.html", {"form": form, "client": client}, status=400)


@login_required
def terms_document(request: HttpRequest, pk: int, terms_pk: int) -> HttpResponseBase:
    """The signed document, only for users who can see the client; never from a public URL."""
    user = request_user(request)
    client = selectors.client_get(user=user, pk=pk)
    terms = client.terms.filter(pk=terms_pk).exclude(document="").first()
    if terms is None:
        raise Http404
    try:
        handle = terms.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = terms.document_kind or "pdf"
    return files.document_response(handle, kind=kind, download_name=f"terms-{client.pk}-{terms.pk}.{kind}")


def _client_id(data: Any) -> int | None:
    form = ClientIdForm(data)
    if not form.is_valid():
        return None
    return form.cleaned_data.get("client") or form.cleaned_data.get("depends")


@login_required
@require_POST
def contact_lookup(request: HttpRequest) -> JsonResponse:
    """The contact picker (core.widgets.RecordPicker): POST, so names typed stay out of URLs."""
    q = pick_query(request)
    found = selectors.contact_pick_list(user=request_user(request), q=q, client_id=_client_id(request.POST))
    return pick_response(
        (c.pk, c.full_name, " · ".join(filter(None, [c.job_title, c.client.name]))) for c in found
    )


@login_required
def contact_options(request: HttpRequest) -> HttpResponse:
    """htmx: a vacancy form's contact <option>s for the client just chosen (only its own contacts)."""
    user = request_user(request)
    client_id = _client_id(request.GET)
    if client_id is not None:
        selectors.client_get(user=user, pk=client_id)  # 404 for a client the user cannot see
    contacts = list(selectors.client_contact_choices(user=user, client_id=client_id)[:200])
    hirers = [c.pk for c in contacts if c.is_hiring_manager]
    if not hirers and len(contacts) == 1:
        hirers = [contacts[0].pk]  # a client's only contact is its hirer
    context = {"contacts": contacts, "client_id": client_id, "hirer": hirers[0] if hirers else None}
    return render(request, "clients/_contact_options.html", context)
