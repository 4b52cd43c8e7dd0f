"""An id beyond the column's range in an `__in` list matches nothing instead of crashing."""

import pytest

from samson.accounts.models import Organisation


@pytest.mark.django_db
def test_in_ignores_integers_the_column_cannot_hold() -> None:
    kept = Organisation.objects.create(name="Innenfor")
    huge = 99_999_999_999_999_999_999_999
    assert list(Organisation.objects.filter(pk__in=[huge])) == []
    assert list(Organisation.objects.filter(pk__in=[huge, -huge, kept.pk])) == [kept]
    assert list(Organisation.objects.filter(population__in=[huge, None])) == []
    assert list(Organisation.objects.exclude(pk__in=[huge])) == [kept]
