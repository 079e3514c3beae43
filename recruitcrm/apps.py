from django.apps import AppConfig


class RecruitcrmConfig(AppConfig):
    name = "recruitcrm"
    verbose_name = "RecruitCRM"
