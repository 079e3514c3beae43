"""The public face's forms, by area: the careers site's search and application (`careers`), the
candidate portal's sign-in and self-service forms (`account`) and the signed-link pages' answers
(`links`). They only parse what was typed; the rules live in the owning apps' services."""

from portal.forms.account import (
    AvailabilityForm,
    ChannelForm,
    ContactForm,
    CvForm,
    EraseForm,
    PreferencesForm,
    ShareCodeForm,
    SignInForm,
    initial_for,
)
from portal.forms.careers import CHOOSE_AGAIN, ApplyForm, JobSearchForm
from portal.forms.links import InterviewAnswerForm, ReferenceAnswerForm, SurveyForm

__all__ = [
    "CHOOSE_AGAIN",
    "ApplyForm",
    "AvailabilityForm",
    "ChannelForm",
    "ContactForm",
    "CvForm",
    "EraseForm",
    "InterviewAnswerForm",
    "JobSearchForm",
    "PreferencesForm",
    "ReferenceAnswerForm",
    "ShareCodeForm",
    "SignInForm",
    "SurveyForm",
    "initial_for",
]
