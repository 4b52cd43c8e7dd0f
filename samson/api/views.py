"""The REST API (/api/v1/): the same rules as the web pages. A project the caller may not see
answers 404, an action they may not take on a project they see answers 403.

DRF authenticates inside the view, after the audit middleware has run, so each write names its
actor for the audit log itself."""

import math
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samson.accounts.models import User
from samson.audit.services import audit_actor
from samson.barometer import estimates as barometer_estimates
from samson.barometer import selectors as barometer_selectors
from samson.barometer.models import Edition
from samson.fieldwork.services import round_create_with_mode
from samson.projects import rules, selectors, services
from samson.projects.models import Project, Round
from samson.surveystats import Contrast

from . import serializers
from .errors import ErrorSerializer
from .results import round_results


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(ErrorSerializer) for code in codes}


READ_ERRORS = _errors(401, 404, 429)
# A list also answers 400 to a `?page=` that is not a page number (pagination.py).
LIST_ERRORS = _errors(400, 401, 404, 429)
WRITE_ERRORS = _errors(400, 401, 403, 404, 429)


def _visible_project(request: Request, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("organisation"), pk=pk)
    if not rules.can_view_project(request.user, project):
        raise exceptions.NotFound
    return project


def _managed_project(request: Request, pk: int) -> Project:
    project = _visible_project(request, pk)
    if not rules.can_manage_project(request.user, project):
        raise exceptions.PermissionDenied
    return project


