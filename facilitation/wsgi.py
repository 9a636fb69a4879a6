"""WSGI entry point for gunicorn: `gunicorn facilitation.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "facilitation.settings")

application = get_wsgi_application()
