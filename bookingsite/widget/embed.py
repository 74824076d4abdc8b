"""The embedded flow's entry and place pages: start, restart, place and site choice, continue on the main site.

Every page of the flow is framable by the partner's origins only (and this site, for the live preview), and its
state travels in the page (see ``state.py``): these views never read or write the session cookie.
"""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext

from bookingsite.booking.catalogue import known_region
from bookingsite.core.security import allow_framing
from bookingsite.extensions import csrf, db
from bookingsite.models.directory import Partner
from bookingsite.prequal.service import PLACE, Place, PlaceError, resolve_place
from bookingsite.vocabulary import DEFAULT_LOCALE, LOCALES
from bookingsite.widget.blueprint import bp
from bookingsite.widget.partners import allowed_origins, parent_origin, partner_by_widget_id
from bookingsite.widget.services import other_regions_near, sites_near
from bookingsite.widget.state import (
    FlowState,
    InvalidState,
    check_csrf,
    csrf_token,
    load_state,
    new_state,
    sign_state,
)

ANYWHERE = ["*"]  # only for pages that hold nothing but a link (unknown widget id, expired flow)


def _lang(value: str | None) -> str:
    return value if value in LOCALES else DEFAULT_LOCALE


def own_origin() -> str:
    """This site's origin as the browser sees it (the /partners live preview frames the widget from here)."""
    return request.host_url.rstrip("/")


def render_flow(template: str, state: FlowState, partner: Partner, status: int = 200, **context):
    """A page of the flow: framable by the partner's origins, its state and CSRF token signed into the page."""
    allow_framing(["'self'", *allowed_origins(partner)])
    secret = current_app.secret_key
    token = sign_state(state, secret)
    return render_template(template, state=state, partner=partner, state_token=token,
                           csrf=csrf_token(state, secret), **context), status


def render_plain(template: str, status: int, lang: str = DEFAULT_LOCALE, **context):
    """A page with only a link to the main site: framable anywhere, so a wrong id never shows a broken frame."""
    allow_framing(ANYWHERE)
    return render_template(template, lang_code=lang, **context), status


def posted() -> tuple[FlowState, Partner]:
    """The flow's state and partner from the posted form; InvalidState when either cannot be trusted."""
    secret = current_app.secret_key
    state = load_state(request.form.get("state"), secret)
    check_csrf(state, request.form.get("csrf"), secret)
    partner = db.session.get(Partner, state.partner)
    if partner is None or not partner.active:
        raise InvalidState("partner")
    return state, partner


@bp.errorhandler(InvalidState)
def invalid_state(exc: InvalidState):
    """An expired or altered form: a fresh start for the same partner when the state still says which."""
    try:
        state = load_state(request.values.get("state"), current_app.secret_key, max_age=None)
    except InvalidState:
        return render_plain("widget/embed_unknown.html", 400, expired=True)
    restart = url_for("widget.embed_restart", state=sign_state(state, current_app.secret_key), lang=state.lang)
    return render_plain("widget/embed_unknown.html", 400, lang=state.lang, expired=True, restart=restart)


@bp.get("/embed/")
def embed_start():
    """The widget's first page: check the partner's widget id, then ask where the person is (or show sites near)."""
    lang = _lang(request.args.get("lang"))
    partner = partner_by_widget_id(db.session, request.args.get("partner"))
    if partner is None:
        return render_plain("widget/embed_unknown.html", 404, lang=lang)
    origins = [*allowed_origins(partner), own_origin()]
    origin = parent_origin([request.args.get("origin"), request.referrer], origins)
    postcode = request.args.get("postcode", "").strip()[:10]
    region = known_region(request.args.get("region"))
    return _first_page(new_state(partner.id, lang, origin, postcode, region), partner)


@bp.get("/embed/restart")
def embed_restart():
    """Start a new flow for the partner of an older one (its signature checked, not its age)."""
    old = load_state(request.args.get("state"), current_app.secret_key, max_age=None)
    partner = db.session.get(Partner, old.partner)
    if partner is None or not partner.active:
        return render_plain("widget/embed_unknown.html", 404, lang=old.lang)
    return _first_page(new_state(partner.id, old.lang, old.origin, old.postcode, old.region), partner)


def _first_page(state: FlowState, partner: Partner):
    if state.postcode:
        try:
            place = resolve_place(state.postcode)
        except PlaceError:
            return render_flow("widget/embed_place.html", state, partner, typed=state.postcode)
        state = state.but(place=vars(place))
    return place_page(state, partner)


def place_page(state: FlowState, partner: Partner, status: int = 200, **context):
    sites = sites_near(db.session, state.place, state.region) if state.place else []
    others = other_regions_near(db.session, state.place, state.region) if state.place else []
    context.setdefault("typed", state.place["label"] if state.place else state.postcode)
    return render_flow("widget/embed_place.html", state, partner, status, sites=sites, others=others, **context)


@bp.post("/embed/place")
@csrf.exempt  # the flow's own signed token replaces the cookie-bound one (third-party cookies may be blocked)
def embed_place():
    """Resolve the postal code or commune typed, or the commune picked among several, and list sites near."""
    state, partner = posted()
    typed = request.form.get("place", "").strip()[:100]
    chosen = request.form.get("place_insee")
    try:
        place = resolve_place(typed, chosen)
    except PlaceError as exc:
        errors = {"place": gettext(exc.error.message)}
        return render_flow("widget/embed_place.html", state.but(place=None, site=None), partner, 422,
                           typed=typed, errors=errors, candidates=exc.candidates)
    return place_page(state.but(place=vars(place), site=None, postcode=typed), partner)


@bp.post("/embed/region")
@csrf.exempt  # see embed_place
def embed_region():
    """The person chose to see another region's sites too: list the sites again with them (the offer's rule)."""
    state, partner = posted()
    return place_page(state.but(region=known_region(request.form.get("region")), site=None), partner)


@bp.post("/embed/site")
@csrf.exempt  # see embed_place
def embed_site():
    """Keep the site chosen and go on to the questionnaire (the place question is already answered)."""
    from bookingsite.widget.embed_flow import first_step

    state, partner = posted()
    if not state.place:
        return place_page(state, partner)
    sites = sites_near(db.session, state.place, state.region)
    chosen = request.form.get("site")
    if chosen not in {r.site.id for r in sites}:
        errors = {"site": gettext("Choose a site.")}
        return place_page(state, partner, 422, errors=errors)
    answers = {**state.answers, PLACE: state.place["insee"]}
    return first_step(state.but(site=chosen, answers=answers), partner)


@bp.get("/embed/continue")
def embed_continue():
    """Carry the flow to the main site in a new tab (first-party: the usual session works there)."""
    state = load_state(request.args.get("state"), current_app.secret_key)
    if state.prequal:
        return redirect(url_for("prequal.result", prequal_id=state.prequal, lang=state.lang))
    # The questionnaire's own session format: its answers, the place resolved, and who sent the person.
    session["prequal"] = {"answers": state.answers, "place": state.place, "partner": state.partner,
                          "channel": "widget", **({"started": state.started} if state.started else {})}
    session["lang"] = state.lang
    return redirect(url_for("prequal.start"))


def place_of(state: FlowState) -> Place | None:
    """The resolved place, for record_prequal."""
    return Place(**state.place) if state.place else None
