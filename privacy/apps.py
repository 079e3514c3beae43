from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Data protection"

    def ready(self) -> None:
        # candidates sits below privacy: it asks "suppressed?" through its own hook, filled here.
        from candidates import suppression as hook
        from privacy import suppression

        hook.register(
            is_suppressed=suppression.is_suppressed,
            record_override=suppression.record_override,
            are_suppressed=suppression.are_suppressed,
        )
        hook.register_record_notice(suppression.legal_hold_notice)
