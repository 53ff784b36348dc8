from core.services.people import terminals
from kiosk import create_app
from tests.conftest import csrf_from


def _code(database, clock, world, **kwargs):
    with database.session() as db:
        _t, code = terminals.register(db, clock.now(), world.staff["prison_admin"],
                                      prison_id=world.prison.id, name="Ny", **kwargs)
    return code


def test_unenrolled_browser_sees_only_the_enrolment_page(kiosk, world):
    for path in ("/", "/home", "/me", "/supervision", "/session/timeout"):
        response = kiosk.get(path)
        assert response.status_code == 403, path
        assert 'action="/enrol"' in response.get_data(as_text=True)
    assert kiosk.get("/enrol").status_code == 200
    assert kiosk.get("/static/css/kiosk.css").status_code == 200


def test_enrolment_sets_a_strict_long_lived_cookie(kiosk, database, clock, world):
    code = _code(database, clock, world)
    page = kiosk.get("/enrol")
    response = kiosk.post("/enrol", data={"code": code, "csrf_token": csrf_from(page)})
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("bb_terminal="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=315360000" in cookie
    assert "Secure" not in cookie  # development and test only
    assert kiosk.get("/").status_code == 200


def test_wrong_code_keeps_what_was_typed_and_explains(kiosk, world):
    page = kiosk.get("/enrol")
    response = kiosk.post("/enrol", data={"code": "ABCD-2345", "csrf_token": csrf_from(page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="ABCD-2345"' in html and 'href="#code"' in html


def test_empty_code_gets_an_error_summary(kiosk, world):
    page = kiosk.get("/enrol")
    response = kiosk.post("/enrol", data={"code": "", "csrf_token": csrf_from(page)})
    assert response.status_code == 400 and "data-bb-error-summary" in response.get_data(as_text=True)


def test_production_cookies_are_secure_and_host_prefixed(settings, database, clock, hasher, world):
    app = create_app(settings.with_overrides(env="production"), database=database, clock=clock,
                     hasher=hasher)
    client = app.test_client()
    code = _code(database, clock, world)
    page = client.get("/enrol", base_url="https://kiosk.example")
    response = client.post("/enrol", base_url="https://kiosk.example",
                           data={"code": code, "csrf_token": csrf_from(page)})
    cookies = response.headers.getlist("Set-Cookie")
    terminal = next(c for c in cookies if c.startswith("__Host-bb_terminal="))
    assert "Secure" in terminal and "Path=/" in terminal and "Domain" not in terminal
    assert "Strict-Transport-Security" in response.headers


def test_revoking_takes_effect_on_the_next_request(kiosk_user, database, clock, world):
    assert kiosk_user.sign_in("A100").status_code == 302
    assert kiosk_user.client.get("/home").status_code == 200
    with database.session() as db:
        terminal = db.get(type(world.terminals["a"]), world.terminals["a"].id)
        terminals.revoke(db, clock.now(), world.staff["prison_admin"], terminal)
    response = kiosk_user.client.get("/home")
    assert response.status_code == 403 and 'action="/enrol"' in response.get_data(as_text=True)


def test_pinned_terminal_refuses_other_addresses(kiosk, database, clock, world):
    code = _code(database, clock, world, pinned_ip="10.9.9.9")
    env = {"REMOTE_ADDR": "10.9.9.9"}
    page = kiosk.get("/enrol", environ_base=env)
    kiosk.post("/enrol", data={"code": code, "csrf_token": csrf_from(page)}, environ_base=env)
    assert kiosk.get("/", environ_base=env).status_code == 200
    assert kiosk.get("/", environ_base={"REMOTE_ADDR": "10.9.9.10"}).status_code == 403


def test_demo_enrolment_exists_only_in_demo_mode(kiosk, settings, database, clock, hasher, world):
    with database.session() as db:
        terminal = db.get(type(world.terminals["a"]), world.terminals["a"].id)
        terminal.is_demo = True
    assert kiosk.get(f"/demo/enrol/{terminal.id}").status_code == 404
    demo = create_app(settings.with_overrides(demo_mode=True), database=database, clock=clock,
                      hasher=hasher).test_client()
    assert demo.get(f"/demo/enrol/{terminal.id}").status_code == 302
    assert demo.get("/").status_code == 200
    assert demo.get(f"/demo/enrol/{world.terminals['b'].id}").status_code == 404  # not a demo one
