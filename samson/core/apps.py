from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samson.core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from .login_throttle import login_failed, login_succeeded

        user_login_failed.connect(login_failed, dispatch_uid="samson.core.login_failed")
        user_logged_in.connect(login_succeeded, dispatch_uid="samson.core.login_succeeded")
