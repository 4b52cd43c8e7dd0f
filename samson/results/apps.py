from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


class ResultsConfig(AppConfig):
    name = "samson.results"
    label = "results"
    verbose_name = "Results"

    def ready(self) -> None:
        from samson.responses.models import Answer

        post_save.connect(_answer_saved, sender=Answer, dispatch_uid="results-answer-saved")


def _answer_saved(sender: type, instance: Any, **kwargs: Any) -> None:
    """An answer saved one by one (outside the answering services, which save its response
    too and so change the results' version) drops its round's cached results."""
    from django.core.cache import cache

    if kwargs.get("update_fields") == frozenset({"released_at"}):
        return  # releasing free text changes no score

    from samson.responses.models import Response

    from .selectors import results_cache_key

    round_pk = Response.objects.filter(pk=instance.response_id).values_list("round_id", flat=True)
    for pk in round_pk:
        if pk is not None:
            cache.delete(results_cache_key(pk))
