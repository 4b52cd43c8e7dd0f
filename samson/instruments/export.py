"""The public, self-describing form of an instrument version (`samson instrument export`)."""

from typing import Any

from .models import InstrumentVersion


def instrument_export(version: InstrumentVersion) -> dict[str, Any]:
    """Everything in the version, plus a flat item list with each item's scale written out.

    The flat list is what codebooks and other tools need: per item its id, page, texts in
    nb/nn/en, response type, scale bounds and labels or options, the "don't know / not
    relevant" codes, the filter that decides whether it is asked, and the dimensions it belongs
    to.
    """
    spec = version.spec
    scales = {scale["id"]: scale for scale in spec["scales"]}
    items = []
    for page in spec["pages"]:
        for item in page["items"]:
            entry: dict[str, Any] = {
                "id": item["id"],
                "page": page["id"],
                "type": item["type"],
                "text": item["text"],
                "dimensions": item.get("dimensions", {}),
                "reverse": item.get("reverse", False),
                "required": item.get("required", False),
                "concept": item.get("concept"),
                "source": item.get("source"),
            }
            if "help" in item:
                entry["help"] = item["help"]
            if "show_if" in page:
                # Asked only when its page's filter holds (docs/instrument-format.md).
                entry["show_if"] = page["show_if"]
            if "scale" in item:
                entry["scale"] = _scale_export(scales[item["scale"]])
            items.append(entry)
    return {
        "key": version.key,
        "version": version.version,
        "content_hash": version.content_hash,
        "kind": version.kind,
        "title": spec["title"],
        "items": items,
        "spec": spec,
    }


def _scale_export(scale: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": scale["id"], "type": scale["type"]}
    if scale["type"] == "likert":
        out["min"] = scale["min"]
        out["max"] = scale["max"]
        out["labels"] = {str(code): label for code, label in scale["labels"].items()}
    else:
        codes = [option["code"] for option in scale["options"]]
        out["min"] = min(codes)
        out["max"] = max(codes)
        out["options"] = scale["options"]
    out["dont_know"] = scale["dont_know"]
    if "not_relevant" in scale:
        out["not_relevant"] = scale["not_relevant"]
    return out
