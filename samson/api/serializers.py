"""What the API reads and writes. Output mirrors the models; input is validated here and
written by the projects and fieldwork apps' services."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samson.accounts.models import Organisation
from samson.barometer.models import Edition
from samson.fieldwork.models import Fieldwork
from samson.instruments.models import InstrumentVersion
from samson.projects.forms import check_party_count
from samson.projects.models import Party, Project, Round
from samson.projects.selectors import PROJECT_INSTRUMENT_KIND, minimum_group_size


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "municipality_number"]


class PartySerializer(serializers.ModelSerializer[Party]):
    class Meta:
        model = Party
        fields = ["id", "name", "preset"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    organisation = OrganisationSerializer(read_only=True)
    parties = PartySerializer(many=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "description",
            "organisation",
            "instrument_key",
            "min_group_size",
            "parties",
            "created_at",
        ]


class TextField(serializers.CharField):
    """A text field that takes text only. DRF's own field turns a number or a boolean into its
    string ("label": 12 becomes "12"), so a client's type error would pass unseen. Its own
    message, as DRF's "Not a valid string." has no Norwegian translation."""

    default_error_messages = {"invalid": _("Must be text.")}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


def _instrument_keys() -> list[str]:
    return list(
        InstrumentVersion.objects.filter(kind=PROJECT_INSTRUMENT_KIND)
        .values_list("key", flat=True)
        .distinct()
        .order_by("key")
    )


class ProjectCreateSerializer(serializers.Serializer[Any]):
    title = TextField(max_length=200)
    description = TextField(max_length=2000, required=False, allow_blank=True)
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    instrument_key = TextField(max_length=64, required=False, default="samson")
    min_group_size = serializers.IntegerField(required=False, max_value=1000)
    party_presets = serializers.ListField(
        child=serializers.ChoiceField(choices=Party.Preset.choices), required=False, max_length=20
    )
    party_names = serializers.ListField(
        child=TextField(max_length=100, allow_blank=True),
        required=False,
        max_length=50,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The floor is the site's setting (never below 3), read per request rather than at
        # import time; set here so the OpenAPI schema states it. validate_min_group_size
        # below gives the message.
        self.fields["min_group_size"].min_value = minimum_group_size()  # type: ignore[attr-defined]

    def validate_instrument_key(self, value: str) -> str:
        if value not in _instrument_keys():
            raise serializers.ValidationError(_("There is no such questionnaire."))
        return value

    def validate_min_group_size(self, value: int) -> int:
        floor = minimum_group_size()
        if value < floor:
            raise serializers.ValidationError(
                _("The minimum group size cannot be lower than %(limit_value)s.")
                % {"limit_value": floor}
            )
        return value

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        names = [name.strip() for name in data.get("party_names", []) if name.strip()]
        data["party_names"] = names
        try:
            check_party_count(data.get("party_presets", []), names)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return data


class InstrumentVersionSerializer(serializers.ModelSerializer[InstrumentVersion]):
    class Meta:
        model = InstrumentVersion
        fields = ["key", "version"]


JOIN_MODE_HELP = (
    "How participants join: kode (open join code), invitert (personal invitations by e-mail "
    "only; the join code starts nothing) or begge (both)."
)


class RoundSerializer(serializers.ModelSerializer[Round]):
    instrument = InstrumentVersionSerializer(source="instrument_version", read_only=True)
    join_mode = serializers.SerializerMethodField(help_text=JOIN_MODE_HELP)

    @extend_schema_field(serializers.ChoiceField(choices=Fieldwork.Mode.values))
    def get_join_mode(self, round: Round) -> str:
        # A round without fieldwork (made before the mode was chosen at creation) uses its code.
        try:
            return str(round.fieldwork.mode)
        except ObjectDoesNotExist:
            return str(Fieldwork.Mode.OPEN)

    class Meta:
        model = Round
        fields = [
            "id",
            "label",
            "state",
            "instrument",
            "join_code",
            "join_mode",
            "created_at",
            "opened_at",
            "closed_at",
            "follow_up",
            "follow_up_published_at",
        ]


class RoundCreateSerializer(serializers.Serializer[Any]):
    label = TextField(max_length=100)  # type: ignore[assignment]
    join_mode = serializers.ChoiceField(
        choices=Fieldwork.Mode.values,
        required=False,
        help_text=JOIN_MODE_HELP + " Left out: invitert when the project's minimum group size "
        "is above 1 (every project today), begge otherwise.",
    )


class CountSerializer(serializers.Serializer[Any]):
    party = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["shown", "too_few", "merged", "none"],
        help_text="shown: n is given; too_few: fewer than the minimum group size; merged: "
        "counted in the other parties; none: no answers.",
    )
    n = serializers.IntegerField(allow_null=True)


class GroupResultSerializer(serializers.Serializer[Any]):
    party = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    n = serializers.IntegerField()
    result = serializers.DictField(help_text="The profile, as described in docs/scoring.md.")


class DisagreementSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["value", "field", "cell"])
    value = serializers.CharField(allow_null=True)
    field = serializers.CharField(allow_null=True)
    range = serializers.FloatField()
    level = serializers.ChoiceField(choices=["small", "notable", "large"])
    scores = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Score per party id."
    )


