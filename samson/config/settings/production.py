"""Production: every secret from the environment, no defaults for them."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "build" / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Pages are compressed as WhiteNoise compresses the static files (docs/performance.md, "Page
# weight"). Right after WhiteNoise, which answers static requests itself with its own gzip and
# brotli copies, so only pages pass through here. Django's GZipMiddleware pads each body with
# random bytes against BREACH, and the CSRF token in a page is masked anew for every response.
MIDDLEWARE = [
    *MIDDLEWARE[: MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1],
    "django.middleware.gzip.GZipMiddleware",
    *MIDDLEWARE[MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1 :],
]
# Each gunicorn worker keeps its database connection between requests instead of opening one
# per request (bench/answers, docs/performance.md); a connection the database closed is noticed
# by the health check and replaced.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction, docs/scaling.md) a
# server connection belongs to a client only for one transaction, so a cursor held open across
# transactions (what `.iterator()` makes outside a transaction) would land on another client's
# connection. Prepared statements need no setting: Django disables psycopg's for every
# connection (`prepare_threshold` None) unless OPTIONS asks for them.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False
)
# The replica, if there is one, is reached the same way as the primary (through its own pooler).
if "replica" in DATABASES:
    for option in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS"):
        DATABASES["replica"][option] = DATABASES["default"][option]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes the browser refuse these cookies unless they are Secure, for this
# exact host and path /, so no subdomain can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Published in /.well-known/security.txt (RFC 9116): where to report a vulnerability.
SAMSON_SECURITY_CONTACT = env.str("SAMSON_SECURITY_CONTACT")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Shared by every process: by default a table in the database (`samson createcachetable`).
# With Redis (CACHE_URL=redis://…, recommended) the throttling counts live there too, counted
# by INCR with their own expiry; otherwise in the core_throttlecount table. Either way each
# window is the one its setting names (the cache's TIMEOUT plays no part).
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://samson_cache")}
