"""Forms of the barometer pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from samson.accounts.models import Organisation
from samson.innovation import codelists, synthetic
from samson.instrument_spec import Instrument
from samson.surveystats import DataError
from samson.surveystats.io import FileRejected

from . import importing
from .models import DataImport, IntervalMethod, WeightingMethod

NOT_IN_FILE = ""


def _labelled(codes: Mapping[int, codelists.Label]) -> Callable[[], list[tuple[int, str]]]:
    """A code list as choices, labelled in the language of the request that shows the form."""
    return lambda: list(codelists.names(codes, get_language() or "nb").items())


def _code_field(
    label: StrOrPromise,
    codes: Mapping[int, codelists.Label],
    *,
    radio: bool = False,
    required: bool = True,
    help_text: StrOrPromise = "",
) -> forms.TypedChoiceField:
    """A question answered with one code of a code list, cleaned to its number (None when an
    optional one is left empty)."""
    return forms.TypedChoiceField(
        label=label,
        choices=_labelled(codes),
        coerce=int,
        empty_value="" if required else None,
        required=required,
        widget=forms.RadioSelect if radio else None,
        help_text=help_text,
    )


class EditionForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    population = forms.CharField(
        label=_("Population"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Which units the edition covers, for example all municipal units in five sectors."
        ),
    )
    survey = forms.ChoiceField(
        label=_("Survey"),
        choices=[
            ("barometer-enhet", _("Unit leaders (the unit survey)")),
            ("barometer-leder", _("Chief executives of municipalities and counties")),
        ],
        initial="barometer-enhet",
        required=False,  # unit leaders unless chosen otherwise
        widget=forms.RadioSelect,
    )
    sectors = forms.TypedMultipleChoiceField(
        label=_("Sectors"),
        choices=_labelled(codelists.SECTORS),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Required for the unit survey; the chief-executive survey has no sectors."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["survey"] = data.get("survey") or "barometer-enhet"
        if data["survey"] == "barometer-leder":
            data["sectors"] = []  # the survey asks chief executives, not units of a sector
        elif "sectors" in data and not data["sectors"]:
            self.add_error("sectors", self.fields["sectors"].error_messages["required"])
        return data


class OrganisationFrameForm(forms.Form):
    by_region = forms.BooleanField(label=_("Also by region (landsdel)"), required=False)


class SettingsForm(forms.Form):
    published = forms.BooleanField(
        label=_("Published: Innovasjonstesten may compare units with this edition"), required=False
    )
    open = forms.BooleanField(label=_("Open for answers"), required=False)


def _checked_upload(upload: Any, suffixes: tuple[str, ...]) -> Any:
    """An uploaded file no larger than SAMSON_UPLOAD_MAX_BYTES and of a type we read."""
    limit = int(settings.SAMSON_UPLOAD_MAX_BYTES)
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large: at most %(megabytes)s MB.")
            % {"megabytes": limit // (1024 * 1024)}
        )
    if not upload.name.lower().endswith(suffixes):
        raise forms.ValidationError(
            _("The file must be one of these types: %(types)s.") % {"types": ", ".join(suffixes)}
        )
    return upload


def upload_error_message(error: DataError) -> str:
    """What to tell the person whose uploaded data file could not be read, in their language."""
    if not isinstance(error, FileRejected):
        return _("The file could not be read: %(error)s") % {"error": error}
    messages = {
        "unknown_type": _("The file must be CSV, Excel (.xlsx) or SPSS (.sav)."),
        "empty": _("The file is empty."),
        "not_text": _("The file is not a CSV file of UTF-8 text, or it is damaged."),
        "not_xlsx": _("The file is not an Excel workbook (.xlsx), or it is damaged."),
        "not_sav": _("The file is not an SPSS data file (.sav), or it is damaged."),
        "too_large": _(
            "The Excel file unpacks to more than %(megabytes)s MB, more than can be read "
            "safely. Save the data as CSV and upload that."
        ),
        "sav_too_large": _(
            "The SPSS file holds more than %(megabytes)s MB of data, more than can be read "
            "safely. Split it into smaller files."
        ),
        "too_compressed": _(
            "The Excel file is packed far more tightly than a spreadsheet can be (more than "
            "%(ratio)s to 1), so it is not read."
        ),
        "too_many_values": _(
            "The file holds more than %(limit)s values (rows times columns), more than can be "
            "imported at once. Split it into smaller files."
        ),
        "too_many_columns": _("The file has more than %(limit)s columns."),
        "header_blank": _("Column %(position)s of the first row (the header) has no name."),
        "header_duplicate": _("The column %(column)s appears more than once in the header."),
        "ragged_row": _("Row %(row)s has %(fields)s fields, but the header has %(header)s."),
    }
    message = messages.get(error.kind)
    if message is None:
        return _("The file could not be read: %(error)s") % {"error": error}
    params = {
        key: number_format(value, force_grouping=True) if isinstance(value, int) else value
        for key, value in error.params.items()
    }
    return str(message) % params


class FrameForm(forms.Form):
    text = forms.CharField(
        label=_("Population counts (CSV)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "One line per cell: the frame variables and a count column, for example "
            "enhetstype,landsdel,count."
        ),
    )
    file = forms.FileField(label=_("Or a CSV file"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        return None if upload is None else _checked_upload(upload, (".csv", ".txt"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file must be UTF-8 text.")) from None
        if not data.get("text", "").strip():
            raise forms.ValidationError(_("Enter the counts or choose a file."))
        return data


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Data file"), help_text=_("CSV, Excel (.xlsx) or SPSS (.sav), one row per unit.")
    )

    def clean_file(self) -> Any:
        return _checked_upload(self.cleaned_data["file"], (".csv", ".txt", ".xlsx", ".sav"))


class MappingForm(forms.Form):
    """One choice per codebook variable: which file column holds it (or none); then how rows
    that are already in the edition are found (an id column, identical rows, or no check) and
    what happens to them (docs/barometer.md, "Duplicates and deleting")."""

    KEY = "import_key"
    ID_COLUMN = "import_id_column"
    ON_DUPLICATE = "import_on_duplicate"
    CHOICES = (KEY, ID_COLUMN, ON_DUPLICATE)

    def __init__(
        self, *args: Any, columns: list[str], instrument: Instrument, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, _("(not in the file)")), *((c, c) for c in columns)]
        for variable in importing.codebook_variables(instrument):
            self.fields[variable.name] = forms.ChoiceField(
                label=variable.name, choices=choices, required=False
            )
        id_column = next((c for c in columns if c.strip().lower() == "id"), NOT_IN_FILE)
        self.fields[self.KEY] = forms.ChoiceField(
            label=_("How are units that are already in the edition found?"),
            choices=[
                (DataImport.Key.ID, _("By the id column chosen below")),
                (DataImport.Key.ROWS, _("Rows with the same value in every mapped variable")),
                (
                    DataImport.Key.NONE,
                    _("No check: every row is a new unit (only the same file twice is caught)"),
                ),
            ],
            initial=DataImport.Key.ID if id_column else DataImport.Key.ROWS,
            widget=forms.RadioSelect,
            required=False,  # left out, the suggestion shown holds (see clean)
        )
        self.fields[self.ID_COLUMN] = forms.ChoiceField(
            label=_("Id column"),
            help_text=_("The column that names each unit once, for example a respondent number."),
            choices=[(NOT_IN_FILE, _("(no id column)")), *((c, c) for c in columns)],
            initial=id_column,
            required=False,
        )
        self.fields[self.ON_DUPLICATE] = forms.ChoiceField(
            label=_("When a row is a unit the edition already has"),
            choices=[
                (DataImport.OnDuplicate.REFUSE, _("Refuse the whole file and list the rows")),
                (DataImport.OnDuplicate.REPLACE, _("Replace the unit with the new row")),
            ],
            initial=DataImport.OnDuplicate.REFUSE,
            widget=forms.RadioSelect,
            required=False,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.CHOICES:
            if name not in self.data:  # not sent at all: the suggestion the page shows
                data[name] = self.fields[name].initial
            elif name != self.ID_COLUMN and not data.get(name):
                self.add_error(name, _("Choose one."))
        used = [c for name, c in data.items() if c and name not in self.CHOICES]
        if not used:
            raise forms.ValidationError(_("Map at least one column."))
        if len(used) != len(set(used)):
            raise forms.ValidationError(_("Each file column can be mapped to one variable only."))
        if data.get(self.KEY) == DataImport.Key.ID and not data.get(self.ID_COLUMN):
            self.add_error(self.ID_COLUMN, _("Choose the id column, or another way to check."))
        return data

    def mapping(self) -> dict[str, str]:
        return {
            name: column
            for name, column in self.cleaned_data.items()
            if column and name not in self.CHOICES
        }

    def variable_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.CHOICES]

    def duplicates(self) -> dict[str, str]:
        """The keyword arguments of services.import_commit that say how duplicates are found."""
        key = self.cleaned_data[self.KEY]
        return {
            "key": key,
            "id_column": self.cleaned_data[self.ID_COLUMN] if key == DataImport.Key.ID else "",
            "on_duplicate": self.cleaned_data[self.ON_DUPLICATE],
        }


class InvitationForm(forms.Form):
    sektor = _code_field(_("Sector"), codelists.SECTORS)
    enhetstype = _code_field(_("Unit type"), codelists.UNIT_TYPES)
    landsdel = _code_field(_("Region"), codelists.LANDSDELER)
    storrelse = _code_field(_("Municipality size"), codelists.SIZE_CLASSES)
    count = forms.IntegerField(label=_("Number of links"), min_value=1, max_value=500, initial=1)

    def __init__(self, *args: Any, leader: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if leader:
            # Chief executives answer for a municipality or a county authority, not a unit.
            del self.fields["sektor"], self.fields["enhetstype"]
            organtype = _code_field(_("Municipality or county authority"), codelists.ORGAN_TYPES)
            self.fields = {"organtype": organtype, **self.fields}


TEST_ITEMS: tuple[str, ...] = (
    "B1_PRODUKT",
    "B1_TJENESTE",
    "B1_PROSESS",
    "B1_KOMMUNIKASJON",
    "B13_SAMARBEID",
    "B13_RISIKO",
    "B13_IDEER",
)
"""The questions of Innovasjonstesten: the four kinds of innovation and three culture items."""
TEST_INDICATORS: tuple[str, ...] = (
    "I_INNOVATIV",
    "I_B1_PRODUKT",
    "I_B1_TJENESTE",
    "I_B1_PROSESS",
    "I_B1_KOMMUNIKASJON",
    "I_KULTUR_SAMARBEID",
    "I_KULTUR_RISIKO",
    "I_KULTUR_IDEER",
)


TEST_FRAME_QUESTIONS: tuple[str, ...] = ("sektor", "storrelse", "enhetstype", "landsdel")
"""The frame variables Innovasjonstesten can ask; an edition whose frame uses another (say
kommunenr) cannot take submissions, which could never be accepted."""
_UNIT_TYPE_SECTOR = {unit.code: unit.sector for unit in synthetic.UNIT_TYPES}


class InnovationTestForm(forms.Form):
    """The short Innovasjonstesten form, built from the instrument's own wording and codes.

    With `can_add` it also offers to send the answers to the edition's queue, asks unit type
    and region (optional for the comparison), and requires those of `required` (the edition's
    frame variables) when the answers are to be sent.
    """

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        lang: str,
        can_add: bool,
        required: tuple[str, ...] | list[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required_to_add = [name for name in required if name in TEST_FRAME_QUESTIONS]
        self.fields["sektor"] = _code_field(_("Sector"), codelists.SECTORS, radio=True)
        self.fields["storrelse"] = _code_field(
            _("Municipality size (inhabitants)"), codelists.SIZE_CLASSES, radio=True
        )
        for item_id in TEST_ITEMS:
            item = instrument.item(item_id)
            scale = instrument.scale_for(item)
            assert scale is not None
            choices = [(o.code, o.label.get(lang)) for o in scale.options]
            choices.append((scale.dont_know.code, scale.dont_know.label.get(lang)))
            self.fields[item_id] = forms.TypedChoiceField(
                label=item.text.get(lang), choices=choices, coerce=int, widget=forms.RadioSelect
            )
        if can_add:
            help_text = _("Needed only if you add your answers to the barometer edition.")
            for name, label, codes in (
                ("enhetstype", _("Unit type"), codelists.UNIT_TYPES),
                ("landsdel", _("Region"), codelists.LANDSDELER),
            ):
                self.fields[name] = _code_field(
                    label, codes, radio=True, required=False, help_text=help_text
                )
            self.fields["add"] = forms.BooleanField(
                label=_("Add my answers, without my name, to the barometer edition"),
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit_type, sector = data.get("enhetstype"), data.get("sektor")
        if unit_type is not None and sector is not None and _UNIT_TYPE_SECTOR[unit_type] != sector:
            self.add_error("enhetstype", _("This unit type does not belong to the sector chosen."))
        if data.get("add"):
            for name in self.required_to_add:
                if name in self.fields and data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Answer this question to add your answers."))
        return data

    def answers(self) -> dict[str, int]:
        """The answers given, without the choice to add them."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "add" and value is not None
        }


