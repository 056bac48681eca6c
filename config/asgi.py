"""The ASGI entry point. It defaults to the production settings, which refuse to run with
DEBUG on; development is `manage.py`'s default."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_asgi_application()
