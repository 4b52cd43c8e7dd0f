from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samson.projects.models import Project, Round


class RoundChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class CompareForm(forms.Form):
    """Pick two rounds of one project: a (before) and b (after)."""

    a = RoundChoiceField(
        label=_("Earlier round"),
        queryset=Round.objects.none(),
        error_messages={
            "required": _("Choose the earlier round."),
            "invalid_choice": _("Choose one of this project's rounds."),
        },
    )
    b = RoundChoiceField(
        label=_("Later round"),
        queryset=Round.objects.none(),
        error_messages={
            "required": _("Choose the later round."),
            "invalid_choice": _("Choose one of this project's rounds."),
        },
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = project.rounds.all()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("a") is not None and data.get("a") == data.get("b"):
            self.add_error("b", _("Choose two different rounds."))
        return data
