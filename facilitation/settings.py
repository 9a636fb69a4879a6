"""Settings for the facilitation project.

Every difference between deployments is read from the environment (see
`.env.example`); nothing here is secret and nothing is overridden silently.
"""

import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
GENERATE_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. It is required whenever DJANGO_DEBUG is off; "
            f"generate one with: {GENERATE_KEY}"
        )
    # Only for the local debug run: never used when debug is off.
    SECRET_KEY = "django-insecure-local-debug-only"
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    # The same rule as Django's deployment check (security.W009), enforced at start.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak: it needs at least 50 characters, not all alike. "
        f"Generate one with: {GENERATE_KEY}"
    )

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    # django-axes and the task queue's tables, named in Persian in the admin.
    "facilitation.apps.LoginLockoutsConfig",
    "django_tasks",
    "facilitation.apps.TaskQueueConfig",
    # The project's apps, lowest first: each imports only those above it in this list.
    "offices",
    "outbox",
    "ngos",
    "accounts",
    "reports",
    "workspace",
    "imports",
    "meetings",
    "dashboards",
    "demo",
    "backups",
    "facilitation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "facilitation.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "facilitation.middleware.PersianFirstLocaleMiddleware",
    "facilitation.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "facilitation.middleware.IdleSessionMiddleware",
    "facilitation.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change kept in the audit trail (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks out repeated failed logins (django-axes); last, as it asks.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files with compressed, hashed names, straight from gunicorn (WhiteNoise);
    # the local debug run serves them with runserver.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "facilitation.urls"
CSRF_FAILURE_VIEW = "facilitation.errors.csrf_failure"
WSGI_APPLICATION = "facilitation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "facilitation.context_processors.interface",
            ],
        },
    },
]

# Database: a SQLite file in the project unless DATABASE_URL says otherwise
# (production and CI: postgres://user:password@host:5432/name).
try:
    DATABASES = {
        "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
    }
except Exception as error:  # django-environ raises several kinds for a malformed URL
    raise ImproperlyConfigured(
        f"DATABASE_URL cannot be read ({error}). Expected "
        "postgres://USER:PASSWORD@HOST:5432/NAME, or sqlite:////absolute/path.sqlite3"
    ) from None
if not DATABASES["default"].get("ENGINE") or not DATABASES["default"].get("NAME"):
    raise ImproperlyConfigured(
        "DATABASE_URL names no database. Expected postgres://USER:PASSWORD@HOST:5432/NAME"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins first
    "django.contrib.auth.backends.ModelBackend",
]

# Repeated failed logins: the same username from the same address is locked out
# for a while; administrators unlock in the admin (Axes → access attempts).
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login is kept for review
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The client's address behind the proxies named here (addresses or networks, comma
# separated); empty: the connection's own address. accounts/addresses.py says how.
TRUSTED_PROXIES = env.list("DJANGO_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
# Wrong passwords from one address, for any accounts, before it is paused too.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
# Password-reset emails one address may ask for in an hour.
PASSWORD_RESET_LIMIT = env.int("DJANGO_PASSWORD_RESET_LIMIT", default=5)
AXES_VERBOSE = False

# Sessions end after this long without a request.
# (facilitation.middleware.IdleSessionMiddleware keeps active sessions alive).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_MINUTES", default=30) * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Our own files, and exactly the listed files of the npm packages (facilitation/assets.py).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "facilitation.assets.NpmFinder",
]
NODE_MODULES_DIR = BASE_DIR / "node_modules"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded attachments live outside the static root and are never served as static
# files: only the attachment view sends them, to those who may see the report.
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names (collectstatic writes them; `make serve` runs it) whenever
    # debug is off; the local debug run serves the files as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Every email is kept in the database and sent by the task queue's worker (the `outbox`
# app), never inside a request; DJANGO_EMAIL_URL names the server the worker sends to.
EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
EMAIL_URL = env.str(
    "DJANGO_EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
EMAIL_CONFIG = env.email_url_config(EMAIL_URL)
EMAIL_DELIVERY_BACKEND = EMAIL_CONFIG.pop("EMAIL_BACKEND")
vars().update(EMAIL_CONFIG)
# Seconds the worker waits for the mail server: a `timeout=` in the URL, else this.
EMAIL_TIMEOUT = env.int(
    "DJANGO_EMAIL_TIMEOUT",
    default=int(parse_qs(urlsplit(EMAIL_URL).query).get("timeout", ["10"])[0]),
)
# Seconds before each retry of an email the server did not take (refused, timed out,
# a 4xx answer); after the last the email is marked failed for the administrators.
EMAIL_RETRY_DELAYS = env.list(
    "DJANGO_EMAIL_RETRY_DELAYS", cast=int, default=[60, 300, 900, 3600, 10800]
)
# An email "being sent" for longer than this was left by a worker that died.
EMAIL_SENDING_STALE_SECONDS = 600

# The task queue: a table in the project's database by default, so a task is enqueued
# in the same transaction as the change it follows; `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": env.str("DJANGO_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="no-reply@localhost")
# The address people open the app at, for links in emails.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000")

# A referral overdue by more than this many days goes to the provincial officials'
# escalation list and digest, and the escalation is written on the report's timeline.
REFERRAL_ESCALATION_DAYS = env.int("DJANGO_REFERRAL_ESCALATION_DAYS", default=14)
# The letterhead printed at the top of the monthly report for the governor's office.
LETTERHEAD = env.str(
    "DJANGO_LETTERHEAD",
    default="استانداری آذربایجان غربی — دفتر امور اجتماعی",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind nginx, which terminates HTTPS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SSL_REDIRECT", default=False)
# The health check is asked over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS: off until the site is known to work over HTTPS; then a year, say, in production.
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# Content-Security-Policy (facilitation.middleware): only the app's own origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Failed logins are kept in the database (admin: Axes); no line for each one.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The dashboard's covering indexes (Index.include) are PostgreSQL's; on SQLite, the
# local run, they are plain indexes, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
