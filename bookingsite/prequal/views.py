"""The questionnaire as a multi-step web flow that works without JavaScript; answers live in the session."""
from __future__ import annotations

from datetime import datetime

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import get_locale, gettext

from bookingsite import clock
from bookingsite.core.errors import render_error
from bookingsite.extensions import db
from bookingsite.models.directory import AppointmentType, Operator, Partner
from bookingsite.prequal.blueprint import bp
from bookingsite.prequal.engine import (
    MODALITY,
    FieldError,
    InvalidAnswers,
    next_questions,
)
from bookingsite.prequal.flow import advance, neighbour, posted_answers
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import (
    CEP,
    PLACE,
    NotOffered,
    Place,
    PlaceError,
    get_prequal,
    outcome_of,
    record_choice,
    record_prequal,
    resolve_place,
    start_prequal,
)
from bookingsite.prequal.steps import UnknownStep, render_step
from bookingsite.vocabulary import WEB

KEY = "prequal"  # session: {"answers", "started", "started_id", "place", "candidates", "partner", "channel", "id",
#                   "done"}


def _state() -> dict:
    state = session.get(KEY) or {}
    return {**state, "answers": dict(state.get("answers") or {})}


def _save(state: dict) -> None:
    session[KEY] = state
    session.modified = True


@bp.get("/")
def start():
    """Resume where the person left off (answers are kept in the session), or begin."""
    # No ?partner= here: a link anyone can write must not credit a partner. The widget hands its visitors over
    # through /embed/continue, whose signed flow state names the partner (widget/state.py).
    state = _state()
    site = request.args.get("site")
    if site:  # coming from a site's page: the booking then goes straight to that site's slots
        state["site"] = site[:64]
        _save(state)
    pending = next_questions(current(), state["answers"])
    step_id = pending[0].step if pending else current().steps[0].id
    return redirect(url_for(".step", step_id=step_id))


@bp.get("/restart")
def restart_question():
    """The confirmation step before forgetting every answer (the steps link here)."""
    return render_template("prequal/restart.html")


@bp.post("/restart")
def restart():
    """Forget every answer and begin again, once the person has said yes; without that yes, ask."""
    if request.form.get("confirm") != "yes":
        return render_template("prequal/restart.html")
    session.pop(KEY, None)
    return redirect(url_for(".step", step_id=current().steps[0].id))


def _render(step_id: str, answers: dict, errors: dict | None = None, candidates=(), status: int = 200):
    try:
        view = render_step(current(), answers, step_id, gettext, errors)
    except UnknownStep:
        return redirect(url_for(".start"))
    messages = {e.field: gettext(e.message) for e in (errors or {}).values()}
    return render_template("prequal/step.html", step=view, errors=messages, candidates=candidates,
                           back=neighbour(current(), step_id, answers, -1)), status


@bp.get("/step/<step_id>")
def step(step_id: str):
    """One step of the questionnaire, with the answers given so far."""
    state = _state()
    return _render(step_id, state["answers"], candidates=state.get("candidates", ()) if step_id == "place" else ())


def _resolve(state: dict, typed: str) -> FieldError | None:
    """Resolve the place typed (or the commune chosen among candidates) into the session."""
    try:
        place = resolve_place(typed, request.form.get("place_insee"))
    except PlaceError as exc:
        state["candidates"] = [vars(p) for p in exc.candidates]
        return exc.error
    state["place"], state["candidates"] = vars(place), []
    return None


