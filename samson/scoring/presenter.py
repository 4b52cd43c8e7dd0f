"""Turn a Result into its profile in one language (samson.scoring.profile): ids, numbers and
labels, typed for pages and reports, and as JSON-ready data.

Key order and key set are fixed (None where there is nothing to say), so consumers and
snapshot tests can rely on them. Scores are rounded to one decimal here and only here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samson.instrument_spec import Instrument, MaturityLevel, Quadrant, Text, normalise_language
from samson.scoring import texts
from samson.scoring import thresholds as t
from samson.scoring.maturity import LADDER
from samson.scoring.profile import (
    AdvisedDimension,
    AntiPatternView,
    CellView,
    ConditionView,
    Dimension,
    HighlightedCell,
    InstrumentView,
    ItemView,
    MatrixView,
    MaturityStep,
    MaturityView,
    Named,
    Profile,
    ReadingView,
    ReasonView,
    ScoreView,
    SignalView,
    TypologyAnswerView,
    TypologyView,
    extended,
    profile_dict,
)
from samson.scoring.result import (
    AntiPattern,
    CellScore,
    Condition,
    DimensionScore,
    Result,
    Score,
    Signal,
    TypologyAnswer,
)

_SUBJECT_KIND = {
    "value_at_least": "value",
    "values_all_at_least": "value",
    "field_at_least": "field",
    "antipattern_not_fired": "antipattern",
    "in_production": "field",
    "lasting": "field",
    "addresses_power": "value",
    "design_shared": "field",
    "production_shared": "field",
}
# On typology evidence the subject of a signal is a typology question (worded in the sentence
# itself); a warning stays a warning, named by its label whatever fired it.
_TYPOLOGY_SUBJECT_KIND = {"antipattern_not_fired": "antipattern"}


def _round(score: float | None) -> float | None:
    """One decimal, halves rounded up (81.25 -> 81.3) as readers of a report expect."""
    if score is None:
        return None
    return float(Decimal(repr(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _number(value: float | int | str | None, lang: str) -> str:
    """A number as people write it: 62,5 in Norwegian, 62.5 in English."""
    if value is None:
        return texts.NO_ANSWER.get(lang)
    if isinstance(value, str):
        return value
    rounded = _round(float(value))
    assert rounded is not None
    text = str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"
    return text if lang == "en" else text.replace(".", ",")


def _score(score: Score) -> ScoreView:
    return ScoreView(
        score=_round(score.score),
        answered=score.answered,
        dont_know=score.dont_know,
        items=score.items,
    )


class _Presenter:
    def __init__(self, result: Result, lang: str) -> None:
        self.result = result
        self.instrument: Instrument = result.instrument
        self.lang = lang

    def text(self, text: Text | None) -> str | None:
        return None if text is None else text.get(self.lang)

    def label(self, kind: str, dim_id: str | None) -> str | None:
        if dim_id is None:
            return None
        try:
            return self.instrument.dimension(kind, dim_id).label.get(self.lang)
        except KeyError:
            return dim_id

    def sentence(
        self,
        template: Text,
        observed: float | int | str | None,
        threshold: float | None,
        subject_kind: str | None,
        subject: str | None,
    ) -> str:
        subject_label = self.label(subject_kind, subject) if subject_kind else subject
        return template.get(self.lang).format(
            observed=_number(observed, self.lang),
            threshold=_number(threshold, self.lang),
            subject=subject_label or "",
        )

    def dimension(self, entry: DimensionScore) -> Dimension:
        dimension = self.instrument.dimension(entry.kind, entry.id)
        score = entry.score
        return Dimension(
            id=entry.id,
            label=self.text(dimension.label),
            score=_round(score.score),
            answered=score.answered,
            dont_know=score.dont_know,
            items=score.items,
        )

    def advised(self, entry: DimensionScore) -> AdvisedDimension:
        advice = self.instrument.dimension(entry.kind, entry.id).advice
        return extended(self.dimension(entry), AdvisedDimension, advice=self.text(advice))

    def pick(
        self, entries: tuple[DimensionScore, ...], dim_id: str | None
    ) -> AdvisedDimension | None:
        for entry in entries:
            if entry.id == dim_id:
                return self.advised(entry)
        return None

    def cell(self, cell: CellScore) -> CellView:
        score = cell.score
        return CellView(
            value=cell.value,
            field=cell.field,
            value_label=self.label("value", cell.value),
            field_label=self.label("field", cell.field),
            score=_round(score.score),
            answered=score.answered,
            dont_know=score.dont_know,
            items=score.items,
        )

    def highlighted(self, keys: tuple[tuple[str, str], ...]) -> tuple[HighlightedCell, ...]:
        cells = {(cell.value, cell.field): cell for cell in self.result.cells}
        out = []
        for key in keys:
            texts_for_cell = self.instrument.cell(*key)
            out.append(
                extended(
                    self.cell(cells[key]),
                    HighlightedCell,
                    advice=self.text(texts_for_cell.advice),
                    dialogue=tuple(question.get(self.lang) for question in texts_for_cell.dialogue),
                )
            )
        return tuple(out)

    def typology_answer(self, answer: TypologyAnswer) -> TypologyAnswerView:
        code_label = None
        if answer.code is not None and answer.item_id is not None:
            scale = self.instrument.scale_for(answer.item_id)
            code_label = self.text(scale.label(answer.code) if scale else None)
        return TypologyAnswerView(
            id=answer.typology_id,
            label=self.label("typology", answer.typology_id),
            item=answer.item_id,
            code=answer.code,
            code_label=code_label,
            status=answer.status,
            counts={str(code): count for code, count in answer.counts.items()},
            dont_know=answer.dont_know,
        )

    def reason(self, reason_id: str | None) -> ReasonView | None:
        if reason_id is None:
            return None
        return ReasonView(id=reason_id, text=self.text(texts.TYPOLOGY_REASONS.get(reason_id)))

    def named(self, found: Quadrant | MaturityLevel) -> Named:
        """A quadrant or maturity level with its label and description in the page's language."""
        return Named(
            id=found.id, label=self.text(found.label), description=self.text(found.description)
        )

    def typology(self) -> TypologyView:
        typology = self.result.typology
        quadrant = None
        if typology.quadrant is not None:
            quadrant = self.named(self.instrument.quadrant(typology.quadrant))
        matrix = None
        if typology.design is not None and typology.production is not None:
            cell = self.instrument.matrix_cell(typology.design, typology.production)
            matrix = MatrixView(
                design=cell.design,
                production=cell.production,
                name=self.text(cell.name),
                description=self.text(cell.description),
            )
        return TypologyView(
            answers=tuple(self.typology_answer(answer) for answer in typology.answers),
            quadrant=quadrant,
            quadrant_reason=self.reason(typology.quadrant_reason),
            matrix=matrix,
            matrix_reason=self.reason(typology.matrix_reason),
        )

    def typology_answers(self, item_ids: tuple[str, ...]) -> str:
        """The typology answers a finding rests on, named: «question»: answer; ..."""
        by_item = {a.item_id: a for a in self.result.typology.answers if a.item_id}
        parts = []
        for item_id in item_ids:
            answer = by_item.get(item_id)
            if answer is None:
                continue
            if answer.code is not None:
                scale = self.instrument.scale_for(item_id)
                found = scale.label(answer.code) if scale else None
                text = found.get(self.lang) if found else str(answer.code)
            elif answer.status == "no_majority":
                text = texts.NO_MAJORITY.get(self.lang)
            elif answer.status == "dont_know":
                text = texts.DONT_KNOW.get(self.lang)
            else:
                text = texts.UNANSWERED.get(self.lang)
            question = self.label("typology", answer.typology_id) or answer.typology_id
            parts.append(texts.ANSWER_PART.get(self.lang).format(question=question, answer=text))
        frame = texts.ANSWERS_GROUP if self.result.respondents > 1 else texts.ANSWERS_ONE
        return frame.get(self.lang).format(answers="; ".join(parts))

    def statement(
        self,
        statement_id: str,
        status: str,
        evidence: str | None,
        observed: float | int | str | None,
        threshold: float | None,
        subject: str | None,
        answers: tuple[str, ...],
        answered: int,
    ) -> str:
        """The sentence for one condition or signal: a finding only when answers back it."""
        kinds = _TYPOLOGY_SUBJECT_KIND if evidence == "typology" else _SUBJECT_KIND
        kind = kinds.get(statement_id)
        subject_label = (self.label(kind, subject) if kind else subject) or ""
        if status in ("not_answered", "not_asked"):
            topic = texts.TOPICS[statement_id].get(self.lang).format(subject=subject_label)
            frame = texts.NOT_ANSWERED if status == "not_answered" else texts.NOT_ASKED
            return frame.get(self.lang).format(topic=topic)
        positive = status in ("met", "yes")
        template = texts.FINDINGS[(statement_id, evidence or "scores", positive)]
        return template.get(self.lang).format(
            observed=_number(observed, self.lang),
            threshold=_number(threshold, self.lang),
            subject=subject_label,
            answered=answered,
            answers=self.typology_answers(answers) if evidence == "typology" else "",
        )

    def signal(self, signal: Signal) -> SignalView:
        observed = (
            _round(signal.observed) if isinstance(signal.observed, float) else signal.observed
        )
        status = signal.status
        return SignalView(
            id=signal.id,
            met=signal.met,
            status=status,
            status_label=texts.STATUS_LABELS[status].get(self.lang),
            observed=observed,
            threshold=signal.threshold,
            subject=signal.subject,
            evidence=signal.evidence,
            answers=signal.answers,
            text=self.statement(
                signal.id,
                status,
                signal.evidence,
                signal.observed,
                signal.threshold,
                signal.subject,
                signal.answers,
                signal.answered,
            ),
        )

    def condition(self, condition: Condition) -> ConditionView:
        observed = condition.observed
        if condition.id == "no_scores":
            text = texts.NO_SCORES.get(self.lang)
        else:
            text = self.statement(
                condition.id,
                condition.status,
                condition.evidence,
                observed,
                condition.threshold,
                condition.subject,
                condition.answers,
                condition.answered,
            )
        return ConditionView(
            id=condition.id,
            level=condition.level,
            met=condition.met,
            status=condition.status,
            status_label=texts.STATUS_LABELS[condition.status].get(self.lang),
            observed=_round(observed) if isinstance(observed, float) else observed,
            threshold=condition.threshold,
            subject=condition.subject,
            evidence=condition.evidence,
            answers=condition.answers,
            text=text,
        )

    def maturity(self) -> MaturityView:
        maturity = self.result.maturity
        level = None
        if maturity.level is not None:
            level = self.named(self.instrument.maturity_level(maturity.level))
        reasons = tuple(self.condition(c) for c in maturity.reasons)
        reached = LADDER.index(maturity.level) if maturity.level is not None else -1
        steps = []
        for index, step_id in enumerate(LADDER):
            conditions = tuple(r for r in reasons if r.level == step_id and r.id != "no_scores")
            if not conditions:
                continue
            label = self.text(self.instrument.maturity_level(step_id).label) or step_id
            steps.append(
                MaturityStep(
                    id=step_id,
                    label=label,
                    reached=index <= reached,
                    heading=texts.STEP_STATES[index <= reached].get(self.lang).format(level=label),
                    conditions=conditions,
                )
            )
        return MaturityView(level=level, reasons=reasons, steps=tuple(steps))

    def antipattern_statement(self, pattern: AntiPattern) -> tuple[str, str]:
        """(status, sentence) for one anti-pattern, naming the answers it rests on."""
        score = pattern.score
        label = self.label("antipattern", pattern.id) or pattern.id
        typology = [a for a in self.result.typology.answers if a.item_id and a.code is not None]
        typology_ids = tuple(a.item_id for a in typology if a.item_id)
        if pattern.by_items or pattern.by_typology:
            status = "fired"
            evidence = "scores" if pattern.by_items else "typology"
            key = ("antipattern_not_fired", evidence, False)
        elif score.score is not None:
            status, evidence = "not_found", "scores"
            key = ("antipattern_not_fired", "scores", True)
        else:
            status = "not_answered" if score.items else "not_asked"
            topic = texts.TOPICS["antipattern_not_fired"].get(self.lang).format(subject=label)
            frame = texts.NOT_ANSWERED if score.items else texts.NOT_ASKED
            return status, frame.get(self.lang).format(topic=topic)
        text = (
            texts.FINDINGS[key]
            .get(self.lang)
            .format(
                observed=_number(score.score, self.lang),
                threshold=_number(t.ANTIPATTERN_THRESHOLD, self.lang),
                subject=label,
                answered=score.answered,
                answers=self.typology_answers(typology_ids) if evidence == "typology" else "",
            )
        )
        return status, text

    def antipatterns(self) -> tuple[AntiPatternView, ...]:
        out = []
        for pattern in self.result.antipatterns:
            dimension = self.instrument.dimension("antipattern", pattern.id)
            score = pattern.score
            status, text = self.antipattern_statement(pattern)
            out.append(
                AntiPatternView(
                    id=pattern.id,
                    label=self.text(dimension.label),
                    score=_round(score.score),
                    answered=score.answered,
                    dont_know=score.dont_know,
                    items=score.items,
                    fired=pattern.fired,
                    fired_by=tuple(
                        name
                        for name, on in (
                            ("items", pattern.by_items),
                            ("typology", pattern.by_typology),
                        )
                        if on
                    ),
                    warning=self.text(dimension.warning) if pattern.fired else None,
                    status=status,
                    status_label=texts.STATUS_LABELS[status].get(self.lang),
                    text=text,
                )
            )
        return tuple(out)

    def warnings_summary(self) -> str:
        """fired, none_found (every pattern asked, answered and not fired) or incomplete."""
        patterns = self.result.antipatterns
        if any(pattern.fired for pattern in patterns):
            return "fired"
        if patterns and all(pattern.score.score is not None for pattern in patterns):
            return "none_found"
        return "incomplete"

    def reading_text(self) -> str | None:
        reading = self.result.reading
        key: str = reading.id or ""
        production = next((s for s in reading.signals if s.id == "production_shared"), None)
        if key == "tynn" and production is not None and production.met is None:
            key = "tynn_minst"
        return self.text(texts.READINGS.get(key))

    def build(self) -> Profile:
        result = self.result
        factors = result.factors
        reading = result.reading
        return Profile(
            instrument=InstrumentView(
                key=result.instrument_key,
                version=result.instrument_version,
                title=self.text(self.instrument.title),
            ),
            lang=self.lang,
            respondents=result.respondents,
            overall=_score(result.overall),
            maturity=self.maturity(),
            values=tuple(self.dimension(entry) for entry in result.values),
            fields=tuple(self.dimension(entry) for entry in result.fields),
            cells=tuple(self.cell(cell) for cell in result.cells),
            weakest_cells=self.highlighted(result.weakest_cells),
            strongest_cells=self.highlighted(result.strongest_cells),
            typology=self.typology(),
            reading=ReadingView(
                id=reading.id,
                text=self.reading_text(),
                basis=reading.basis,
                signals=tuple(self.signal(signal) for signal in reading.signals),
            ),
            warnings=result.warnings,
            antipatterns=self.antipatterns(),
            warnings_summary=self.warnings_summary(),
            barriers=tuple(self.advised(entry) for entry in factors.barriers),
            drivers=tuple(self.advised(entry) for entry in factors.drivers),
            challenges=tuple(self.advised(entry) for entry in factors.challenges),
            strongest_barrier=self.pick(factors.barriers, factors.strongest_barrier),
            strongest_driver=self.pick(factors.drivers, factors.strongest_driver),
            weakest_driver=self.pick(factors.drivers, factors.weakest_driver),
            main_challenge=self.pick(factors.challenges, factors.main_challenge),
            items=tuple(
                ItemView(
                    id=entry.item_id,
                    text=self.text(self.instrument.item(entry.item_id).text),
                    score=_round(entry.score.score),
                    answered=entry.score.answered,
                    dont_know=entry.score.dont_know,
                    items=entry.score.items,
                )
                for entry in result.items
            ),
        )


def result_profile(result: Result, lang: str | None = None) -> Profile:
    """See Result.profile."""
    return _Presenter(result, normalise_language(lang)).build()


def result_to_dict(result: Result, lang: str | None = None) -> dict[str, Any]:
    """See Result.to_dict."""
    data: dict[str, Any] = profile_dict(result_profile(result, lang))
    return data
