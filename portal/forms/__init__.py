"""The public face's forms, by area: the careers site's search and application (`careers`) and the
signed-link pages' answers (`links`). They only parse what was typed; the rules live in the owning
apps' services."""

from portal.forms.careers import CHOOSE_AGAIN, ApplyForm, JobSearchForm
from portal.forms.links import InterviewAnswerForm, ReferenceAnswerForm, SurveyForm

__all__ = [
    "CHOOSE_AGAIN",
    "ApplyForm",
    "InterviewAnswerForm",
    "JobSearchForm",
    "ReferenceAnswerForm",
    "SurveyForm",
]
