from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "samson.core"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from . import lookups  # noqa: F401 - registers the integer `__in` lookup
        from .login_throttle import AdminLoginForm, login_succeeded

        user_logged_in.connect(login_succeeded, dispatch_uid="samson.core.login_succeeded")
        # The admin's log-in says so when too many failures have locked it, like ours.
        admin.site.login_form = AdminLoginForm
