"""The ASGI entry point uvicorn's workers import (``server.asgi:create``, a factory): each
worker process opens its own connection pool on the database ``docket-server serve`` chose."""

from __future__ import annotations

import os

from fastapi import FastAPI

from server.app import create_app
from server.models.db import Database
from server.services.context import Context
from server.serving import silence_fastapi_schema_warning

ENV_URL = "DOCKET_SERVER_DATABASE_URL"


def create() -> FastAPI:
    silence_fastapi_schema_warning()
    return create_app(Context(Database(os.environ[ENV_URL])))
