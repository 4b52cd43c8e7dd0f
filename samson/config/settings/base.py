"""Settings shared by every environment. Environment variables are read here and nowhere else."""

from pathlib import Path
from typing import Any

import django_stubs_ext
import environ
from django.utils.translation import gettext_lazy as _

from samson.accounts.oidc_config import form_action_origins, socialaccount_providers

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "samson"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "samson.core",
    "samson.accounts",
    "samson.audit",
    "samson.instruments",
    "samson.responses",
    "samson.projects",
    "samson.participation",
    "samson.results",
    "samson.knowledge",
    "samson.reports",
    "samson.barometer",
    "samson.operations",
    "samson.api",
    "samson.background",
    "samson.fieldwork",
    # The background job queue (django-tasks, kept in the database: SQLite or PostgreSQL).
    # Workers run `samson db_worker` (docs/fieldwork.md).
    "django_tasks",
    "django_tasks_db",
    # Log-in through OpenID Connect (docs/oidc.md). After our apps, so that the templates in
    # samson/accounts override allauth's.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their caching, every page gets no-store.
    "samson.core.middleware.NeverCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "samson.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "samson.config.urls"
WSGI_APPLICATION = "samson.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samson.barometer.context_processors.barometer",
                "samson.core.context_processors.site_links",
            ],
        },
    },
]


def _database() -> dict[str, Any]:
    """SQLite by default; PostgreSQL (or any URL) through DATABASE_URL."""
    config: dict[str, Any] = env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer writes; the busy timeout makes a second writer
        # wait for the lock instead of failing at once; IMMEDIATE takes the write lock at BEGIN so
        # a transaction never fails half-way on a lock upgrade.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database()}
# A streaming replica of the PostgreSQL primary (docs/scaling.md, "The read replica"): data
# exports and the results of a round whose closing it has replayed read from it; everything
# else, and every write, goes to the primary (samson.core.dbrouter). Unset: one database.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**env.db_url("DATABASE_REPLICA_URL"), "ATOMIC_REQUESTS": False}
DATABASE_ROUTERS = ["samson.core.dbrouter.ReplicaRouter"]
# With Redis as the cache (CACHE_URL=redis://…) the throttling counts live there; with any
# other cache they live in the core_throttlecount table (samson.core.ratelimit).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The reverse proxies in front of the app whose X-Forwarded-For is believed, as networks
# (comma-separated, e.g. 127.0.0.1/32,::1/128). Empty: the peer's address is the client's and
# the header is ignored. See samson.core.ratelimit.client_address and docs/deployment.md.
SAMSON_TRUSTED_PROXIES = env.list("SAMSON_TRUSTED_PROXIES", default=[])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Password log-in refused while too many have failed (samson.core.login_throttle). Django's
# ModelBackend stays listed only so that sessions started with it explicitly remain valid.
AUTHENTICATION_BACKENDS = [
    "samson.core.login_throttle.ThrottledModelBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Logs in the users of OpenID Connect providers; it never sees a password, since the
    # throttled backend above answers (or refuses) every password log-in first.
    "allauth.account.auth_backends.AuthenticationBackend",
]
SAMSON_LOGIN_ATTEMPTS_PER_CLIENT = env.int("SAMSON_LOGIN_ATTEMPTS_PER_CLIENT", default=20)
SAMSON_LOGIN_ATTEMPTS_PER_USERNAME = env.int("SAMSON_LOGIN_ATTEMPTS_PER_USERNAME", default=5)
SAMSON_LOGIN_WINDOW_SECONDS = 15 * 60
# Requests for a new password, per client and per e-mail address asked for, per hour.
SAMSON_PASSWORD_RESETS_PER_CLIENT = env.int("SAMSON_PASSWORD_RESETS_PER_CLIENT", default=10)
SAMSON_PASSWORD_RESETS_PER_EMAIL = env.int("SAMSON_PASSWORD_RESETS_PER_EMAIL", default=3)
SAMSON_PASSWORD_RESET_WINDOW_SECONDS = 60 * 60

# A log-in lasts a working day at most, and ends when the browser is closed.
SESSION_COOKIE_AGE = 9 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Where to report a vulnerability, published in /.well-known/security.txt (RFC 9116).
SAMSON_SECURITY_CONTACT = env.str("SAMSON_SECURITY_CONTACT", default="mailto:security@example.org")
# The organisation's accessibility statement on uustatus.no, linked from every page's footer
# (docs/accessibility.md). Empty: the footer links to SAMSON's own page about accessibility.
SAMSON_ACCESSIBILITY_STATEMENT_URL = env.str("SAMSON_ACCESSIBILITY_STATEMENT_URL", default="")

# Content-Security-Policy (django-csp): everything from this site only, no inline script or
# style, no plug-ins, no framing. Templates keep all script and style in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norsk bokmål")),
    ("nn", _("Norsk nynorsk")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Front-end assets built from npm packages by `npm run build` (see package.json).
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]

