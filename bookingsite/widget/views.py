"""Views of the widget feature: widget.js, the "for partners" page with its snippet generator, partner pages.

The embedded flow itself (/embed/…) lives in ``embed.py`` and ``embed_flow.py`` on the same blueprint.
"""
from __future__ import annotations

from flask import abort, current_app, render_template, request, send_from_directory
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bookingsite import clock
from bookingsite.directory.demo import DEMO_WIDGET_ID
from bookingsite.extensions import current_settings, db
from bookingsite.geo import reference
from bookingsite.models.directory import Partner
from bookingsite.widget import embed, embed_booking, embed_flow  # noqa: F401  (the /embed/ routes)
from bookingsite.widget.blueprint import bp
from bookingsite.widget.partners import allowed_origins, partner_by_widget_id
from bookingsite.widget.snippet import SnippetRequest, build_snippet, check_request
from bookingsite.widget.stats import partner_counts

CONTACT_SALT = "bookingsite.widget.partner-page"
CONTACT_MAX_AGE_S = 366 * 24 * 3600  # a yearly link: partners re-ask for it, a leaked one does not last
WEEKS = 12


@bp.get("/widget.js")
def widget_js():
    """The loader partners include; cached for an hour so a fix reaches every partner page the same day."""
    response = send_from_directory(current_app.static_folder, "widget.js", mimetype="text/javascript", max_age=3600)
    # Any page may load the script; what it embeds is guarded by frame-ancestors on /embed/.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/partners")
def partners():
    """For partners: what the widget does, the snippet generator (a GET form) and a live preview."""
    asked = SnippetRequest(widget_id=request.args.get("widget_id", "").strip()[:200],
                           postcode=request.args.get("postcode", "").strip()[:10],
                           lang=request.args.get("lang", "fr"))
    submitted = "widget_id" in request.args
    errors = check_request(asked) if submitted else {}
    base = current_settings().base_url
    snippet = build_snippet(base, asked) if submitted and not errors else None
    demo = snippet is not None and asked.widget_id == DEMO_WIDGET_ID and partner_by_widget_id(db.session,
                                                                                             DEMO_WIDGET_ID)
    return render_template("widget/partners.html", asked=asked, errors=errors, snippet=snippet,
                           preview=bool(demo)), 422 if errors else 200


def contact_token(partner_id: str, secret: str) -> str:
    """The secret part of the link a partner's contact uses to see their figures."""
    return URLSafeTimedSerializer(secret, salt=CONTACT_SALT).dumps(partner_id)


def contact_link(partner_id: str, base_url: str, secret: str) -> str:
    """The partner page's address for its contact (no account needed)."""
    return f"{base_url.rstrip('/')}/partners/{partner_id}?token={contact_token(partner_id, secret)}"


def _contact_allowed(partner_id: str, token: str | None) -> bool:
    try:
        found = URLSafeTimedSerializer(current_app.secret_key, salt=CONTACT_SALT).loads(
            token or "", max_age=CONTACT_MAX_AGE_S)
    except BadSignature:
        return False
    return found == partner_id


@bp.get("/partners/<partner_id>")
def partner_page(partner_id: str):
    """A partner's figures by week: supervisors and admins (agent login), or the partner's contact (signed link)."""
    from bookingsite.staff.auth import SUPERVISORS, role_required

    if _contact_allowed(partner_id, request.args.get("token")):
        return _partner_page(partner_id, None)
    return role_required(*SUPERVISORS)(_staff_partner_page)(partner_id)


def _staff_partner_page(partner_id: str):
    from bookingsite.staff.auth import agent_region, current_agent

    # A regional supervisor sees the partner's figures of their region only, as on the piloting dashboard.
    return _partner_page(partner_id, agent_region(current_agent()))


def _partner_page(partner_id: str, region: str | None):
    partner = db.session.get(Partner, partner_id)
    if partner is None:
        abort(404)
    weeks = partner_counts(db.session, partner.id, clock.now(), WEEKS, region)
    totals = [None if region is not None and name == "started" else sum(getattr(w, name) for w in weeks)
              for name in ("started", "finished", "bookings")]
    return render_template("widget/partner.html", partner=partner, origins=allowed_origins(partner),
                           weeks=weeks, totals=totals, region=_region_name(region))


def _region_name(code: str | None) -> str | None:
    if code is None:
        return None
    found = reference().regions.get(code)
    return found.name if found else "—"
