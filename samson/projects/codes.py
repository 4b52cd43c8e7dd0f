"""Join codes for rounds: short enough to type from a projector, too many to guess.

The alphabet leaves out characters people confuse when reading or typing (0/O, 1/I/L, and U/V);
eight characters from 29 give 29**8 ≈ 5.0e11 codes, and guessing is rate-limited on top.
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LENGTH = 8


def join_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def join_code_normalise(text: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(text.split()).replace("-", "").upper()
