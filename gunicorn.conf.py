"""gunicorn's settings for `make serve` and the systemd unit (docs/DEPLOYMENT.md).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

# Where to listen: nginx proxies to this address.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Workers: (2 × CPU cores) + 1, gunicorn's own rule of thumb, unless WEB_CONCURRENCY says.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads in each worker (gthread): a slow client or a slow page holds one thread, not
# the whole worker, so /healthz and other pages still answer while some are busy.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request that takes longer than this is cut off and its worker restarted; exports
# stream, so even 100,000 rows stay well inside it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# No recycling of workers after N requests: a gthread worker that recycles exits without
# finishing the requests it holds, and `make loadtest` lost the answers of 4 of 5,000
# submissions that way (2 of them after saving). GUNICORN_MAX_REQUESTS turns it back on.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# Access log and errors to stdout/stderr: systemd's journal keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Trust X-Forwarded-* only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "facilitation.wsgi:application"
