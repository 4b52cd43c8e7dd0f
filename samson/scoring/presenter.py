"""Turn a Result into JSON-ready data with ids, numbers and labels in one language.

Key order and key set are fixed (None where there is nothing to say), so consumers and
snapshot tests can rely on them. Scores are rounded to one decimal here and only here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from samson.instrument_spec import Instrument, Text, normalise_language
from samson.scoring import texts
from samson.scoring.result import (
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


def _score(score: Score) -> dict[str, Any]:
    return {
        "score": _round(score.score),
        "answered": score.answered,
        "dont_know": score.dont_know,
        "items": score.items,
    }


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

    def dimension(self, entry: DimensionScore, with_advice: bool = False) -> dict[str, Any]:
        dimension = self.instrument.dimension(entry.kind, entry.id)
        data: dict[str, Any] = {"id": entry.id, "label": self.text(dimension.label)}
        data.update(_score(entry.score))
        if with_advice:
            data["advice"] = self.text(dimension.advice)
        return data

    def pick(
        self, entries: tuple[DimensionScore, ...], dim_id: str | None
    ) -> dict[str, Any] | None:
        for entry in entries:
            if entry.id == dim_id:
                return self.dimension(entry, with_advice=True)
        return None

    def cell(self, cell: CellScore) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": cell.value,
            "field": cell.field,
            "value_label": self.label("value", cell.value),
            "field_label": self.label("field", cell.field),
        }
        data.update(_score(cell.score))
        return data

    def highlighted(self, keys: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
        cells = {(cell.value, cell.field): cell for cell in self.result.cells}
        out = []
        for key in keys:
            data = self.cell(cells[key])
            texts_for_cell = self.instrument.cell(*key)
            data["advice"] = self.text(texts_for_cell.advice)
            data["dialogue"] = [question.get(self.lang) for question in texts_for_cell.dialogue]
            out.append(data)
        return out

    def typology_answer(self, answer: TypologyAnswer) -> dict[str, Any]:
        code_label = None
        if answer.code is not None and answer.item_id is not None:
            scale = self.instrument.scale_for(answer.item_id)
            code_label = self.text(scale.label(answer.code) if scale else None)
        return {
            "id": answer.typology_id,
            "label": self.label("typology", answer.typology_id),
            "item": answer.item_id,
            "code": answer.code,
            "code_label": code_label,
            "status": answer.status,
            "counts": {str(code): count for code, count in answer.counts.items()},
            "dont_know": answer.dont_know,
        }

    def reason(self, reason_id: str | None) -> dict[str, Any] | None:
        if reason_id is None:
            return None
        return {"id": reason_id, "text": self.text(texts.TYPOLOGY_REASONS.get(reason_id))}

    def typology(self) -> dict[str, Any]:
        typology = self.result.typology
        quadrant = None
        if typology.quadrant is not None:
            found = self.instrument.quadrant(typology.quadrant)
            quadrant = {
                "id": found.id,
                "label": self.text(found.label),
                "description": self.text(found.description),
            }
        matrix = None
        if typology.design is not None and typology.production is not None:
            cell = self.instrument.matrix_cell(typology.design, typology.production)
            matrix = {
                "design": cell.design,
                "production": cell.production,
                "name": self.text(cell.name),
                "description": self.text(cell.description),
            }
        return {
            "answers": [self.typology_answer(answer) for answer in typology.answers],
            "quadrant": quadrant,
            "quadrant_reason": self.reason(typology.quadrant_reason),
            "matrix": matrix,
            "matrix_reason": self.reason(typology.matrix_reason),
        }

    def signal(self, signal: Signal) -> dict[str, Any]:
        observed = (
            _round(signal.observed) if isinstance(signal.observed, float) else signal.observed
        )
        return {
            "id": signal.id,
            "met": signal.met,
            "observed": observed,
            "threshold": signal.threshold,
            "subject": signal.subject,
            "text": self.sentence(
                texts.SIGNALS[signal.id],
                signal.observed,
                signal.threshold,
                _SUBJECT_KIND.get(signal.id),
                signal.subject,
            ),
        }

    def condition(self, condition: Condition) -> dict[str, Any]:
        observed = condition.observed
        return {
            "id": condition.id,
            "level": condition.level,
            "met": condition.met,
            "observed": _round(observed) if isinstance(observed, float) else observed,
            "threshold": condition.threshold,
            "subject": condition.subject,
            "text": self.sentence(
                texts.CONDITIONS[condition.id],
                observed,
                condition.threshold,
                _SUBJECT_KIND.get(condition.id),
                condition.subject,
            ),
        }

    def maturity(self) -> dict[str, Any]:
        maturity = self.result.maturity
        level = None
        if maturity.level is not None:
            found = self.instrument.maturity_level(maturity.level)
            level = {
                "id": found.id,
                "label": self.text(found.label),
                "description": self.text(found.description),
            }
        return {"level": level, "reasons": [self.condition(c) for c in maturity.reasons]}

    def antipatterns(self) -> list[dict[str, Any]]:
        out = []
        for pattern in self.result.antipatterns:
            dimension = self.instrument.dimension("antipattern", pattern.id)
            data: dict[str, Any] = {
                "id": pattern.id,
                "label": self.text(dimension.label),
            }
            data.update(_score(pattern.score))
            fired_by = [
                name
                for name, on in (("items", pattern.by_items), ("typology", pattern.by_typology))
                if on
            ]
            data["fired"] = pattern.fired
            data["fired_by"] = fired_by
            data["warning"] = self.text(dimension.warning) if pattern.fired else None
            out.append(data)
        return out

    def build(self) -> dict[str, Any]:
        result = self.result
        factors = result.factors
        reading = result.reading
        return {
            "instrument": {
                "key": result.instrument_key,
                "version": result.instrument_version,
                "title": self.text(self.instrument.title),
            },
            "lang": self.lang,
            "respondents": result.respondents,
            "overall": _score(result.overall),
            "maturity": self.maturity(),
            "values": [self.dimension(entry) for entry in result.values],
            "fields": [self.dimension(entry) for entry in result.fields],
            "cells": [self.cell(cell) for cell in result.cells],
            "weakest_cells": self.highlighted(result.weakest_cells),
            "strongest_cells": self.highlighted(result.strongest_cells),
            "typology": self.typology(),
            "reading": {
                "id": reading.id,
                "text": self.text(texts.READINGS.get(reading.id or "")),
                "basis": reading.basis,
                "signals": [self.signal(signal) for signal in reading.signals],
            },
            "warnings": list(result.warnings),
            "antipatterns": self.antipatterns(),
            "barriers": [self.dimension(entry, with_advice=True) for entry in factors.barriers],
            "drivers": [self.dimension(entry, with_advice=True) for entry in factors.drivers],
            "challenges": [self.dimension(entry, with_advice=True) for entry in factors.challenges],
            "strongest_barrier": self.pick(factors.barriers, factors.strongest_barrier),
            "strongest_driver": self.pick(factors.drivers, factors.strongest_driver),
            "weakest_driver": self.pick(factors.drivers, factors.weakest_driver),
            "main_challenge": self.pick(factors.challenges, factors.main_challenge),
            "items": [
                {
                    "id": entry.item_id,
                    "text": self.text(self.instrument.item(entry.item_id).text),
                    **_score(entry.score),
                }
                for entry in result.items
            ],
        }


def result_to_dict(result: Result, lang: str | None = None) -> dict[str, Any]:
    """See Result.to_dict."""
    return _Presenter(result, normalise_language(lang)).build()
