from vacancies.models.vacancy import Vacancy, default_required_checks

__all__ = ["Vacancy", "default_required_checks"]
