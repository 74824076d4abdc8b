"""The embedded flow after the site is chosen: questionnaire steps, outcome, slot choice, contact, confirmation."""
from __future__ import annotations

from datetime import datetime

from flask import request
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from bookingsite import clock
from bookingsite.extensions import csrf, db
from bookingsite.models.directory import Partner
from bookingsite.models.widget import WidgetFlow
from bookingsite.prequal.engine import InvalidAnswers, next_questions
from bookingsite.prequal.flow import advance, neighbour, posted_answers, steps
from bookingsite.prequal.loader import current
from bookingsite.prequal.service import PLACE, get_prequal, outcome_of, record_prequal
from bookingsite.prequal.steps import UnknownStep, render_step
from bookingsite.vocabulary import WIDGET
from bookingsite.widget.blueprint import bp
from bookingsite.widget.embed import place_of, place_page, posted, render_flow
from bookingsite.widget.state import FlowState


def _skipped() -> tuple[str, ...]:
    """The place step: the locator page answered it."""
    return (current().question(PLACE).step,)


def _steps(answers: dict) -> list[str]:
    """The questionnaire's steps shown here."""
    return steps(current(), answers, _skipped())


def _neighbour(step_id: str, answers: dict, offset: int) -> str | None:
    return neighbour(current(), step_id, answers, offset, _skipped())


def render_question_step(step_id: str, state: FlowState, partner: Partner, errors: dict | None = None,
                         status: int = 200):
    """One questionnaire step inside the frame, with its errors tied to their fields."""
    try:
        view = render_step(current(), state.answers, step_id, gettext, errors)
    except UnknownStep:
        return first_step(state, partner)
    messages = {e.field: gettext(e.message) for e in (errors or {}).values()}
    return render_flow("widget/embed_step.html", state, partner, status, step=view, errors=messages,
                       back=_neighbour(step_id, state.answers, -1) is not None, steps=_steps(state.answers))


def first_step(state: FlowState, partner: Partner):
    """The first step still lacking an answer, or the outcome when every answer is there."""
    pending = next_questions(current(), state.answers)
    if pending:
        return render_question_step(pending[0].step, state, partner)
    return finish(state, partner)


def record_start(state: FlowState, now: datetime) -> None:
    """Count the flow as started (once: the flow id is the key), for the partner's figures."""
    if db.session.get(WidgetFlow, state.flow) is not None:
        return
    db.session.add(WidgetFlow(id=state.flow, partner_id=state.partner, started_at=now))
    try:
        db.session.commit()
    except IntegrityError:  # the same form posted twice at once: counted by the other request
        db.session.rollback()


@bp.post("/embed/step/<step_id>")
@csrf.exempt  # the flow's own signed token replaces the cookie-bound one (see state.py)
def embed_step(step_id: str):
    """Save a step's answers; 'back' goes back unchecked, otherwise check them and go on."""
    state, partner = posted()
    now = clock.now()
    answers = posted_answers(current(), request.form, step_id, skip=(PLACE,))
    flow = advance(current(), state.answers, answers, set(answers), step_id, _skipped())
    changed = flow.answers != state.answers
    state = state.but(answers=flow.answers, started=state.started or now.isoformat(),
                      prequal=None if changed else state.prequal)
    record_start(state, now)
    if request.form.get("action") == "review":  # from the outcome: show this step again, answers kept
        return render_question_step(step_id, state, partner)
    if request.form.get("action") == "back":
        previous = _neighbour(step_id, flow.answers, -1)
        return render_question_step(previous, state, partner) if previous else place_page(state, partner)
    if flow.errors:
        return render_question_step(step_id, state, partner, flow.errors, 422)
    if flow.again:  # an answer opened a follow-up question of the same topic
        return render_question_step(step_id, state, partner)
    return render_question_step(flow.following, state, partner) if flow.following else finish(state, partner)


def finish(state: FlowState, partner: Partner):
    """Record the questionnaire (channel widget, the partner) once, then show the outcome or the slots."""
    from bookingsite.widget.embed_booking import slots_page

    row = get_prequal(state.prequal) if state.prequal else None
    if row is None:
        started = datetime.fromisoformat(state.started) if state.started else None
        try:
            row = record_prequal(state.answers, channel=WIDGET, partner_id=partner.id, agent_id=None,
                                 locale=state.lang, now=clock.now(), started_at=started, place=place_of(state))
        except InvalidAnswers:  # e.g. the questionnaire changed under an old form: ask again
            return render_question_step(_steps(state.answers)[0], state.but(prequal=None), partner)
        state = state.but(prequal=row.id)
    found = outcome_of(row)
    if found.scope == "out":
        return render_flow("widget/embed_outcome.html", state, partner, outcome=found,
                           first_step_id=_steps(state.answers)[0])
    return slots_page(state, partner)
