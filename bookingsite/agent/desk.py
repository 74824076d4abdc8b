"""The call flow of the agent desk: the questionnaire filled in for a caller on one page, then its outcome.

Answers travel in the form itself (every question shown is posted back), so a call needs no server state until
the questionnaire is complete; it is then recorded with channel "phone" and the agent's id.
"""
from __future__ import annotations

from datetime import datetime

from flask import abort, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from bookingsite import clock
from bookingsite.agent.blueprint import bp
from bookingsite.prequal.engine import InvalidAnswers
from bookingsite.prequal.flow import advance, posted_answers
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import PLACE, Place, PlaceError, get_prequal, record_prequal, resolve_place
from bookingsite.prequal.steps import render_steps
from bookingsite.staff.auth import audit, current_agent, role_required
from bookingsite.vocabulary import AGENT_DESK

ANY_AGENT = ("agent", "supervisor", "admin")


def _first_field(steps, errors: dict) -> str | None:
    """The field to focus: the first in error, else the first unanswered, else the first."""
    questions = [q for s in steps for q in s.questions]
    wrong = [q.id for q in questions if q.id in errors]
    empty = [q.id for q in questions if not q.value and not any(c.checked for c in q.choices)]
    return (wrong or empty or [q.id for q in questions] or [None])[0]


def _call_page(answers: dict, errors: dict | None = None, candidates=(), started: str = "", status: int = 200):
    errors = errors or {}
    steps = render_steps(current(), answers, gettext, errors)
    messages = {e.field: gettext(e.message) for e in errors.values()}
    return render_template("agent/call.html", steps=steps, errors=messages, candidates=candidates,
                           started=started or clock.now().isoformat(), focus=_first_field(steps, errors)), status


@bp.get("/")
@role_required(*ANY_AGENT)
def desk():
    """A new call: the questionnaire, addressed to the caller, on one compact page."""
    return _call_page({})


def _resolve_place(answers: dict, form) -> tuple[Place | None, object | None, tuple]:
    """(place, error, candidates) for the place typed, or the commune picked among candidates."""
    if PLACE not in answers:
        return None, None, ()
    try:
        return resolve_place(answers[PLACE], form.get("place_insee")), None, ()
    except PlaceError as exc:
        return None, exc.error, exc.candidates


@bp.post("/call")
@role_required(*ANY_AGENT)
def call():
    """Take the answers; show the questions they reveal, or the errors, or record the call and go on."""
    questionnaire, form = current(), request.form
    started = form.get("started", "")[:40]
    flow = advance(questionnaire, {}, posted_answers(questionnaire, form), set(form.getlist("shown")))
    answers = flow.answers
    if flow.again:
        return _call_page(answers, started=started)  # an answer revealed follow-up questions: ask them
    errors = dict(flow.errors)
    place, place_error, candidates = _resolve_place(answers, form) if PLACE not in errors else (None, None, ())
    if place_error:
        errors[PLACE] = place_error
    if errors:
        return _call_page(answers, errors, candidates, started, 422)
    agent = current_agent()
    try:
        row = record_prequal(answers, channel=AGENT_DESK, partner_id=None, agent_id=agent.id,
                             locale=str(get_locale() or "fr"), now=clock.now(), started_at=_parse(started),
                             place=place)
    except InvalidAnswers as exc:
        return _call_page(answers, {e.field: e for e in exc.errors}, (), started, 422)
    audit(agent, "call_answered", prequal_id=row.id, scope=row.scope, route=row.route, region=row.region_code)
    return redirect(url_for("agent.outcome", prequal_id=row.id))


def _parse(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else None


def call_prequal(prequal_id: str):
    """The questionnaire of a call taken at the desk, or 404."""
    row = get_prequal(prequal_id)
    if row is None or row.channel != AGENT_DESK:
        abort(404)
    return row

