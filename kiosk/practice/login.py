"""The pretend login: a page like ID-porten's choice of e-ID, the pretend BankID (national
identity number, one-time code, personal password, checked against the practice codes)
and a pretend Min side with the practice services. Drawn in our own markup, with no
logos; each page says what the real service would do. Pages of the practice blueprint.
"""
from __future__ import annotations

from flask import g, redirect, request, url_for

from core.services.learning.practice import attempts as practice
from core.services.errors import ServiceError
from core.services.learning.practice.content import METHODS, content
from core.web.access import access
from kiosk.practice.texts import METHOD_NAMES, login_error
from kiosk import render
from kiosk.practice.common import bp, login_state, save_login
from kiosk.practice.forms import CodeForm, NationalIdForm, PasswordForm

BANKID_STEPS = {
    # step: (form, field, check, next page, number)
    "national_id": (NationalIdForm, "national_id", practice.enter_national_id,
                    "practice.bankid_code", 1),
    "code": (CodeForm, "code", practice.enter_code, "practice.bankid_password", 2),
    "password": (PasswordForm, "password", practice.enter_password, "practice.min_side", 3),
}


def _choice_page(error: str | None = None, status: int = 200):
    return render("practice/login.html", methods=METHODS, names=METHOD_NAMES, error=error,
                  codes=content().codes), status


@bp.get("/login")
@access("inmate")
def login():
    return _choice_page()


@bp.post("/login")
@access("inmate")
def login_post():
    state = login_state()
    method = request.form.get("method", "")
    try:
        practice.choose_method(state, method)
    except ServiceError as problem:
        return _choice_page(login_error(problem.code, problem.params), status=400)
    save_login(state)
    if method == "bankid":
        return redirect(url_for("practice.bankid"))
    return render("practice/login_other.html", method=method, name=METHOD_NAMES[method])


def _bankid_step(step: str):
    form_class, name, check, following, number = BANKID_STEPS[step]
    state = login_state()
    if not practice.step_reached(state, step):
        return redirect(url_for("practice.login"))
    form = form_class()
    if request.method == "POST" and form.validate_on_submit():
        try:
            check(state, content(), form[name].data)
        except ServiceError as problem:
            form[name].errors = [login_error(problem.code, problem.params)]
        save_login(state)  # wrong entries count, for the task
        if not form.errors:
            return redirect(url_for(following))
    return render("practice/bankid.html", form=form, field=form[name], step=step,
                  number=number, locked=state.locked and step == "password",
                  codes=content().codes), 400 if form.errors else 200


@bp.route("/login/bankid", methods=["GET", "POST"])
@access("inmate")
def bankid():
    return _bankid_step("national_id")


@bp.route("/login/bankid/code", methods=["GET", "POST"])
@access("inmate")
def bankid_code():
    return _bankid_step("code")


@bp.route("/login/bankid/password", methods=["GET", "POST"])
@access("inmate")
def bankid_password():
    return _bankid_step("password")


@bp.get("/min-side")
@access("inmate")
def min_side():
    if login_state().step != "done":
        return redirect(url_for("practice.login"))
    return render("practice/min_side.html", name=g.inmate.name)


@bp.post("/logout")
@access("inmate")
def logout():
    save_login(None)
    return redirect(url_for("practice.index"))
