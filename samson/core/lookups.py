"""`__in` on an integer column ignores values the column cannot hold.

Django drops out-of-range integers from `exact`, `gt`, `lt` and the like (ticket 27397,
https://code.djangoproject.com/ticket/27397) but not from `in`: there SQLite raises
OverflowError, so a form that checks several ids at once, such as the admin's choice of a
group's permissions (ModelMultipleChoiceField), answered 500 to "99999999999999999999999".
No row can have such a value, so leaving it out of the list changes no result.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if not self.rhs_is_direct_value():
            return super().process_rhs(compiler, connection)
        low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
        held = [
            value
            for value in self.rhs
            if not isinstance(value, int)
            or ((low is None or value >= low) and (high is None or value <= high))
        ]
        if len(held) == len(self.rhs):
            return super().process_rhs(compiler, connection)
        # A copy: the same lookup may be compiled again, for another database.
        lookup = copy.copy(self)
        lookup.rhs = held  # none left: In raises EmptyResultSet, an empty result
        return In.process_rhs(lookup, compiler, connection)
