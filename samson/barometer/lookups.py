"""The edition a page is about, found with the permission rules applied: an edition the user
may not manage is 404, so ids cannot be probed. Every view of an edition's data, design,
imports and queue goes through this."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from . import rules
from .models import Edition


def edition_managed(request: HttpRequest, pk: int) -> Edition:
    edition = get_object_or_404(Edition.objects.select_related("organisation"), pk=pk)
    if not rules.can_manage_edition(request.user, edition):
        raise Http404
    return edition
