from django import forms
from django.utils.translation import gettext_lazy as _

from samson.knowledge.guided import QUESTIONS, Answers

_CHOICES = {
    "problem": (
        _("The municipality"),
        _("The municipality and the other parties together"),
        _("Citizens, volunteers or businesses"),
    ),
    "solution": (
        _("A nearly finished solution exists"),
        _("There is a frame, but the solution is open within it"),
        _("The solution is completely open"),
    ),
    "decides": (
        _("The municipality; the others are informed"),
        _("The municipality, after hearing the others"),
        _("The parties together"),
    ),
    "delivers": (
        _("The municipality alone"),
        _("The municipality and the other parties together"),
        _("Others: citizens, volunteers or businesses"),
    ),
    "duration": (
        _("One meeting or one round of input"),
        _("A time-limited project"),
        _("Lasting: it becomes part of how the service is run"),
    ),
    "settled": (
        _("Little: goal, means and steps are open"),
        _("The frame: goal, budget or time limit"),
        _("Most of it: the steps and the outcome are set in advance"),
    ),
    "planning": (
        _("No"),
        _("Yes, a municipal master plan (kommuneplan)"),
        _("Yes, a zoning plan (reguleringsplan)"),
    ),
}

_LABELS = {
    "problem": _("Who defines the problem?"),
    "solution": _("How open is the solution?"),
    "decides": _("Who decides what will be done?"),
    "delivers": _("Who will carry out the solution?"),
    "duration": _("How long will the collaboration last?"),
    "settled": _("What is already decided?"),
    "planning": _("Is it a plan under the Planning and Building Act?"),
}


class GuidedCheckForm(forms.Form):
    """The seven questions; submitted by GET so a result can be linked and needs no JS."""

    title = forms.CharField(
        label=_("Name of the process (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, codes in QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=_LABELS[name],
                choices=list(zip(codes, _CHOICES[name], strict=True)),
                widget=forms.RadioSelect,
            )

    def answers(self) -> Answers:
        return Answers(**{name: self.cleaned_data[name] for name in QUESTIONS})
