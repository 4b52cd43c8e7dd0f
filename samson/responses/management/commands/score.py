"""`samson score --instrument KEY [--version V] --answers FILE|-`: a result as JSON."""

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samson.instrument_spec import AnswerError, validate_answers
from samson.instruments.models import InstrumentVersion
from samson.instruments.selectors import instrument_spec, instrument_version_get
from samson.scoring import score


class Command(BaseCommand):
    help = "Score a set of answers ({item_id: value} as JSON) and print the result as JSON."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # `--version` is the instrument version here, not Django's own version flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instrument", required=True, help="instrument key")
        parser.add_argument("--version", type=int, dest="instrument_version")
        parser.add_argument("--answers", required=True, help="a JSON file, or - for stdin")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default="nb"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        answers = _read_answers(options["answers"])
        key, version = options["instrument"], options["instrument_version"]
        try:
            stored = instrument_version_get(key=key, version=version)
        except InstrumentVersion.DoesNotExist as error:
            wanted = key if version is None else f"{key} version {version}"
            raise CommandError(f"no instrument {wanted} is imported") from error
        instrument = instrument_spec(stored)
        try:
            valid = validate_answers(instrument, answers)
        except AnswerError as error:
            raise CommandError(str(error)) from error
        result = score(instrument, valid).to_dict(lang=options["language"])
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def _read_answers(source: str) -> dict[str, Any]:
    name = "stdin" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(f"{name}: cannot read the answers file ({error.strerror})") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from error
    if not isinstance(data, dict):
        raise CommandError(f"{name}: the answers must be a JSON object {{item_id: value}}")
    return data
