"""The prison work shop (arbeidsdrift, issue 16): work shops per prison, who runs them and
who works there, attendance, and the work-capacity statement to Nav (shops, statements).
May import core.models, core.db, core.audit and shared services; no Flask."""
