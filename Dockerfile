# Production image: gunicorn serving Django, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

RUN useradd --create-home --uid 1000 recruitcrm

COPY pyproject.toml requirements.lock README.md ./
COPY core ./core
COPY candidates ./candidates
COPY clients ./clients
COPY compliance ./compliance
COPY vacancies ./vacancies
COPY engagement ./engagement
COPY privacy ./privacy
COPY recruitcrm ./recruitcrm
COPY templates ./templates
COPY static ./static
COPY manage.py gunicorn.conf.py ./

# Pinned install (the same lock `make` uses), with S3 storage support; no dev tools.
RUN pip install -c requirements.lock '.[s3]'

# Static files are collected at build time and served by whitenoise. The settings need a database
# URL and a secret to load; these build-only values are never used to connect or sign anything.
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build-only-not-secret VAR_DIR=/app/var \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/var/media && chown -R recruitcrm /app/var

USER recruitcrm
ENV VAR_DIR=/app/var
EXPOSE 8000
CMD ["gunicorn", "recruitcrm.wsgi", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3"]
