"""Pages of the locator: the search (postal code, town or position) with its results, and one page per site."""
from __future__ import annotations

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from bookingsite import clock
from bookingsite.core.http_cache import PAGE_S, cacheable
from bookingsite.core.page_cache import cached_page
from bookingsite.core.text import read_day
from bookingsite.extensions import current_settings, db
from bookingsite.geo import reference
from bookingsite.locator.blueprint import bp
from bookingsite.locator.directory import Snapshot, current_snapshot
from bookingsite.locator.geocoder import geocoder_from
from bookingsite.locator.present import distance_text, slot_when, status_text, week_rows
from bookingsite.locator.search import (
    MAX_QUERY,
    Choice,
    NotFound,
    Origin,
    locate,
    parse_position,
    position_origin,
    resolve_insee,
)
from bookingsite.locator.serialize import site_jsonld
from bookingsite.locator.service import MAX_KM, Filters, local_today, search_sites, site_week
from bookingsite.locator.slots_hook import first_free_slot
from bookingsite.vocabulary import MODALITIES

# Load the reference data when the app is built (each gunicorn worker at boot), not during the first search.
bp.record_once(lambda _state: reference())


@bp.context_processor
def locator_context() -> dict:
    """Names the templates need: the modalities, regions and departments."""
    ref = reference()
    return {"modalities": MODALITIES, "regions": ref.regions, "departments": ref.departments}


def snapshot(now) -> Snapshot:
    """This process's directory snapshot (no query unless the directory changed)."""
    return current_snapshot(current_app, db.session, now)


def resolve_request(args) -> Origin | Choice | NotFound | None:
    """The origin the query string asks for: q, then a chosen commune (insee), then a position; None: no search."""
    query = args.get("q", "")
    if query.strip():
        return locate(query, reference(), geocoder_from(current_settings()))
    if args.get("insee"):
        return resolve_insee(args.get("insee"), reference())
    if "lat" in args or "lon" in args:
        position = parse_position(args.get("lat"), args.get("lon"))
        if position is None:
            return NotFound("bad_position")
        return position_origin(position[0], position[1], reference())
    return NotFound("empty") if "q" in args else None


def not_found_message(found: NotFound) -> str:
    """The plain-words reason a search found no place."""
    messages = {
        "empty": _("Enter a postal code or the name of a town."),
        "too_long": _("This is too long: enter a postal code or a town name (at most %(n)s characters).",
                      n=MAX_QUERY),
        "unknown_postcode": _("No commune has the postal code %(code)s. Check it, or type the name of your town.",
                              code=found.query),
        "no_match": _("No commune matches “%(query)s”. Check the spelling, or type your postal code.",
                      query=found.query),
        "outside": _("This position is not in France, or is at sea: no site can be found near it. "
                     "Type your postal code or your town instead."),
        "bad_position": _("This position could not be read. Type your postal code or your town instead."),
    }
    return messages.get(found.reason, messages["no_match"])


@bp.get("/")
@cacheable(PAGE_S)
def search():
    """The search form; with a query, the serving operator and the nearest sites (or a choice of communes)."""
    now = clock.now()
    found = resolve_request(request.args)
    status = 400 if isinstance(found, NotFound) and found.reason in ("too_long", "bad_position") else 200
    if not isinstance(found, Origin):
        return cached_page("search", lambda: _search_page(found, None, now)), status
    snap = snapshot(now)
    result = search_sites(snap, found, now, Filters.from_args(request.args))
    slots = {f.site.id: first_free_slot(f.site.id, now, current_settings()) for f in result.sites}
    # What the page shows besides the URL: the directory, each site's open state, its day and its first slot.
    version = (snap.serial, tuple((f.site.id, f.state.is_open, f.state.next_change, local_today(f.site, now),
                                   slots[f.site.id]) for f in result.sites))
    return cached_page(version, lambda: _search_page(found, (snap, result, slots), now)), status


def _search_page(found, searched, now) -> str:
    """The search page: the form, an error, a choice of communes, or the results (``searched``)."""
    filters = Filters.from_args(request.args)
    context = {"filters": filters, "query": request.args.get("q", "")[:MAX_QUERY],
               "errors": {}, "choice": None, "result": None, "position": None, "max_km": int(MAX_KM)}
    if isinstance(found, NotFound):
        context["errors"] = {"q": not_found_message(found)}
    elif isinstance(found, Choice):
        context["choice"] = found
    elif searched is not None:
        snap, result, slots = searched
        context.update(result=result, cards=[_card(f, now, slots[f.site.id], _other_operator(snap, f.site, result))
                                             for f in result.sites])
        if not request.args.get("q", "").strip() and not request.args.get("insee"):
            context["position"] = (request.args.get("lat"), request.args.get("lon"))
        elif request.args.get("insee"):
            context["query"] = found.label
    return render_template("locator/search.html", **context)


def _other_operator(snap: Snapshot, site, result) -> dict | None:
    """A site's operator and region when it is not the one serving the person's region (the card names both)."""
    operator = snap.operators.get(site.operator_id)
    home = result.operator
    if operator is None or (home is not None and operator.id == home.id):
        return None
    return {"name": operator.name, "region": reference().regions[site.region].name}


def _card(found, now, slot, other_operator: str | None = None) -> dict:
    site = found.site
    return {"site": site, "distance": distance_text(found.distance_km), "near": found.within_30km,
            "other_operator": other_operator,
            "status": status_text(found.state, site.timezone, now), "open": found.state.is_open,
            "slot_text": slot_when(slot, site.timezone) if slot else None}


@bp.get("/<site_id>")
@cacheable(PAGE_S)
def site(site_id: str):
    """A site: address, access, modalities, this week's hours with closures explained, booking, JSON-LD."""
    now = clock.now()
    snap = snapshot(now)
    entry = snap.by_id.get(site_id[:64])
    if entry is None:
        abort(404)
    today = local_today(entry, now)
    try:
        start = read_day(request.args.get("from"), today)
    except ValueError:
        start = today
    state = snap.state(entry, now)
    slot = first_free_slot(entry.id, now, current_settings())
    version = (snap.serial, today, start, state.is_open, state.next_change, slot)
    return cached_page(version, lambda: _site_page(snap, entry, today, start, state, slot, now))


def _site_page(snap: Snapshot, entry, today, start, state, slot, now) -> str:
    days = site_week(entry, start)
    operator = snap.operators.get(entry.operator_id)
    url = url_for(".site", site_id=entry.id, _external=True)
    return render_template(
        "locator/site.html", site=entry, operator=operator, rows=week_rows(days, today), start=start,
        status=status_text(state, entry.timezone, now), is_open=state.is_open,
        jsonld=site_jsonld(entry, operator, days, url), slot=slot,
        slot_text=slot_when(slot, entry.timezone) if slot else None,
        # Overseas, say whose clock the hours follow: the region's name, never a zone id ("Indian/Reunion").
        local_time_of=reference().regions[entry.region].name if entry.timezone != "Europe/Paris" else None,
        previous_week=start.fromordinal(start.toordinal() - 7), next_week=start.fromordinal(start.toordinal() + 7))
