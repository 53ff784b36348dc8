"""gunicorn kiosk.wsgi:app"""
from core import memory
from kiosk import create_app

memory.bound_malloc()  # large blocks (argon2id's) given back at free: core/memory.py
app = create_app()
