"""The WSGI entry point (`gunicorn config.wsgi`). It defaults to the production settings, which
refuse to run with DEBUG on; development is `manage.py`'s default."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
