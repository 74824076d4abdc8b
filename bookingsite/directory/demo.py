"""Demo directory: 18 fictitious operators, one per region, and 150+ sites placed on real communes (pure)."""
from __future__ import annotations

from bookingsite.directory.keys import hash_api_key
from bookingsite.geo import reference
from bookingsite.messages import N_

DEMO_PARTNER_KEY = "demo-partner-key"  # the secret API key
DEMO_WIDGET_ID = "demo-partner"  # the publishable id of data-partner
OVERSEAS = {"01", "02", "03", "04", "06"}  # regions given fewer sites
# Varied, realistic hours: some evenings to 19:00/20:00, some Saturdays, one lunch-time closure.
HOURS = [
    "Mo-Fr 09:00-12:30,13:30-17:30",
    "Mo-Th 09:00-18:00; Fr 09:00-17:00",
    "Mo-Fr 09:00-19:00",
    "Tu-Fr 10:00-20:00; Sa 09:00-12:30",
    "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00",
    "Mo,We,Fr 09:00-17:00; Tu,Th 12:00-20:00",
]
MODALITIES = [["site", "phone", "video"], ["site", "phone"], ["site", "video", "phone"], ["site"]]
STREETS = ["rue de la République", "avenue Jean Jaurès", "place de la Mairie", "rue Victor Hugo",
           "boulevard Gambetta", "rue du Général de Gaulle", "rue Pasteur", "avenue de la Gare"]


APPOINTMENT_TYPES = [
    {"id": "first", "label": N_("First interview"), "duration_min": 60, "buffer_min": 0, "min_notice_min": 120,
     "horizon_days": 60, "modalities": ["site", "phone", "video"], "position": 0},
    {"id": "first-remote", "label": N_("First interview by phone or video"), "duration_min": 45, "buffer_min": 15,
     "min_notice_min": 120, "horizon_days": 60, "modalities": ["phone", "video"], "position": 1},
    # A one-off question answered by phone ("demandes ponctuelles de conseil"): short, soon, no site visit.
    {"id": "quick-question", "label": N_("A quick question by phone"), "duration_min": 20, "buffer_min": 10,
     "min_notice_min": 60, "horizon_days": 14, "modalities": ["phone"], "position": 2},
]


def _spread_communes(region: str, count: int) -> list:
    """The largest commune of each department in turn, so sites spread over the whole region."""
    ref = reference()
    by_department: dict[str, list] = {}
    for commune in sorted(ref.communes.values(), key=lambda c: -c.active_population):
        if commune.region == region:
            by_department.setdefault(commune.department, []).append(commune)
    picked, rank = [], 0
    while len(picked) < count and any(len(v) > rank for v in by_department.values()):
        for department in sorted(by_department):
            if rank < len(by_department[department]) and len(picked) < count:
                picked.append(by_department[department][rank])
        rank += 1
    return picked


def demo_directory(base_url: str, sites_per_region: int = 10) -> dict:
    """The whole demo directory document, with agenda feeds served by the app at ``base_url``."""
    ref = reference()
    document: dict = {"operators": [], "sites": [], "agendas": [], "appointment_types": APPOINTMENT_TYPES,
                      "partners": [_demo_partner()]}
    n = 0
    for code, region in sorted(ref.regions.items()):
        operator_id = f"demo-op-{code}"
        document["operators"].append({
            "id": operator_id, "name": f"CEP {region.name} (démo)", "region": code, "demo": True,
            "phone": f"01 99 00 00 {code}",  # ARCEP numbers reserved for fiction
            "website": f"https://cep-{code}.example.fr/", "email": f"contact-{code}@cep.example.fr"})
        count = 6 if code in OVERSEAS else 4 if code == "94" else sites_per_region
        for commune in _spread_communes(code, count):
            n += 1
            site_id = f"demo-{commune.insee.lower()}"
            document["sites"].append(_demo_site(n, site_id, operator_id, commune))
            for k in range(1 + n % 2):
                agenda_id = f"{site_id}-{'ab'[k]}"
                document["agendas"].append({
                    "id": agenda_id, "site_id": site_id, "name": f"Conseiller·e {'AB'[k]}",
                    "feed_url": f"{base_url.rstrip('/')}/demo/feeds/{agenda_id}.ics", "mode": "busy",
                    "capacity": 1, "allow_private_network": True})
    return document


def _demo_site(n: int, site_id: str, operator_id: str, commune) -> dict:
    return {
        "id": site_id, "operator_id": operator_id, "name": f"Espace CEP {commune.name_article}",
        "address": f"{n % 90 + 1} {STREETS[n % len(STREETS)]}", "postcode": commune.postcode,
        "insee": commune.insee, "lat": commune.lat, "lon": commune.lon,
        "opening_hours": HOURS[n % len(HOURS)], "modalities": MODALITIES[n % len(MODALITIES)],
        "wheelchair": n % 4 != 0, "email": f"{site_id}@cep.example.fr",
        "booking_email": f"rdv-{site_id}@cep.example.fr",
        "access": "Bus et tramway à proximité." if n % 3 else "Parking public à 100 m.",
        "closures": [{"date": "2026-12-24", "reason": "Fermeture exceptionnelle"}] if n % 5 == 0 else [],
    }


def _demo_partner() -> dict:
    return {"id": "demo-partner", "widget_id": DEMO_WIDGET_ID, "name": "Partenaire de démonstration",
            "origins": ["http://localhost:5000", "http://127.0.0.1:8000", "http://localhost:8000"],
            "active": True, "contact_email": "partenaire@example.org", "api_key_hash": hash_api_key(DEMO_PARTNER_KEY)}