def _round(project: Project, round_pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("instrument_version", "project"), pk=round_pk, project=project
    )


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _user(request: Request) -> User:
    """The request's user: every endpoint requires authentication (IsAuthenticated), so an
    anonymous one never gets this far; the check says so to the type checker."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated()
    return user


class ProjectList(generics.ListAPIView[Project]):
    serializer_class = serializers.ProjectSerializer

    def get_queryset(self) -> QuerySet[Project]:
        return (
            selectors.projects_for_user(_user(self.request))
            .prefetch_related("parties")
            .order_by("pk")
        )

    @extend_schema(
        operation_id="projects_list",
        responses={200: serializers.ProjectSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="projects_create",
        request=serializers.ProjectCreateSerializer,
        responses={201: serializers.ProjectSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        data = serializers.ProjectCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if not rules.can_create_project(request.user, fields["organisation"].pk):
            raise exceptions.PermissionDenied(_("You cannot create projects in this organisation."))
        with audit_actor(request.user):
            project = services.project_create(owner=_user(request), **fields)
        return Response(serializers.ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetail(APIView):
    @extend_schema(
        operation_id="projects_retrieve",
        responses={200: serializers.ProjectSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(serializers.ProjectSerializer(_visible_project(request, pk)).data)


class RoundList(generics.ListAPIView[Round]):
    serializer_class = serializers.RoundSerializer

    def get_queryset(self) -> QuerySet[Round]:
        project = _visible_project(self.request, self.kwargs["pk"])
        return project.rounds.select_related("instrument_version", "fieldwork").order_by("pk")

    @extend_schema(
        operation_id="rounds_list",
        responses={200: serializers.RoundSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="rounds_create",
        request=serializers.RoundCreateSerializer,
        responses={201: serializers.RoundSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        project = _managed_project(request, pk)
        data = serializers.RoundCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with audit_actor(request.user):
            round = round_create_with_mode(
                project=project,
                label=data.validated_data["label"],
                mode=data.validated_data.get("join_mode"),
            )
        return Response(serializers.RoundSerializer(round).data, status=status.HTTP_201_CREATED)


class RoundDetail(APIView):
    @extend_schema(
        operation_id="rounds_retrieve",
        responses={200: serializers.RoundSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int, round_pk: int) -> Response:
        round = _round(_visible_project(request, pk), round_pk)
        return Response(serializers.RoundSerializer(round).data)


class RoundTransition(APIView):
    """POST opens (draft → open) or closes (open → closed) the round; 409 from any other
    state."""

    to: str = ""

    @extend_schema(
        request=None,
        responses={200: serializers.RoundSerializer, **WRITE_ERRORS, **_errors(409)},
    )
    def post(self, request: Request, pk: int, round_pk: int) -> Response:
        round = _round(_managed_project(request, pk), round_pk)
        try:
            with audit_actor(request.user):
                round = services.round_transition(round=round, to=self.to)
        except services.RoundStateError as error:
            raise Conflict(str(error)) from error
        return Response(serializers.RoundSerializer(round).data)


class RoundOpen(RoundTransition):
    to = Round.State.OPEN


class RoundClose(RoundTransition):
    to = Round.State.CLOSED


class RoundResults(APIView):
    @extend_schema(
        operation_id="rounds_results",
        responses={200: serializers.RoundResultsSerializer, **READ_ERRORS},
    )
    def get(self, request: Request, pk: int, round_pk: int) -> Response:
        round = _round(_visible_project(request, pk), round_pk)
        return Response(round_results(round, get_language()))


class EditionList(generics.ListAPIView[Edition]):
    """Barometer editions the caller analyses (all, for an administrator)."""

    serializer_class = serializers.EditionSerializer

    def get_queryset(self) -> QuerySet[Edition]:
        return barometer_selectors.editions_for(self.request.user).order_by("pk")

    @extend_schema(
        operation_id="barometer_editions_list",
        responses={200: serializers.EditionSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class EditionEstimates(APIView):
    """Every indicator's estimate, overall or by one background variable: the barometer pages'
    numbers, with the same suppression and precision flag."""

    @extend_schema(
        operation_id="barometer_estimates",
        parameters=[
            OpenApiParameter(
                "by",
                str,
                enum=list(barometer_estimates.BREAKDOWNS),
                description="A background variable to break the estimates down by.",
            ),
            OpenApiParameter(
                "a",
                int,
                description="With `by` and `b`: the code of a group to compare with group `b` "
                "(`contrasts`). Only groups shown (not too small) can be compared.",
            ),
            OpenApiParameter("b", int, description="The code of the other group (see `a`)."),
        ],
        responses={200: serializers.EstimatesSerializer, **_errors(400, 401, 404, 429)},
    )
    def get(self, request: Request, pk: int) -> Response:
        edition = get_object_or_404(barometer_selectors.editions_for(request.user), pk=pk)
        by = request.query_params.get("by") or None
        if by is not None and by not in barometer_estimates.BREAKDOWNS:
            raise exceptions.ValidationError({"by": [_("There is no such background variable.")]})
        data = barometer_selectors.EditionData(edition)
        minimum = selectors.minimum_group_size()
        names = [indicator.name for indicator in barometer_selectors.edition_indicators(edition)]
        cells = data.estimate(names, by if by in data.breakdowns() else None, minimum)
        rows = [
            {
                "indicator": name,
                "group": cell.group,
                "suppressed": cell.suppressed,
                "estimate": cell.estimate,
                "se": cell.se,
                "ci_low": cell.ci_low,
                "ci_high": cell.ci_high,
                # A suppressed group's size is not given either.
                "n": None if cell.suppressed else cell.n,
                "weighted_n": None if cell.suppressed else cell.weighted_n,
                "imprecise": cell.imprecise,
            }
            for name in names
            for cell in cells[name]
        ]
        weighting = data.weighting
        shown_by = by if by in data.breakdowns() else None
        tests = {
            name: data.groups_differ(name, shown_by, cells[name]) if shown_by else None
            for name in names
        }
        contrasts = self._contrasts(request, data, shown_by, cells, minimum)
        return Response(
            {
                "edition": edition.pk,
                "by": by,
                "weighted": weighting.weighted,
                "weighting_variables": list(weighting.variables),
                "design": {
                    "cluster_variable": weighting.choice.cluster,
                    "clusters": weighting.clusters,
                    "strata_variable": weighting.choice.strata,
                    "strata": weighting.strata,
                    "problem": weighting.design_problem,
                    "interval": weighting.choice.interval,
                    "collapse_below": weighting.choice.collapse_below,
                    "cells": weighting.cells,
                    "merged_cells": weighting.merged,
                    "fpc": weighting.fpc,
                    "fpc_problem": weighting.fpc_problem,
                    "weighting_method": weighting.method,
                    "raking_sweeps": weighting.sweeps,
                },
                "min_group_size": minimum,
                "estimates": rows,
                "differences": [
                    {
                        "indicator": name,
                        "f": test.f,
                        "ndf": test.ndf,
                        "ddf": test.ddf,
                        "p_value": test.p_value,
                    }
                    for name, test in tests.items()
                    if test is not None
                ],
                "contrasts": [
                    {
                        "indicator": name,
                        "first": result.first,
                        "second": result.second,
                        "estimate": result.estimate,
                        "se": result.se,
                        "ci_low": result.ci_low,
                        "ci_high": result.ci_high,
                        # NaN when both groups have the same value and no variance.
                        "p_value": result.p_value if math.isfinite(result.p_value) else None,
                        "significant": result.ci_low > 0 or result.ci_high < 0,
                    }
                    for name, result in contrasts.items()
                    if result is not None
                ],
            }
        )

    @staticmethod
    def _contrasts(
        request: Request,
        data: barometer_selectors.EditionData,
        by: str | None,
        cells: dict[str, list[barometer_estimates.Cell]],
        minimum: int,
    ) -> dict[str, Contrast | None]:
        """The contrasts of groups `a` and `b`; a group not shown (too small, or absent) is
        refused with the same message, so the reply does not tell which."""
        first, second = request.query_params.get("a"), request.query_params.get("b")
        if first is None and second is None:
            return {}
        shown = {str(code) for code in data.comparable_groups(by, minimum)} if by else set()
        errors: dict[str, list[str]] = {}
        for key, value in (("a", first), ("b", second)):
            if value is None or value not in shown:
                errors[key] = [_("There is no such group to compare, or it is too small.")]
        if not errors and first == second:
            errors["b"] = [_("Choose two different groups.")]
        if errors or by is None or first is None or second is None:
            raise exceptions.ValidationError(errors)
        return data.contrasts(cells, by, int(first), int(second))