@bp.post("/step/<step_id>")
def submit(step_id: str):
    """Save the step's answers; on 'back' go back without checking, else check and go on."""
    q, state = current(), _state()
    posted = posted_answers(q, request.form, step_id)
    flow = advance(q, state["answers"], posted, set(posted), step_id)
    state["answers"] = flow.answers
    if "started_id" not in state:  # the first answer: the questionnaire counts as started
        state["started"] = clock.now().isoformat()
        state["started_id"] = start_prequal(state.get("channel", WEB), state.get("partner"),
                                            str(get_locale() or "fr"), clock.now())
    if request.form.get("action") == "back":
        _save(state)
        previous = neighbour(q, step_id, state["answers"], -1)
        return redirect(url_for(".step", step_id=previous) if previous else url_for(".start"))
    errors = dict(flow.errors)
    if PLACE in posted and PLACE not in errors:
        place_error = _resolve(state, state["answers"][PLACE])
        if place_error:
            errors[PLACE] = place_error
    _save(state)
    if errors:
        return _render(step_id, state["answers"], errors, state.get("candidates", ()), status=422)
    if flow.again:  # an answer on this page opened a follow-up question of the same topic
        return _render(step_id, state["answers"])
    return redirect(url_for(".step", step_id=flow.following)) if flow.following else _finish(state)


def _finish(state: dict):
    """Record the finished questionnaire (once per set of answers) and show its outcome."""
    if state.get("id") and state.get("done") == state["answers"]:
        return redirect(url_for(".result", prequal_id=state["id"]))
    place = Place(**state["place"]) if state.get("place") else None
    partner = state.get("partner")
    if partner and db.session.get(Partner, partner) is None:
        partner = None  # an unknown partner in a link never blocks the person
    try:
        row = record_prequal(
            state["answers"], channel=state.get("channel", WEB), partner_id=partner, agent_id=None,
            locale=str(get_locale() or "fr"), now=clock.now(), place=place,
            started_at=datetime.fromisoformat(state["started"]) if state.get("started") else None,
            started_id=state.get("started_id"))
    except InvalidAnswers:  # e.g. a session from an older questionnaire: resume where answers are missing
        return redirect(url_for(".start"))
    state["id"], state["done"] = row.id, state["answers"]
    _save(state)
    return redirect(url_for(".result", prequal_id=row.id))


@bp.get("/result/<prequal_id>")
def result(prequal_id: str):
    """The outcome: a summary and booking, another network with its contacts, or both side by side."""
    row = get_prequal(prequal_id)
    if row is None:
        abort(404)
    try:
        found = outcome_of(row)
    except InvalidAnswers:  # answered with an older questionnaire that no longer accepts them
        return redirect(url_for(".start"))
    appointment = db.session.get(AppointmentType, found.appointment_type) if found.appointment_type else None
    operator = db.session.scalar(db.select(Operator).where(Operator.region_code == row.region_code)
                                 .order_by(Operator.id).limit(1)) if row.region_code else None
    modality = current().question(MODALITY)
    # The way of meeting asked for, unless the recommended type has no such way (a quick question: by phone).
    fits = appointment is None or found.modality in (appointment.modalities or ())
    choice = modality.choice(found.modality) if modality and found.modality and fits else None
    picked = next((n for n in found.networks if n.id == row.chosen), None) if row.chosen != CEP else None
    return render_template("prequal/result.html", prequal=row, outcome=found, appointment=appointment,
                           operator=operator, book_url=_book_url(row), picked=picked,
                           chosen_modality_label=gettext(choice.label) if choice else None)


def _book_url(row) -> str:
    chosen_site = _state().get("site") if _state().get("id") == row.id else None
    return url_for("booking.start", prequal=row.id, site=chosen_site)


@bp.post("/result/<prequal_id>/choose")
def choose(prequal_id: str):
    """The person offered a choice picks this service (then books) or another network (then contacts it)."""
    row = get_prequal(prequal_id)
    if row is None:
        abort(404)
    chosen = request.form.get("network", "")
    try:
        record_choice(row, chosen, clock.now())
    except NotOffered:
        return render_error(400, "not_offered", gettext(NotOffered.message))
    db.session.commit()
    if chosen == CEP:
        return redirect(_book_url(row), 303)
    return redirect(url_for(".result", prequal_id=row.id, _anchor="choice-noted"), 303)
