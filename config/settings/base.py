"""Settings for every environment. Everything that varies comes from the environment, here.

Local use needs no variables at all: SQLite under var/, console email, invoice mode
(no Stripe). `config.settings.production` and `config.settings.test` override a little.
"""

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - local default
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Links in emails and Stripe's return addresses. Locally they follow the port `make run`
# serves on (PORT); a deployment must set SITE_URL (`manage.py check --deploy` says so).
SITE_URL_SET = bool(os.environ.get("SITE_URL"))
SITE_URL = (
    os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
).rstrip("/")

INSTALLED_APPS = [
    "core.apps.AdminConfig",  # django.contrib.admin with our site (core.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves Swagger UI's own files for /api/v1/docs (no CDN: works offline, under CSP)
    "core",
    "events",
    "candidates",
    "employers",
    "itineraries",
    "packs",
    "messaging",
    "followup",
    "insights",
    "backoffice",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.RefuseBadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Organisers and coordinators must have passed the second step (core.two_factor); every
    # signed-in session is listed on /account/sessions/ (core.user_sessions). django-otp's
    # OTPMiddleware is not installed: it would load the device on every request, where the
    # mark django_otp.login leaves in the (server-side) session is enough.
    "core.middleware.TwoFactorMiddleware",
    "core.middleware.SessionActivityMiddleware",
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.errorpages.MethodNotAllowedPageMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out login (core.lockout)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",  # csp_nonce, for any inline script
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.roles",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server, the task worker and the tests read while one writes;
    # IMMEDIATE makes a write transaction take the lock up front instead of failing late.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_settings(redis_url: str) -> dict:
    """Redis when `REDIS_URL` is set, else the database's `cache_table` (`manage.py
    createcachetable`; `core.cache.DatabaseCache` is Django's with a bulk `set_many`).
    Calendar feeds keep one entry per event there (itineraries.ical), so the limit is far
    above Django's default of 300 entries."""
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }
    return {
        "default": {
            "BACKEND": "core.cache.DatabaseCache",
            "LOCATION": "cache_table",
            "OPTIONS": {"MAX_ENTRIES": 500_000},
        }
    }


CACHES = cache_settings(os.environ.get("REDIS_URL", ""))

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login lockout (django-axes, see core.lockout): 10 failures for one account, or from one
# address, lock it out for 15 minutes; a success clears nothing (an attacker's own account
# must not clear their address's count).
AUTHENTICATION_BACKENDS = ["core.lockout.LockoutModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "core.lockout.username"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # keep failures only, not a log of every login
AXES_VERBOSE = False
# Proxies in front of the app that each append the client's address to X-Forwarded-For.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
# Two-factor authentication (django-otp; core.two_factor): the name authenticator apps show.
OTP_TOTP_ISSUER = "Jämtland Calling"
# Wrong codes count towards the login lockout above (one mechanism, one 429 message), so
# django-otp's own per-device delays are off: they would refuse a right code as if it were wrong.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
# The date of the last review of the site's accessibility, printed on the accessibility
# statement (/accessibility/). Update it with each review.
ACCESSIBILITY_REVIEWED_ON = date(2026, 12, 3)
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Stockholm")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploads (CVs, logos) are private: they live outside the static files and are served
# only through views that check permissions. MEDIA_URL is deliberately unused.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are held in memory and refused (413) above this many bytes of files per request,
# before anything reaches the disk (core.uploads). A CV may be 5 MB, a logo 2 MB.
UPLOAD_MAX_BYTES = int(float(os.environ.get("UPLOAD_MAX_MB", "5")) * 1024 * 1024)
FILE_UPLOAD_HANDLERS = ["core.uploads.LimitedMemoryUploadHandler"]
DATA_UPLOAD_MAX_NUMBER_FILES = 5
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email (Django 6.1 MAILERS). Console by default; set EMAIL_BACKEND=smtp and EMAIL_* for SMTP.
_EMAIL_BACKENDS = {
    "console": "core.mail.EmailBackend",  # Django's console backend, made readable
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = os.environ.get("EMAIL_BACKEND", "console")
_email_backend = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
MAILERS = {"default": {"BACKEND": _email_backend}}
if _email_backend == _EMAIL_BACKENDS["smtp"]:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Jämtland Calling <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Payments: with no secret key the app runs in invoice mode.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")  # a local fake server in tests
BOOKING_HOLD_DURATION = timedelta(minutes=int(os.environ.get("BOOKING_HOLD_MINUTES", "30")))

API_PAGE_SIZE = 20
API_TOKEN_PREFIX = "jc_"

# Security: strict unless DEBUG. `manage.py check --deploy` is clean with DEBUG off.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the API's session auth reads it in forms
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response (Django's own middleware). Pages load scripts,
# styles, images and fonts from this site only; no inline script or style anywhere but the
# self-contained 500 page, allowed by its hash (tests/web/test_csp.py keeps it true). Forms
# post here, and booking redirects to Stripe Checkout.
CSP_500_STYLE = "'sha256-JCgIxdY3RI8KlfqT8CbRzMLb5O0PkMqulqAVoV1PWhQ='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, CSP_500_STYLE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, "https://checkout.stripe.com"],
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default config gives "django" a console handler of its own, which printed
        # each of its lines twice (there and through the root): the root prints them once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint logs every rendering step at INFO, and refused resources as warnings.
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # INFO is a line per login attempt
    },
}
NINJA_PAGINATION_PER_PAGE = API_PAGE_SIZE
WAITLIST_OFFER_DURATION = timedelta(hours=int(os.environ.get("WAITLIST_OFFER_HOURS", "48")))
