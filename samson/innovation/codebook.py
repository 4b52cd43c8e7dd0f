"""The barometer codebook, generated from the instruments and the indicator definitions.

`render_codebook(instruments)` returns Markdown: every variable with its question and codes,
the filters that decide who is asked what, the frame variables of the microdata, every derived
indicator (`samson.innovation.indicators.INDICATORS`) and the calibration targets of the
synthetic dataset. `docs/barometer-codebook.md` is this output for the shipped instruments (a
test keeps them equal; regenerate with `samson barometer codebook --out
docs/barometer-codebook.md`), and `samson barometer synthetic` writes it beside the data.

Pure: imports nothing from Django. The prose between the tables is kept here, next to the
code that defines what it explains.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from samson.innovation import codelists, leder
from samson.innovation import indicators as ind
from samson.innovation import synthetic as syn
from samson.instrument_spec import Instrument, Scale
from samson.instrument_spec.conditions import AllOf, AnyOf, Condition, FilterRef, ItemIn, Not

INTRO = """\
# Innovation barometer: codebook

*Generated from the instrument files and `samson.innovation` by `samson barometer codebook
--out docs/barometer-codebook.md`; edit those, not this file.*

Variables, codes, filters and derived indicators of the innovation barometer for the municipal
sector (KS's *Innovasjonsbarometeret for kommunal sektor*,
<https://www.ks.no/fagomrader/innovasjon/innovasjonsledelse/innovasjonsbarometeret-for-kommunal-sektor/>),
and of the **synthetic** national dataset that stands in for the
unpublished national microdata. The instruments are data:
`samson/instruments/shipped/barometer-enhet.yaml` (unit leaders, blocks B1–B14 of KS's and
COI's barometer) and `barometer-leder.yaml` (chief executives, after KS's 2018 survey of chief
executives); each item names its public source. The format,
including page filters (`show_if`, `filters`) and `not_relevant`, is in
[instrument-format.md](instrument-format.md).

## Conventions

- **Variable names are the item ids** (`B1_TJENESTE`): upper case, `A–Z`, `0–9`, `_`, at most
  32 characters; stable across instrument versions while the meaning is unchanged. The prefix
  is the block (`B1`…`B14` unit leaders, `L1`…`L8` chief executives); `B1B`/`B1C` are the
  follow-ups for non-innovators, `B4B` and `B6B` the follow-ups for adopters and collaborators.
- **Codes**: yes = 1, no = 0, don't know ("vet ikke") = 9, not relevant ("ikke relevant") = 8.
  Don't know and not relevant are separate codes because KS and COI report them separately.
- **Multiple choice** ("tick all that apply", "choose up to three") is one yes/no variable per
  option: 1 = chosen, 0 = not chosen. Initiators (B5) and the chief executives' reasons (L5)
  allow at most three 1s (the page's `limit`, listed under each instrument); the web form
  refuses a fourth and an import refuses a row with more. Versions before 2 had no limit.
- **Missing** (an empty cell): the item was not asked (its page's filter did not hold) or was
  not answered. Filters are evaluated on the answers in page order, exactly as
  `Instrument.shown_items` does.
- **Definition of innovation** shown to respondents (intro of `innovasjon` and
  `nyeste-innovasjon`): a new or substantially changed service, product, process, way of
  organising work or way of communicating with the outside world that is *nytt* (new to the
  workplace, though others may have made or used it before), *nyttig* (meets a real need) and
  *nyttiggjort* (put to use and creating value), taken into use within the last two years
  (research §1.1, KS 2020/2024 definitions).
"""

DERIVED = """\
## Derived indicators

`samson.innovation.derive(columns)` (pure, numpy) takes a mapping of variable name → array of
codes (NaN = missing) and returns one new column per indicator: **1**, **0**, or **NaN** where
the indicator does not apply (the unit is outside its population) or cannot be determined. A
weighted mean of the column (`samson.surveystats.mean`) is the share KS/COI publish; domain
estimation handles the NaN rows. A variable absent from the input counts as never asked.

Populations are the instrument's filters: **all** units; **innovators** (`innovators`: any
`B1_*` = 1); **non_innovators** (all four `B1_*` answered 0 or 9). A unit that answered some of
B1 with no yes and left the rest blank is neither, so `I_INNOVATIV` is NaN for it.

Rules shared by all indicators:

- **0 versus NaN.** Inside the population, any answer that is not a "1"-code gives 0,
  including don't know (9) and not relevant (8); an unanswered item gives NaN. So shares are
  of all units in the population that answered the item, **with don't know and not relevant
  in the denominator**. This matches how KS/COI present bipolar items: don't know / not
  relevant are left out of the promoted and hindered bars and shown separately, and the bars
  are percentages of all respondents asked (research §4.2, "Reporting conventions"; DK
  edition 4: 90% promoted + 7% hindered + 3% other, §3.5). To report shares among substantive
  answers only, drop rows whose item is 8 or 9 before estimating.
- **Top-2-box on the 1–6 scale.** *Promoted* = 5 or 6 ("fremmet i noen / stor grad", KS's
  "to a great or some extent", research §1.3 B8 and §3.2); *hindered* = 1 or 2. Codes 3 and 4
  (small extent) count in neither. On the 1–4 agreement scale, *agree* = 3 or 4.
- **Composites (OR).** 1 if any part is 1; 0 if no part is 1 and at least one part was
  answered; NaN if no part was answered.
- **"Positive role" of an actor** = initiator (B5 = 1) **or** promoter (B8 in 5, 6) **or**
  partner (B6 = 1), as COI builds it (research §4.2: "the OR of initiator, promoter
  (some/high degree) and partner"; §3.1 citizens 66%, private firms 21%). For employees
  there is no partner item; KS 2020 defines "employees have a key role" as initiator or
  promoted to a great or some extent (research §1.3 "Leadership", 86% in §3.2), which is
  exactly `I_ROLLE_MEDARBEIDER`. For leaders the promoter is B8_LEDELSE (top management's
  support); for research institutions there is no promoter item.
- **Multi-value share** `I_FLERE_VERDIER`: two or more of the seven B9 values (KS 2018: more
  than 6 of 10, research §3.1). `I_FLERE_TYPER` likewise for B2 (KS 2020: a little over a
  quarter, §3.2).
- **Evaluated** `I_EVALUERT`: B11 = 1 (with outside help) or 2 (internally only); evaluations
  under way (3) or planned (4) count as not evaluated, as COI reports them (research §3.5:
  39% = 7% external + 32% internal only, with "under way" and "planned" given separately).
"""

DERIVED_NOTES = """\
Novelty `I_NYHET_*` and `I_GJENBRUK` keep don't know (B4 = 9) in the denominator, as COI
reports "don't know" beside first / adapted / copied (research §3.5, edition 4).
B8 is also asked of non-innovators with development under way (`developing`), as in the
Danish barometer, but the `I_FREMMET_*` / `I_HEMMET_*` indicators are restricted to
innovators, the population KS publishes; estimate the B8 variables directly for the others.
"""

SYNTHETIC = """\
## The synthetic dataset

**Every record is invented.** No national microdata of the KS barometer are open
(research §5), so SAMSON ships a generator, `samson.innovation.synthetic`, for demos, tests and
benchmarks:

```sh
.venv/bin/samson barometer synthetic --n 2000 --seed 2020 --out barometer-syntetisk.csv
```

writes `barometer-syntetisk.csv` (the microdata: frame variables, then every item of
`barometer-enhet` in instrument order, empty = not asked), `barometer-syntetisk-population.csv`
(`enhetstype,landsdel,count`: units per weighting cell, for
`samson stats estimate --poststrat enhetstype,landsdel --population …`),
`barometer-syntetisk.README.txt`, which starts "SYNTHETIC DATA - NOT REAL SURVEY RESPONSES",
and `barometer-syntetisk.codebook.md` (this codebook). With `--out barometer-syntetisk.sav` the
microdata are an SPSS file with variable labels (the bokmål question) and value labels (every
code), and its file label says it is synthetic. Every row has `synthetic = 1`. The same n and
seed always give the same file.

How it is built:

1. **Population frame** from the 357 municipalities of 2024 (`kommuner-2024.csv`: population,
   centrality, county → landsdel via `fylker-2024.csv`). Each municipality has
   max(minimum, round(inhabitants / 1000 × rate)) units of each of the 13 unit types (rates in
   `UNIT_TYPES`, e.g. 0.45 primary schools and 0.16 nursing homes per 1,000 inhabitants, at
   least one of each): {units} units in all. These counts are illustrative, not a register.
2. **Sample.** Weighting cells are unit type × landsdel ({cells} cells). Each cell gets two
   respondents; the rest are drawn with probability proportional to the cell's units times a
   response propensity (sector: health 0.7, education 1.4, social 1.5, culture 0.9,
   technical 0.5; landsdel 0.85–1.1), so the unweighted sample over-represents the more
   innovative sectors. A respondent's municipality is drawn within the cell in proportion to
   its units. `vekt` = cell units / cell respondents: the file is post-stratified to the
   frame already (post-stratifying again leaves the weights unchanged). Draws are with
   replacement, so for n above the frame size (e.g. the 100,000-row benchmark) weights fall
   below 1; a realistic demo uses n ≈ 2,000 (KS 2018 had 1,786 respondents).
3. **Answers** follow the instrument's routing (tested against `Instrument.shown_items`).
   Innovativeness depends on sector (social highest), unit size (employees), municipality size
   (medium highest) and centrality (medium highest), as KS describes (research §3.1–3.2); other
   items get small sector effects. For every published figure the intercept is solved on the
   realised sample so that the **weighted** share equals the target, and 0/1 outcomes are drawn
   systematically within weighting cells (where weights are equal), so estimates hit the
   targets to a fraction of a percentage point. Linked figures are solved jointly: the newest
   innovation's types are chosen among the types the unit introduced (B2 ⊆ B1); employees'
   promoter answers are drawn given their initiator answers so that both "promoted 85%" and
   "key role 86%" hold; likewise citizens and private firms.
"""

ASSUMED = """\
**Assumed, not published** (plausible values, so the file is complete; do not quote them):
B1 product 28%, service 50%, communication 44% of all units (KS 2020 only says product is
least frequent and communication rose from 40%); B2 shares (process 62%, service 36%,
communication 24%, product 14% of innovators, under the 27% multi-type constraint); initiators
other than political leadership (leaders 55%, employees 45%, …; KS says leaders are the most
important); novelty (18 / 55 / 17 / 10%); partners other than those calibrated; financing;
technology (12 / 30 / 28 / 25 / 5%); evaluation (8% external, 32% internal); the other B8
factors; the remaining values; culture; and all the covariate effects. The constants are in
`samson/innovation/synthetic.py`.
"""

FRAME_INTRO = """\
### Frame variables (microdata files)

Background that comes from the sampling frame rather than from the respondent (B14 in
research §1.3). In the synthetic file these precede the items:
"""

FRAME_NOTE = """\
KOSTRA group is not included: `kostragruppe` is empty in `kommuner-2024.csv` until SSB Klass
112 is imported (see `samson/accounts/data/README.md`).

**Weights and standard errors.** Design-based standard errors, intervals and tests come from
SAMSON (the estimates page, `samson stats estimate`) or from R's `survey` package, not from
SPSS's `WEIGHT BY`: SPSS takes a weight as a count of cases, so with `vekt` the 2,000 units of
the synthetic file count as the 11,926 units of its population and every standard error is far
too small; `analysevekt` keeps the number of cases but still ignores the design. Use either
only for point estimates in SPSS.

**SPSS files.** In `.sav` files don't know (9) and not relevant (8) are declared user-missing
on every item whose scale has them (SPSS and PSPP leave them out of means; the codes and their
labels stay), Likert items and the size classes are ordinal, other codes nominal, weights
scale; codes are shown as whole numbers (`F1.0`, `F2.0`), and `kommunenr` and `fylkesnr` are
text of fixed width (`A4`, `A2`) with their leading zeros, as in CSV and XLSX. Reading a
`.sav`, SAMSON keeps a declared-missing value that is the item's own don't know or not relevant
code and reads every other declared-missing value as an empty cell.
"""

CALIBRATION_INTRO = """\
### Calibration targets

The generator solves its intercepts so that the **weighted** estimates (`vekt`) equal these
figures; `samson/innovation/tests/test_synthetic.py` checks at n = 20,000, seed 2020, that every
one is reproduced within ±1 percentage point. Where KS 2020 published no number for an
indicator, the KS 2018 figure (same indicator, two sectors) or the COI figure for Norwegian
municipalities is used, as the source column says.
"""


def _codes(values: Iterable[int]) -> str:
    return ", ".join(str(value) for value in values)


def condition_text(condition: Condition) -> str:
    """A condition as one line of text: `B1_PRODUKT in (1)`, `innovators` and ..."""
    if isinstance(condition, ItemIn):
        word = "not in" if condition.negate else "in"
        return f"{condition.item} {word} ({_codes(condition.codes)})"
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        parts = [_nested(part) for part in condition.conditions]
        return joiner.join(parts)
    if isinstance(condition, Not):
        return f"not {_nested(condition.condition)}"
    assert isinstance(condition, FilterRef)
    return f"`{condition.filter}`"


def _nested(condition: Condition) -> str:
    text = condition_text(condition)
    return f"({text})" if isinstance(condition, AllOf | AnyOf) else text


def _scale_codes(scale: Scale) -> str:
    options = [f"{option.code} = {option.label.nb}" for option in scale.options]
    options.append(f"{scale.dont_know.code} = {scale.dont_know.label.nb}")
    if scale.not_relevant is not None:
        options.append(f"{scale.not_relevant.code} = {scale.not_relevant.label.nb}")
    return "; ".join(options)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _instrument(spec: Instrument) -> list[str]:
    key = spec.key
    lines = [
        f"### `{key}` v{spec.version}: {spec.title.en}",
        "",
        f"{spec.title.nb} (nn: {spec.title.nn}). {spec.description.en}",
        "",
        f"#### `{key}` scales",
        "",
        "| scale | codes (labels in bokmål) |",
        "|---|---|",
        *(f"| `{scale.id}` | {_cell(_scale_codes(scale))} |" for scale in spec.scales),
        "",
    ]
    if spec.filters:
        lines += [
            f"#### `{key}` filters",
            "",
            "| filter | meaning | definition |",
            "|---|---|---|",
            *(
                f"| `{f.id}` | {_cell(f.label.en)} | {_cell(condition_text(f.when))} |"
                for f in spec.filters
            ),
            "",
        ]
    lines += [
        f"#### `{key}` variables",
        "",
        "| variable | page | question / option (en) | scale | asked of |",
        "|---|---|---|---|---|",
    ]
    for page in spec.pages:
        asked = "all" if page.show_if is None else condition_text(page.show_if)
        for item in page.items:
            scale = "text" if item.scale is None else f"`{item.scale}`"
            lines.append(
                f"| `{item.id}` | `{page.id}` | {_cell(item.text.en)} | {scale} | {_cell(asked)} |"
            )
    lines.append("")
    limited = [page for page in spec.pages if page.limit is not None]
    if limited:
        lines += [
            f"#### `{key}` limits",
            "",
            "| page | variables | rule |",
            "|---|---|---|",
        ]
        for page in limited:
            assert page.limit is not None
            names = f"`{page.items[0].id}` … `{page.items[-1].id}`"
            rule = f"at most {page.limit.at_most} of them = {page.limit.code}"
            lines.append(f"| `{page.id}` | {names} | {rule} |")
        lines.append("")
    return lines


def _frame() -> list[str]:
    def listing(codes: dict[int, codelists.Label]) -> str:
        # The bokmål labels, as in the data files; codelists has nn and en too.
        return "; ".join(f"{code} {label.nb}" for code, label in codes.items())

    rows = [
        ("id", "respondent number", "1…n"),
        (
            "synthetic",
            "**1 = synthetic (invented) record**; real data have 0 or no such column",
            "1",
        ),
        ("kommunenr", "municipality number (2024 structure)", "four digits, e.g. `0301`"),
        ("fylkesnr", "county number", "two digits"),
        (
            "organtype",
            "chief-executive survey only: kind of organisation",
            listing(codelists.ORGAN_TYPES),
        ),
        ("landsdel", "SSB region", listing(codelists.LANDSDELER)),
        ("storrelse", "municipality size (inhabitants)", listing(codelists.SIZE_CLASSES)),
        ("sentralitet", "SSB centrality class of the municipality", "1 (most central) … 6"),
        ("sektor", "service area (as `B14_SEKTOR`)", listing(codelists.SECTORS)),
        ("enhetstype", "unit type (nested in sector)", listing(codelists.UNIT_TYPES)),
        (
            "vekt",
            "weight: units in the respondent's weighting cell (`enhetstype` × `landsdel`) "
            "divided by the cell's respondents. In an edition's export, the population weight "
            "its estimates use: an imported `vekt` as base weight (else 1), post-stratified "
            "to the edition's frame; it sums to the population",
            "positive",
        ),
        (
            "analysevekt",
            "an edition's export only: `vekt` scaled to mean 1 (sums to the respondents)",
            "positive",
        ),
    ]
    return [
        FRAME_INTRO,
        "| variable | meaning | codes |",
        "|---|---|---|",
        *(f"| `{name}` | {meaning} | {codes} |" for name, meaning, codes in rows),
        "",
        FRAME_NOTE,
    ]


def _indicators() -> list[str]:
    return [
        DERIVED,
        "",
        "The full list (from `samson.innovation.INDICATORS`; the population is the filter the",
        "indicator is restricted to):",
        "",
        "| indicator | population | = 1 when |",
        "|---|---|---|",
        *(f"| `{i.name}` | {i.population} | {_cell(i.definition)} |" for i in ind.INDICATORS),
        "",
        DERIVED_NOTES,
    ]


LEADER_DERIVED = """\
## Derived indicators of the chief-executive survey

`samson.innovation.leder.derive(columns)` does for `barometer-leder` what `derive` does for the
unit survey: one 0/1 column per yes/no item (L3, L4, L5, L6) and per category of L1 (and
`I_L1_VEDTATT`, a strategy adopted by the council or the administration), and for each factor
of L7 whether it promotes (5, 6) or hinders (1, 2) innovation, as KS's 2018 report presents
them. **Don't know (9) and not relevant (8) are missing, not "no"**: the share is of those who
answered. `I_L2_INNSATS` is asked only without an adopted strategy (`L1_STRATEGI` in (3, 4)).
The background variable `organtype` (1 municipality, 2 county authority) comes from the frame
or the import; where it is empty, from the answer to `L8_ORGAN`. An edition of this survey
estimates these indicators only, by `organtype`, `landsdel`, `storrelse` and the other
background variables its data hold.

| indicator | population | = 1 when |
|---|---|---|"""


def _leader_indicators() -> list[str]:
    return [
        LEADER_DERIVED,
        *(f"| `{i.name}` | {i.population} | {_cell(i.definition)} |" for i in leder.INDICATORS),
        "",
    ]


def _synthetic(frame: syn.Frame) -> list[str]:
    counts = frame.cell_counts()
    return [
        SYNTHETIC.format(units=f"{int(counts.sum()):,}", cells=int((counts > 0).sum())),
        CALIBRATION_INTRO,
        "| indicator | target | source |",
        "|---|---|---|",
        *(f"| `{t.indicator}` | {t.value:.0%} | {_cell(t.source)} |" for t in syn.TARGETS),
        "",
        ASSUMED,
    ]


def render_codebook(instruments: Sequence[Instrument], frame: syn.Frame) -> str:
    """The codebook of `instruments` (unit leaders first) and the synthetic data drawn from
    `frame`, as Markdown. `samson.barometer.shipped.codebook()` passes the shipped ones."""
    lines = [INTRO, "", "## Variables", ""]
    for spec in instruments:
        lines += _instrument(spec)
    lines += _frame()
    keys = {spec.key for spec in instruments}
    if keys != {leder.INSTRUMENT_KEY}:
        lines += _indicators()
    if leder.INSTRUMENT_KEY in keys:
        lines += _leader_indicators()
    if keys != {leder.INSTRUMENT_KEY}:  # the synthetic dataset is of the unit survey
        lines += _synthetic(frame)
    return "\n".join(lines).rstrip("\n") + "\n"
