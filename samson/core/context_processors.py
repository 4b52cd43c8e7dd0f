from django.conf import settings
from django.http import HttpRequest


def site_links(request: HttpRequest) -> dict[str, str]:
    """Links every page's footer carries that each site configures for itself.

    `accessibility_statement_url` is the organisation's statement on uustatus.no
    (SAMSON_ACCESSIBILITY_STATEMENT_URL), or "" when it is not set or not a web address.
    """
    url = str(getattr(settings, "SAMSON_ACCESSIBILITY_STATEMENT_URL", "") or "").strip()
    if not url.lower().startswith(("https://", "http://")):
        url = ""
    return {"accessibility_statement_url": url}
