"""Every API error has one shape: {"error": {"status", "code", "message", "fields"}}."""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorBodySerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field; empty unless the input was invalid.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorBodySerializer()


def _field_messages(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Flatten DRF's nested validation detail into {"field" or "field.sub": [messages]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_field_messages(value, name))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or "non_field_errors": [str(item) for item in detail]}
        out = {}
        for index, item in enumerate(detail):
            out.update(_field_messages(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    return {prefix or "non_field_errors": [str(detail)]}


def exception_handler(error: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(error, context)
    if response is None:
        return None  # a bug: Django's 500 handling and logging take over
    fields: dict[str, list[str]] = {}
    if isinstance(error, exceptions.ValidationError):
        fields = _field_messages(error.detail)
        code, message = "invalid", _("The input is not valid.")
    elif isinstance(error, exceptions.APIException):
        codes = error.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message = str(error.detail)
    else:
        code, message = "error", str(response.data.get("detail", ""))
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
        }
    }
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 handler: the API's error shape under /api/, the normal page elsewhere."""
    if request.path.startswith("/api/"):
        body = {
            "error": {"status": 404, "code": "not_found", "message": _("Not found."), "fields": {}}
        }
        return JsonResponse(body, status=404)
    return defaults.page_not_found(request, exception)
