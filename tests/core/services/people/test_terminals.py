import pytest

from core.services.people import terminals
from core.services.errors import ServiceError


def _register(db, clock, world, **kwargs):
    return terminals.register(db, clock.now(), world.staff["prison_admin"],
                              prison_id=world.prison.id, name="Skolerom", **kwargs)


def test_enrolment_code_gives_a_credential_once(db, clock, world):
    terminal, code = _register(db, clock, world)
    assert terminal.state == "waiting"
    enrolled, credential = terminals.enrol(db, clock.now(), code.lower(), "10.0.0.5")
    assert enrolled.id == terminal.id and terminal.state == "enrolled"
    assert terminals.authenticate(db, credential, "10.0.0.5").id == terminal.id
    assert credential.split(".", 1)[1] not in (terminal.credential_hash or "")
    with pytest.raises(ServiceError, match="enrolment_invalid"):
        terminals.enrol(db, clock.now(), code, "10.0.0.5")


def test_enrolment_code_expires_after_15_minutes(db, clock, world):
    _terminal, code = _register(db, clock, world)
    clock.advance(minutes=15)
    with pytest.raises(ServiceError, match="enrolment_invalid"):
        terminals.enrol(db, clock.now(), code, None)


def test_code_works_just_before_expiry(db, clock, world):
    _terminal, code = _register(db, clock, world)
    clock.advance(minutes=14, seconds=59)
    assert terminals.enrol(db, clock.now(), code, None)


def test_wrong_codes_are_throttled_per_address(db, clock, world):
    _terminal, code = _register(db, clock, world)
    for _ in range(10):
        with pytest.raises(ServiceError, match="enrolment_invalid"):
            terminals.enrol(db, clock.now(), "WRONGCODE", "10.0.0.9")
    with pytest.raises(ServiceError, match="enrolment_throttled"):
        terminals.enrol(db, clock.now(), code, "10.0.0.9")
    assert terminals.enrol(db, clock.now(), code, "10.0.0.10")


def test_revoked_terminal_is_refused_at_once(db, clock, world):
    credential = world.credentials["a"]
    terminal = terminals.authenticate(db, credential, None)
    assert terminal is not None
    terminals.revoke(db, clock.now(), world.staff["prison_admin"], terminal)
    assert terminals.authenticate(db, credential, None) is None


def test_new_code_invalidates_the_old_credential(db, clock, world):
    terminal = terminals.authenticate(db, world.credentials["a"], None)
    code = terminals.issue_enrolment_code(db, clock.now(), world.staff["prison_admin"], terminal, 15)
    assert terminals.authenticate(db, world.credentials["a"], None) is None
    _t, credential = terminals.enrol(db, clock.now(), code, None)
    assert terminals.authenticate(db, credential, None).id == terminal.id


@pytest.mark.parametrize("credential", [None, "", "nodot", "x.y", "999.secret", "1.wrong"])
def test_bad_credentials_are_refused(db, world, credential):
    assert terminals.authenticate(db, credential, None) is None


def test_ip_pinning(db, clock, world):
    terminal, code = _register(db, clock, world, pinned_ip="10.1.1.1")
    _t, credential = terminals.enrol(db, clock.now(), code, "10.1.1.1")
    assert terminals.authenticate(db, credential, "10.1.1.1") is not None
    assert terminals.authenticate(db, credential, "10.1.1.2") is None


def test_supervision_window_opens_and_expires(db, clock, world):
    terminal = world.terminals["a_supervised"]
    assert terminals.current_window(db, clock.now(), terminal.id) is None
    window = terminals.open_window(db, clock.now(), world.staff["officer"], terminal, 30, "admin")
    assert terminals.current_window(db, clock.now(), terminal.id).id == window.id
    clock.advance(minutes=30)
    assert terminals.current_window(db, clock.now(), terminal.id) is None


def test_window_length_is_bounded(db, clock, world):
    for minutes in (0, 4, 481):
        with pytest.raises(ServiceError, match="window_minutes"):
            terminals.open_window(db, clock.now(), world.staff["officer"],
                                  world.terminals["a_supervised"], minutes, "admin")