class RoundResultsSerializer(serializers.Serializer[Any]):
    min_group_size = serializers.IntegerField()
    counts = CountSerializer(many=True)
    total_n = serializers.IntegerField(allow_null=True)
    other_n = serializers.IntegerField(allow_null=True)
    total = GroupResultSerializer(allow_null=True)
    parties = GroupResultSerializer(many=True)
    other = GroupResultSerializer(allow_null=True)
    disagreements = DisagreementSerializer(many=True)


class EditionSerializer(serializers.ModelSerializer[Edition]):
    organisation = OrganisationSerializer(read_only=True)
    instrument = serializers.CharField(
        source="instrument_version.key",
        read_only=True,
        help_text="The survey: barometer-enhet (unit leaders) or barometer-leder (chief "
        "executives). The estimates' indicators are that survey's.",
    )

    class Meta:
        model = Edition
        fields = [
            "id",
            "year",
            "title",
            "organisation",
            "instrument",
            "synthetic",
            "published",
            "open",
        ]


class EstimateSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    group = serializers.IntegerField(
        allow_null=True, help_text="The code of the breakdown's group; null for all units."
    )
    suppressed = serializers.BooleanField(
        help_text="Fewer respondents than the minimum group size: no number is given."
    )
    estimate = serializers.FloatField(allow_null=True, help_text="A share, 0 to 1.")
    se = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(allow_null=True)
    weighted_n = serializers.FloatField(allow_null=True)
    imprecise = serializers.BooleanField(help_text="The interval is too wide to be worth reading.")


class DesignSerializer(serializers.Serializer[Any]):
    cluster_variable = serializers.CharField(
        help_text="The variable naming each unit's primary sampling unit; empty for none."
    )
    clusters = serializers.IntegerField(
        help_text="Primary sampling units in the design; 0 when none was used."
    )
    strata_variable = serializers.CharField(help_text="The strata's variable; empty for none.")
    strata = serializers.IntegerField(help_text="Strata in the design; 0 when none was used.")
    problem = serializers.CharField(
        allow_null=True,
        help_text="Why the primary units or strata were left out: cluster_missing, "
        "strata_missing or lonely (a stratum with one primary unit); null when they were used.",
    )
    interval = serializers.CharField(
        help_text="The method of the intervals of shares: logit, beta, wald-t or wald."
    )
    collapse_below = serializers.IntegerField(
        help_text="A frame cell with fewer respondents is merged with a neighbouring cell."
    )
    cells = serializers.IntegerField(help_text="Cells of the population frame.")
    merged_cells = serializers.IntegerField(help_text="Cells merged into a neighbour.")
    fpc = serializers.BooleanField(
        help_text="Whether the finite population correction (municipalities per stratum on "
        "the organisation list) was applied."
    )
    fpc_problem = serializers.CharField(
        allow_null=True,
        help_text="Why the correction asked for was not applied: fpc_cluster, fpc_strata, "
        "fpc_no_list, fpc_unknown, fpc_mismatch, fpc_census, fpc_small or a design problem; "
        "null when applied or not asked for.",
    )
    weighting_method = serializers.CharField(
        help_text="poststratify (to the frame's cells), rake (to its margins) or linear "
        "(linear GREG calibration to its margins; weights may be negative)."
    )
    raking_sweeps = serializers.IntegerField(
        help_text="Sweeps raking needed to converge; 0 when not raked."
    )


class DifferenceSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    f = serializers.FloatField()
    ndf = serializers.FloatField()
    ddf = serializers.FloatField()
    p_value = serializers.FloatField(
        help_text="Rao–Scott test (R's svychisq, statistic F) of the indicator against the "
        "breakdown's shown groups."
    )


class ContrastSerializer(serializers.Serializer[Any]):
    indicator = serializers.CharField()
    first = serializers.IntegerField(help_text="Group a.")
    second = serializers.IntegerField(help_text="Group b.")
    estimate = serializers.FloatField(
        help_text="The share in group a minus the share in group b (R's svycontrast)."
    )
    se = serializers.FloatField(help_text="Design-based, with the two groups' covariance.")
    ci_low = serializers.FloatField()
    ci_high = serializers.FloatField()
    p_value = serializers.FloatField(allow_null=True)
    significant = serializers.BooleanField(help_text="The 95 % interval excludes zero.")


class EstimatesSerializer(serializers.Serializer[Any]):
    edition = serializers.IntegerField()
    by = serializers.CharField(allow_null=True)
    weighted = serializers.BooleanField()
    weighting_variables = serializers.ListField(child=serializers.CharField())
    design = DesignSerializer()
    min_group_size = serializers.IntegerField()
    estimates = EstimateSerializer(many=True)
    differences = DifferenceSerializer(
        many=True, help_text="With a breakdown: whether each indicator differs between groups."
    )
    contrasts = ContrastSerializer(
        many=True,
        help_text="With `by`, `a` and `b`: each indicator's difference between the two groups "
        "where both are shown.",
    )
