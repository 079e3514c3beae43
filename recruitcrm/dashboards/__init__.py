"""The dashboards: they read from every app, so they live on the top floor. `home.py` is the first
page after login, `manager.py` the manager dashboard and `reports.py` its figures."""
