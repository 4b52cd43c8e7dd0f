"""Pages of a list: `?page=` must name a page. DRF's own class reads an empty or absent value
as page 1, so `?page=` and `?page=1` looked alike; here an empty or malformed value is an
input error (400) with the same error shape as every other."""

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from samson.core.numbers import parse_id


class StrictPageNumberPagination(PageNumberPagination):
    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> Any:
        if self.page_query_param not in request.query_params:
            return 1
        text = request.query_params[self.page_query_param]
        if text in self.last_page_strings:
            return paginator.num_pages
        if parse_id(text) is None:
            raise serializers.ValidationError(
                {self.page_query_param: [_("The page must be a whole number from 1.")]}
            )
        return text
