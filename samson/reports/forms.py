from django import forms
from django.utils.translation import gettext_lazy as _


class ExportForm(forms.Form):
    """The facilitator's choice for a data export: free text is left out unless ticked."""

    free_text = forms.BooleanField(
        label=_("Include free-text answers"),
        required=False,
        help_text=_(
            "Free text can name people or reveal who wrote it. Include it only if you need it "
            "and may share it."
        ),
    )
