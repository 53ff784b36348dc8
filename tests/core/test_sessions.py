from datetime import timedelta

from core.security import sessions

LIMITS = sessions.Limits(idle=timedelta(minutes=5), absolute=timedelta(minutes=60))


def _new(db, clock):
    row, token = sessions.create(db, "kiosk", clock.now(), {"inmate_id": None})
    row.signed_in_at = clock.now()
    return row, token


def test_session_lives_while_used(db, clock):
    row, token = _new(db, clock)
    for _ in range(11):  # 55 minutes of activity, a request every 5 minutes less a second
        clock.advance(minutes=4, seconds=59)
        loaded = sessions.load(db, "kiosk", token, clock.now(), LIMITS)
        assert loaded.row is not None
        loaded.row.last_seen_at = clock.now()


def test_idle_limit_ends_the_session(db, clock):
    row, token = _new(db, clock)
    clock.advance(minutes=5)
    loaded = sessions.load(db, "kiosk", token, clock.now(), LIMITS)
    assert loaded.row is None and loaded.expired_reason == "idle"
    assert row.ended_at == clock.now() and row.end_reason == "idle"
    assert sessions.load(db, "kiosk", token, clock.now(), LIMITS).row is None


def test_absolute_limit_ends_even_an_active_session(db, clock):
    row, token = _new(db, clock)
    for _ in range(15):
        clock.advance(minutes=4)
        row.last_seen_at = clock.now()
    loaded = sessions.load(db, "kiosk", token, clock.now(), LIMITS)
    assert loaded.row is None and loaded.expired_reason == "absolute"


def test_seconds_left(db, clock):
    row, _token = _new(db, clock)
    clock.advance(minutes=2)
    assert sessions.seconds_left(row, clock.now(), LIMITS) == (180, 3480)


def test_rotation_issues_a_new_token_and_ends_the_old(db, clock):
    row, token = _new(db, clock)
    new_row, new_token = sessions.rotate(db, row, clock.now(), {"inmate_id": 1})
    assert new_token != token
    assert sessions.load(db, "kiosk", token, clock.now(), LIMITS).row is None
    assert sessions.load(db, "kiosk", new_token, clock.now(), LIMITS).row.id == new_row.id


def test_token_is_stored_only_as_a_digest(db, clock):
    row, token = _new(db, clock)
    assert token not in row.token_hash and len(row.token_hash) == 64


def test_a_kiosk_token_is_not_an_admin_session(db, clock):
    _row, token = _new(db, clock)
    assert sessions.load(db, "admin", token, clock.now(), LIMITS).row is None


def test_end_all_by_terminal(db, clock, world):
    row, token = _new(db, clock)
    row.terminal_id = world.terminals["a"].id
    db.flush()
    assert sessions.end_all(db, clock.now(), "revoked", terminal_id=world.terminals["a"].id) == 1
    assert sessions.load(db, "kiosk", token, clock.now(), LIMITS).row is None
