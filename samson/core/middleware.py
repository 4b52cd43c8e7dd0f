"""Responses that no browser or shared cache keeps.

Nearly every page of SAMSON is someone's: a participant's answers, a round's results, a
facilitator's project, an analyst's estimates, a file of answers. Marking each view risks the one
that is forgotten (results and the API were, once), so every response that does not set its own
`Cache-Control` gets Django's never-cache headers (`no-cache, no-store, must-revalidate,
private`). Static files are served by WhiteNoise before this middleware runs and keep their long
caching, so pages stay light on the next visit.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NeverCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
