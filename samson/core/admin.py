"""What every admin class of the site shares.

It lives in core, the lowest app, because every app's admin may import core and core imports
none of theirs (docs/architecture.md: dependencies point one way). `samson.core.tests.
test_admin_autocomplete` fails if an admin class with `autocomplete_fields` does not use
`AutocompleteAdminMixin`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin.widgets import (
    AutocompleteMixin,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey, ManyToManyField
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import HttpRequest


class _KnownValuesOnly(AutocompleteMixin):
    """Shows again only the selected values the related model's key can hold.

    Django's autocomplete widgets look the selected values up in the database when a form is
    shown again with its errors; a value such as "abc", "²" or "1e3" for a numeric key then
    raises ValueError in that query, and one beyond the column's range OverflowError (SQLite),
    so the admin answered 500 instead of the form's own "Select a valid choice". Values the key
    field cannot convert or hold are dropped here before the lookup; the form field still
    rejects them, so the error is shown.
    """

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        known = []
        for item in value:
            try:
                # The field's own range validators are the database's (IntegerField).
                target.run_validators(target.to_python(item))
            except ValidationError:
                continue
            known.append(item)
        return super().optgroups(name, known, attr)


class KnownValuesAutocompleteSelect(_KnownValuesOnly, AutocompleteSelect):
    pass


class KnownValuesAutocompleteSelectMultiple(_KnownValuesOnly, AutocompleteSelectMultiple):
    pass


class AutocompleteAdminMixin:
    """For every ModelAdmin and InlineModelAdmin with `autocomplete_fields`: their widgets are
    the ones above, so a wrong id in such a field is a form error, not a server error."""

    admin_site: Any
    get_autocomplete_fields: Any  # from BaseModelAdmin, which the class using this mixes in

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc,no-any-return]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelMultipleChoiceField[Any] | None:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownValuesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc,no-any-return]
