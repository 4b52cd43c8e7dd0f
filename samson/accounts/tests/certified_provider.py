"""Starting panva's oidc-provider (oidc_provider.mjs) for a test, and stopping it again."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID = "samson-certified"
CLIENT_SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123456789"


@contextmanager
def certified_provider(*, redirect_uri: str, post_logout_redirect_uri: str) -> Iterator[str]:
    """Run the provider on 127.0.0.1 for one client with these URIs; yields its issuer."""
    node = shutil.which("node")
    # Fail, not skip: Node and the npm packages are part of `make` set-up (README).
    assert node, "Node.js is needed (README: the set-up installs the npm packages)"
    assert (ROOT / "node_modules" / "oidc-provider").is_dir(), "run `npm ci` (make set-up)"
    process = subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        [node, str(SCRIPT), CLIENT_ID, CLIENT_SECRET, redirect_uri, post_logout_redirect_uri],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        line = process.stdout.readline()
        assert line, "oidc_provider.mjs did not start"
        yield str(json.loads(line)["issuer"])
    finally:
        process.stdin.close()  # the script exits when its stdin ends
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
