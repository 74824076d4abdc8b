"""Login, logout and the one-time set-password page of agent accounts."""
from __future__ import annotations

import hashlib

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.core.i18n import safe_next
from bookingsite.core.security import private_blueprint
from bookingsite.extensions import current_settings, db, limiter
from bookingsite.staff import accounts
from bookingsite.staff.auth import ENDED, audit, current_agent, end_session, start_session
from bookingsite.staff.blueprint import bp

private_blueprint(bp)  # the login pages are staff pages too: no-store


def _account_key() -> str:
    # Throttled per e-mail typed, known or not (an unknown one is throttled the same way: nothing to learn).
    typed = request.form.get("email", "")[:200].strip().lower()
    return "login-account:" + hashlib.sha256(typed.encode()).hexdigest()


def _refused(response) -> bool:
    # Only refused logins (422) count against the budgets: agents of a platform share one address and log in
    # every morning; a 429 itself is not counted, so waiting always ends the throttle.
    return response.status_code == 422


def _login_page(email: str = "", errors: dict | None = None, status: int = 200):
    ended = session.pop(ENDED, None)
    return render_template("staff/login.html", email=email, errors=errors or {}, ended=ended,
                           max_hours=current_settings().agent_session_max_h,
                           next=safe_next(request.values.get("next"), "")), status


@bp.get("/login")
def login():
    """The login form (or straight to the desk when already logged in)."""
    if current_agent() is not None:
        return redirect(url_for("agent.desk"))
    return _login_page()


@bp.post("/login")
@limiter.limit(lambda: current_app.config["BOOKINGSITE_RATELIMIT_LOGIN_ADDRESS"], scope="login-address",
               deduct_when=_refused)
@limiter.limit(lambda: current_app.config["BOOKINGSITE_RATELIMIT_LOGIN_ACCOUNT"], scope="login-account",
               key_func=_account_key, deduct_when=_refused)
def login_post():
    """Check the credentials; failures are throttled per address and per account, then delayed (accounts.py)."""
    email, password = request.form.get("email", "")[:200], request.form.get("password", "")[:500]
    if not email.strip() or not password:
        errors = {k: _("Enter your e-mail address.") if k == "email" else _("Enter your password.")
                  for k, v in (("email", email.strip()), ("password", password)) if not v}
        return _login_page(email, errors, 422)
    now = clock.now()
    try:
        agent = accounts.authenticate(db.session, email, password, now,
                                      current_settings().agent_lockout_after)
    except accounts.LoginRefused:
        # One answer for every refusal (unknown account, wrong password, account in its delay).
        message = _("Wrong e-mail address or password. After several failed attempts, an account waits a few "
                    "minutes (%(minutes)s at most) before it accepts a password again.",
                    minutes=int(accounts.LOCK_MAX.total_seconds() // 60))
        return _login_page(email, {"email": message}, 422)
    start_session(agent, now)
    audit(agent, "login")
    return redirect(safe_next(request.form.get("next"), url_for("agent.desk")))


@bp.post("/logout")
def logout():
    """Log out everywhere: every session of the account ends, not only this browser's (a copied cookie dies too)."""
    agent = current_agent()
    if agent is not None:
        accounts.end_sessions(agent)
        audit(agent, "logout")  # commits the new session version too
    end_session()
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