def test_closing_a_window_closes_it(db, clock, world):
    terminal = world.terminals["a_supervised"]
    terminals.open_window(db, clock.now(), world.staff["officer"], terminal, 30, "admin")
    terminals.close_windows(db, clock.now(), terminal, actor=world.staff["officer"])
    assert terminals.current_window(db, clock.now(), terminal.id) is None


@pytest.mark.parametrize("credential", [None, "", "nodot", "x.y", "999.secret", "1.wrong"])
def test_bad_credentials_are_refused_with_the_inmate_too(db, world, credential):
    inmate = next(iter(world.inmates.values()))
    assert terminals.authenticate_with_inmate(db, credential, None, inmate.id) == (
        None, None, False)


def test_terminal_inmate_and_larger_text_in_one_query(db, clock, world):
    from core.services.learning import progress

    inmate = next(iter(world.inmates.values()))
    credential = world.credentials["a"]
    terminal, loaded, large = terminals.authenticate_with_inmate(db, credential, None, inmate.id)
    assert terminal.id == terminals.authenticate(db, credential, None).id
    assert (loaded.id, large) == (inmate.id, False)
    progress.set_large_text(db, clock.now(), inmate, True)
    db.flush()
    assert terminals.authenticate_with_inmate(db, credential, None, inmate.id)[2] is True
    # No such inmate, or none signed in: the terminal alone.
    assert terminals.authenticate_with_inmate(db, credential, None, 10**9)[1:] == (None, False)
    assert terminals.authenticate_with_inmate(db, credential, None, None)[0] is terminal
    terminals.revoke(db, clock.now(), world.staff["prison_admin"], terminal)
    assert terminals.authenticate_with_inmate(db, credential, None, inmate.id) == (
        None, None, False)


def test_the_per_request_query_leaves_prisons_and_units_until_asked(db, world):
    """Every kiosk request runs it: the terminal's and the inmate's prison and unit (joined
    eagerly elsewhere) are not read with it, but a page that shows them still gets them."""
    from tests.support.statements import recorded, selects

    inmate = next(iter(world.inmates.values()))
    credential = world.credentials["a"]
    db.expunge_all()  # nothing already loaded: what the query itself reads
    with recorded(db.get_bind()) as statements:
        terminal, loaded, _large = terminals.authenticate_with_inmate(
            db, credential, None, inmate.id)
        (query,) = selects(statements)
        tables = set(query.replace('"', "").split())
        assert {"terminal", "inmate"} <= tables and not {"prison", "unit"} & tables
        assert loaded.prison.name == world.prison.name  # read when asked
        assert terminal.prison.id == world.prison.id
        db.expunge_all()
        statements.clear()  # no one signed in (the sign-in page): the terminal alone
        assert terminals.authenticate_with_inmate(db, credential, None, None)[0] is not None
        (query,) = selects(statements)
        tables = set(query.replace('"', "").split())
        assert "terminal" in tables and not {"prison", "unit"} & tables


def test_what_was_read_with_the_session_is_used_only_for_its_terminal_and_inmate(db, world):
    """authenticate_with_inmate's ``read`` (WITH_SESSION's row): used for the terminal and
    inmate it names, the credential checked all the same; anything else is read anew."""
    from tests.support.statements import recorded, selects

    inmate = world.inmates["a"]
    credential = world.credentials["a"]
    terminal, loaded, large = terminals.authenticate_with_inmate(db, credential, None, inmate.id)
    read = (terminal, loaded, large)
    with recorded(db.get_bind()) as statements:
        assert terminals.authenticate_with_inmate(db, credential, None, inmate.id, read=read) \
            == (terminal, loaded, large)
        assert selects(statements) == []  # nothing read again
        secret_wrong = credential.split(".")[0] + ".not-the-secret"
        assert terminals.authenticate_with_inmate(db, secret_wrong, None, inmate.id,
                                                  read=read) == (None, None, False)
        assert selects(statements) == []  # refused on what was read
    other = world.inmates["a2"]
    with recorded(db.get_bind()) as statements:
        found = terminals.authenticate_with_inmate(db, credential, None, other.id, read=read)
        assert found[1].id == other.id and len(selects(statements)) <= 1
    other_terminal = world.credentials["a2"]
    found = terminals.authenticate_with_inmate(db, other_terminal, None, inmate.id, read=read)
    assert found[0] is not None and found[0].id != terminal.id
