# gunicorn settings read by the production image (Dockerfile, docker-compose.yml).
# Access lines go through core.logs.GunicornLogger: no signed-link or reset tokens, no query
# strings (search terms are personal data), no referrer URLs (docs/security.md "What is logged").
logger_class = "core.logs.GunicornLogger"
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'
