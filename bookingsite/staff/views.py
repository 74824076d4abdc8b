"""Login, logout and the one-time set-password page of agent accounts."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from bookingsite import clock
from bookingsite.core.i18n import safe_next
from bookingsite.extensions import db
from bookingsite.staff import accounts
from bookingsite.staff.auth import audit, current_agent
from bookingsite.staff.blueprint import bp


def _login_page(email: str = "", errors: dict | None = None, status: int = 200):
    expired = session.pop("agent_expired", False)
    return render_template("staff/login.html", email=email, errors=errors or {}, expired=expired,
                           next=safe_next(request.values.get("next"), "")), status


@bp.get("/login")
def login():
    """The login form (or straight to the desk when already logged in)."""
    if current_agent() is not None:
        return redirect(url_for("agent.desk"))
    return _login_page()


@bp.post("/login")
def login_post():
    """Check the credentials; count failures and lock with back-off after too many."""
    email, password = request.form.get("email", "")[:200], request.form.get("password", "")[:500]
    if not email.strip() or not password:
        errors = {k: _("Enter your e-mail address.") if k == "email" else _("Enter your password.")
                  for k, v in (("email", email.strip()), ("password", password)) if not v}
        return _login_page(email, errors, 422)
    try:
        agent = accounts.authenticate(db.session, email, password, clock.now(),
                                      current_app.config["BOOKINGSITE_AGENT_LOCKOUT_AFTER"])
    except accounts.AccountLocked as exc:
        message = _("Too many failed attempts: this account is locked until %(time)s. Try again later or ask "
                    "a supervisor.", time=format_datetime(exc.until, "short"))
        return _login_page(email, {"email": message}, 429)
    except accounts.LoginRefused:
        return _login_page(email, {"email": _("Wrong e-mail address or password.")}, 422)
    lang = session.get("lang")
    session.clear()  # nothing from before the login survives it
    if lang:
        session["lang"] = lang
    login_user(agent)
    audit(agent, "login")
    return redirect(safe_next(request.form.get("next"), url_for("agent.desk")))


@bp.post("/logout")
def logout():
    """Log out (a POST with its CSRF token, so no other site can log an agent out)."""
    agent = current_agent()
    if agent is not None:
        audit(agent, "logout")
    logout_user()
    session.clear()
    return redirect(url_for("staff.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """Choose a password with the one-time link `flask agents add` printed."""
    agent = accounts.agent_for_token(db.session, token[:100], clock.now())
    if agent is None:
        return render_template("staff/link_expired.html"), 404
    errors = {}
    if request.method == "POST":
        password, again = request.form.get("password", "")[:500], request.form.get("confirm", "")[:500]
        if len(password) < accounts.MIN_PASSWORD:
            errors["password"] = _("Choose a password of at least %(n)s characters.", n=accounts.MIN_PASSWORD)
        elif password != again:
            errors["confirm"] = _("The two passwords differ.")
        else:
            accounts.set_password(db.session, agent, password)
            audit(agent, "password_set")
            return redirect(url_for("staff.login"))
    return render_template("staff/set_password.html", agent=agent, errors=errors), 422 if errors else 200
