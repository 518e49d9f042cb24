"""The WSGI entry point for production servers: `gunicorn spelotheek.wsgi:app`.

The database is upgraded at start-up; on PostgreSQL an advisory lock makes workers take turns.
"""

from spelotheek import create_app
from spelotheek.migrate import upgrade

app = create_app()
upgrade(app.config["DATABASE_URL"])
