"""gunicorn admin.wsgi:app"""
from admin import create_app
from core import memory

memory.bound_malloc()  # large blocks (argon2id's) given back at free: core/memory.py
app = create_app()
