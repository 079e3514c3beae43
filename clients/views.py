"""Client screens: thin views that check visibility, call a selector or service, and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from clients import files, selectors, services
from clients.forms import ClientForm, ContactForm, NamedUsersForm, TermsForm
from clients.models import Client, Contact
from clients.sections import render_sections
from core.models import User
from core.permissions import check_action, get_object_for_user_or_404

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


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
    user = _user(request)
    q = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    if status not in Client.Status.values:
        status = ""
    clients = selectors.client_list(user=user, q=q, status=status)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "status": status,
        "statuses": Client.Status.choices,
        "can_add": user.is_admin or user.has_perm("clients.add_client"),
    }
    template = "clients/_client_rows.html" if request.htmx else "clients/index.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def client_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
    client = selectors.client_get(user=user, pk=pk)
    can_change = _allowed(user, client, "change")
    context = {
        "client": client,
        "contacts": selectors.contact_list(user=user, client=client),
        "terms": selectors.terms_history(client=client)[:5],
        "current_terms": selectors.terms_current(client=client),
        "named_users": selectors.client_named_users(client=client) if client.is_confidential else [],
        "timeline": selectors.client_timeline(client=client),
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
    user = _user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    form = ClientForm(request.POST or None, instance=client, user=user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        client.refresh_from_db()  # the form wrote to the instance; the service compares and saves
        try:
            services.client_update(actor=user, client=client, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Client saved.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@login_required
@require_http_methods(["GET", "POST"])
def client_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Name the users who may see a confidential client (guardian grants)."""
    user = _user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    named = selectors.client_named_users(client=client)
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
    user = _user(request)
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
    user = _user(request)
    client = get_object_for_user_or_404(user, Client, "change", pk=pk)
    _require(user, "clients.change_contact")
    contact = Contact.objects.visible_to(user).filter(client=client, pk=contact_pk).first()
    if contact is None:
        raise Http404
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        contact.refresh_from_db()
        try:
            services.contact_update(actor=user, contact=contact, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Contact saved.")
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/contact_form.html", {"form": form, "client": client, "contact": contact})


@login_required
@require_POST
def terms_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
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
