"""Service home, "you said, we did", email templates (managers). The public survey page
is the portal's (portal/views/answers.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from clients.models import Client
from core.http import parse_id, request_user
from core.permissions import get_object_for_user_or_404
from engagement.forms import EmailTemplateForm, ImprovementForm
from engagement.models import EmailTemplate, FeedbackRequest, FeedbackResponse, Improvement
from engagement.selectors.cadence import candidate_overdue_list, client_overdue_list
from engagement.selectors.complaints import complaint_counts_get, complaint_list, improvement_list
from engagement.selectors.feedback import nps_breakdown_list, nps_summary_get
from engagement.services.communications import (
    DEFAULT_TEMPLATES,
    email_template_create,
    email_template_delete,
    email_template_get_or_create,
    email_template_update,
)
from engagement.services.complaints import improvement_create, improvement_set_status
from engagement.views.common import require


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    mine_candidates = Candidate.objects.visible_to(user).filter(owner=user)
    mine_clients = Client.objects.visible_to(user).filter(owner=user)
    responses = FeedbackResponse.objects.visible_to(user)
    return render(
        request,
        "engagement/index.html",
        {
            "overdue_candidates": list(candidate_overdue_list(base=mine_candidates)[:50]),
            "overdue_clients": list(client_overdue_list(base=mine_clients)[:50]),
            "complaints": complaint_counts_get(complaints=complaint_list(user=user, show="all")),
            "nps": nps_summary_get(responses=responses),
            "nps_by_stage": [
                {**row, "key": FeedbackRequest.Stage(row["key"]).label}
                for row in nps_breakdown_list(responses=responses, field="stage")
            ],
            "nps_by_client": nps_breakdown_list(responses=responses, field="client__name"),
            "nps_by_recruiter": nps_breakdown_list(responses=responses, field="owner__username"),
            "comments": list(responses.exclude(comment="").select_related("client")[:10]),
        },
    )


@login_required
def improvements(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_improvement")
    client_id = request.GET.get("client", "")
    client_filter = parse_id(client_id)
    # "You said, we did" from a survey comment: the improvement links the feedback that prompted it.
    feedback_id = parse_id(request.POST.get("feedback") or request.GET.get("feedback"))
    feedback = (
        FeedbackResponse.objects.visible_to(user).filter(pk=feedback_id).first() if feedback_id else None
    )
    initial = {"you_said": feedback.comment, "client": feedback.client_id} if feedback else {}
    form = ImprovementForm(request.POST if request.method == "POST" else None, user=user, initial=initial)
    if request.method == "POST":
        require(user, "engagement.add_improvement")
        if form.is_valid():
            try:
                improvement_create(actor=user, feedback=[feedback] if feedback else None, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, "Improvement added.")
                return redirect("engagement:improvements")
    return render(
        request,
        "engagement/improvements.html",
        {
            "improvements": improvement_list(user=user, client=client_filter),
            "form": form,
            "clients": Client.objects.visible_to(user).only("pk", "name"),
            "client_filter": client_filter,
            "feedback": feedback,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def improvement_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    improvement = get_object_for_user_or_404(user, Improvement, "change", pk=pk)
    status = request.POST.get("status", "")
    if status in Improvement.Status.values:
        improvement_set_status(actor=user, improvement=improvement, status=status)
    return redirect("engagement:improvements")


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.view_emailtemplate")
    for code in DEFAULT_TEMPLATES:
        email_template_get_or_create(code=code)
    return render(request, "engagement/templates.html", {"templates": EmailTemplate.objects.all()})


def _template_errors(form: EmailTemplateForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def template_new(request: HttpRequest) -> HttpResponse:
    """Managers add templates (merge fields checked); recruiters only use them in the composer."""
    user = request_user(request)
    require(user, "engagement.add_emailtemplate")
    form = EmailTemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            email_template_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            _template_errors(form, exc)
        else:
            messages.success(request, "Template added: recruiters can start from it in the composer.")
            return redirect("engagement:templates")
    return render(
        request,
        "engagement/template_form.html",
        {"form": form, "template": None},
        status=422 if form.errors else 200,
    )


@login_required
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.change_emailtemplate")
    template = get_object_or_404(EmailTemplate, pk=pk)
    form = EmailTemplateForm(request.POST if request.method == "POST" else None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            email_template_update(actor=user, template=template, **form.cleaned_data)
        except ValidationError as exc:
            _template_errors(form, exc)
        else:
            messages.success(request, "Template saved.")
            return redirect("engagement:templates")
    return render(
        request,
        "engagement/template_form.html",
        {
            "form": form,
            "template": template,
            "can_delete": template.code not in DEFAULT_TEMPLATES
            and user.has_perm("engagement.delete_emailtemplate"),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(user, "engagement.delete_emailtemplate")
    template = get_object_or_404(EmailTemplate, pk=pk)
    try:
        email_template_delete(actor=user, template=template)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Template deleted.")
    return redirect("engagement:templates")
