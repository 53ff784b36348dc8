"""Brobygger's shared core: models, database, domain services, security and audit.

Nothing in this package renders a page. Both apps (kiosk/ and admin/) build on it.
"""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