class DesignForm(forms.Form):
    """The design the edition's survey was run with (docs/barometer.md, "Design")."""

    design_cluster = forms.ChoiceField(label=_("Primary sampling units"), required=False)
    design_strata = forms.ChoiceField(label=_("Strata"), required=False)
    interval_method = forms.ChoiceField(
        label=_("Interval for shares"), choices=IntervalMethod.choices
    )
    collapse_below = forms.IntegerField(
        label=_("Fewest respondents in a weighting cell"),
        help_text=_(
            "A cell of the population frame with fewer respondents is merged with a "
            "neighbouring cell (1: only empty cells are merged)."
        ),
        min_value=1,
        max_value=100,
    )
    # Absent (an older form) means post-stratification, the default.
    weighting_method = forms.TypedChoiceField(
        label=_("Weighting to the population frame"),
        choices=WeightingMethod.choices,
        required=False,
        empty_value=WeightingMethod.POSTSTRATIFY.value,
        help_text=_(
            "Raking and linear calibration need only the count of each variable's categories "
            "(the margins); post-stratification needs the count of every combination (the "
            "cells). Linear calibration meets the margins in one step, but some weights may "
            "come out negative."
        ),
    )
    design_fpc = forms.BooleanField(
        label=_("Finite population correction from the number of municipalities"),
        required=False,
    )

    def __init__(self, *args: Any, variables: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cluster: Any = self.fields["design_cluster"]
        strata: Any = self.fields["design_strata"]
        cluster.choices = [("", _("None: units sampled one by one")), *variables.items()]
        strata.choices = [("", _("None")), *variables.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        cluster, strata = data.get("design_cluster"), data.get("design_strata")
        if cluster and cluster == strata:
            self.add_error(
                "design_strata", _("The strata cannot be the primary sampling units themselves.")
            )
        return data


class ContrastForm(forms.Form):
    """Two groups of the estimates page's breakdown to compare (GET `a` and `b`). Only groups
    shown on the page are offered; any other value, a hidden group included, is invalid."""

    a = forms.TypedChoiceField(label=_("Compare group"), coerce=int, required=False)
    b = forms.TypedChoiceField(label=_("with group"), coerce=int, required=False)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a group")), *((str(code), label) for code, label in groups)]
        for name in ("a", "b"):
            field: Any = self.fields[name]
            field.choices = choices
            field.empty_value = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("a"), data.get("b")
        if first is not None and first == second:
            self.add_error("b", _("Choose two different groups."))
        return data

    def pair(self) -> tuple[int, int] | None:
        """The two groups chosen, or None when the form is not valid or lacks one."""
        if not self.is_valid():
            return None
        first, second = self.cleaned_data.get("a"), self.cleaned_data.get("b")
        if first is None or second is None:
            return None
        return first, second
