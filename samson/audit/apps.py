from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samson.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in as allauth_logged_in
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .receivers import login_recorded, logout_recorded, oidc_login_recorded

        user_logged_in.connect(login_recorded, dispatch_uid="samson.audit.login")
        user_logged_out.connect(logout_recorded, dispatch_uid="samson.audit.logout")
        allauth_logged_in.connect(oidc_login_recorded, dispatch_uid="samson.audit.oidc_login")
