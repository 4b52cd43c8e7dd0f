"""Join codes for rounds: short enough to type from a projector, too many to guess.

The alphabet leaves out characters people confuse when reading or typing (0/O, 1/I/L, and U/V);
ten characters from 29 give 29**10 ≈ 4.2e14 codes. With the per-client limit on wrong codes,
that keeps guessing any open round's code a matter of decades (docs/security.md); rounds made
before codes grew from eight characters keep theirs.
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
LENGTH = 10


def join_code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def join_code_possible(code: str) -> bool:
    """Whether `code` (normalised) could be a join code: old eight- or new ten-character codes
    from the alphabet, nothing else."""
    return len(code) in (8, LENGTH) and all(char in ALPHABET for char in code)


def join_code_normalise(text: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(text.split()).replace("-", "").upper()