# The shipped instrument files imported by `samson instrument import` with no paths.
SAMSON_SHIPPED_INSTRUMENTS = PACKAGE_DIR / "instruments" / "shipped"
# The instrument a visitor's "Start vurdering" uses.
SAMSON_SOLO_INSTRUMENT = "samson-kort"
# No result is shown for a group with fewer respondents; a project may raise it, never lower it.
# Uploaded data files (barometer imports, population frames) are read in memory: at most this.
SAMSON_UPLOAD_MAX_BYTES = env.int("SAMSON_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
SAMSON_MIN_GROUP_SIZE = env.int("SAMSON_MIN_GROUP_SIZE", default=5)

# Guessing join codes: wrong codes allowed per client (address) per window. Enough for a
# workshop of 200 behind one address with one typo in ten, few enough for the arithmetic in
# docs/security.md. There is deliberately no site-wide limit.
SAMSON_JOIN_ATTEMPTS_PER_CLIENT = env.int("SAMSON_JOIN_ATTEMPTS_PER_CLIENT", default=30)
SAMSON_JOIN_WINDOW_SECONDS = 10 * 60

# The REST API (docs/api.md): personal keys only, JSON only, paginated, rate-limited per key.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["samson.api.authentication.BearerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "samson.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "samson.api.throttling.AnonThrottle",
        "samson.api.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("SAMSON_API_RATE_ANONYMOUS", default="60/hour"),
        "user": env.str("SAMSON_API_RATE", default="2000/hour"),
    },
    "EXCEPTION_HANDLER": "samson.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SAMSON API",
    "DESCRIPTION": "Projects, rounds and results of co-creation assessments (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"PartyPreset": "samson.projects.models.Party.Preset"},
}

# OpenID Connect providers beside local accounts (docs/oidc.md): a JSON list of
# {"id", "name", "server_url", "client_id", "secret", "min_acr", ...}.
SAMSON_OIDC_PROVIDERS = env.json("SAMSON_OIDC_PROVIDERS", default=[])
SOCIALACCOUNT_PROVIDERS = socialaccount_providers(SAMSON_OIDC_PROVIDERS)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += form_action_origins(SAMSON_OIDC_PROVIDERS)
SOCIALACCOUNT_ADAPTER = "samson.accounts.oidc.SocialAccountAdapter"
ACCOUNT_ADAPTER = "samson.accounts.oidc.AccountAdapter"
# Accounts come from invitations or an administrator; allauth's own sign-up and log-in pages
# are not routed. The provider vouches for the e-mail address; tokens are not kept.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False

# Background jobs (django-tasks): queued in the database, run by `samson db_worker`. Another
# backend (e.g. one on Redis) can be named here without touching the code that enqueues.
TASKS = {
    "default": {
        "BACKEND": env.str("SAMSON_TASK_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
# Fieldwork e-mail (docs/fieldwork.md): the sender, at most this many messages a minute from
# the whole site, this many attempts per message with back-off from BACKOFF seconds (doubling),
# and contact lists deleted this many days after their round closes (`samson cleanup`).
SAMSON_FIELDWORK_FROM_EMAIL = env.str("SAMSON_FIELDWORK_FROM_EMAIL", default="samson@localhost")
SAMSON_FIELDWORK_MAILS_PER_MINUTE = env.int("SAMSON_FIELDWORK_MAILS_PER_MINUTE", default=120)
SAMSON_FIELDWORK_MAX_ATTEMPTS = env.int("SAMSON_FIELDWORK_MAX_ATTEMPTS", default=5)
SAMSON_FIELDWORK_BACKOFF_SECONDS = env.int("SAMSON_FIELDWORK_BACKOFF_SECONDS", default=60)
SAMSON_FIELDWORK_CONTACT_DAYS = env.int("SAMSON_FIELDWORK_CONTACT_DAYS", default=30)
# A claimed message whose worker has held it this long counts as abandoned: back to the queue if
# its SMTP conversation had not started, "in doubt" (never resent) if it had. Sending jobs that
# one "Send" enqueues, so that this many workers share the outbox (docs/fieldwork.md).
SAMSON_FIELDWORK_STALE_CLAIM_SECONDS = env.int("SAMSON_FIELDWORK_STALE_CLAIM_SECONDS", default=600)
SAMSON_FIELDWORK_SENDERS = env.int("SAMSON_FIELDWORK_SENDERS", default=2)
# A barometer stratum whose finished share of the invited units is below this gets a warning
# on the edition's response rate and estimates pages (docs/fieldwork.md).
SAMSON_FIELDWORK_LOW_RATE = env.float("SAMSON_FIELDWORK_LOW_RATE", default=0.3)
# The address personal links in e-mail start with (no request to take it from in a worker).
SAMSON_SITE_URL = env.str("SAMSON_SITE_URL", default="http://127.0.0.1:8000")
# The SMTP server production sends through (EMAIL_BACKEND is SMTP there, the console locally).
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "projects:list"
LOGOUT_REDIRECT_URL = "core:home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
