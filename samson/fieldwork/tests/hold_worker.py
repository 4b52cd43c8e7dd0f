"""`samson db_worker` that stops for good in the middle of one message: after claiming it and
before its SMTP conversation starts (while rendering it). A test SIGKILLs it there.

    python -m samson.fieldwork.tests.hold_worker db_worker ...

SAMSON_TEST_HOLD_AT: which of this worker's messages to stop at (1 for the first);
SAMSON_TEST_HOLD_FILE: a file it writes the held message's address to once it stops."""

import os
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    import django

    django.setup()
    from django.core.management import execute_from_command_line

    from samson.fieldwork import services

    hold_at = int(os.environ["SAMSON_TEST_HOLD_AT"])
    flag = Path(os.environ["SAMSON_TEST_HOLD_FILE"])
    render = services.message_for
    rendered = 0

    def message_for(message: Any) -> Any:
        nonlocal rendered
        rendered += 1
        if rendered == hold_at:
            flag.write_text(message.invitee.email, encoding="utf-8")
            while True:
                time.sleep(1)
        return render(message)

    services.message_for = message_for
    execute_from_command_line(["samson", *sys.argv[1:]])


if __name__ == "__main__":
    main()
