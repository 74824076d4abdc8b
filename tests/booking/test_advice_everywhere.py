"""The advice "while you wait" wherever the person is: the confirmation page, the confirmation e-mail (a short
version in the text message), the widget's confirmation, and the agent desk, in the agent's words."""
from __future__ import annotations

from flask_babel import force_locale

from bookingsite.booking import service
from bookingsite.extensions import db
from bookingsite.messaging.person_mail import SMS_MAX, render_mail, sms_text
from bookingsite.prequal.service import record_prequal
from bookingsite.widget.embed_booking import done_token
from bookingsite.widget.state import FlowState
from tests.agent.desk_helpers import EMPLOYEE, answer_call
from tests.booking.booking_helpers import NOW, book_args, setup_site
from tests.factories import make_partner
from tests.prequal.helpers import answers
from tests.staff.staff_helpers import login, make_agent

ADVICE = {"fr": "Ne démissionnez pas avant que votre projet soit validé",
          "en": "Do not resign before your project is validated"}


def advised_booking(**overrides):
    """A booking after a questionnaire that asks to resign to retrain (advice: do not resign yet)."""
    site, _kind = setup_site()
    prequal = record_prequal(answers(needs=["resign_retrain"]), channel="web", partner_id=None, agent_id=None,
                             locale="fr", now=NOW)
    return service.book(**book_args(site, prequal_id=prequal.id, **overrides))


def test_the_confirmation_page_gives_the_advice(app, client):
    booking = advised_booking()
    page = client.get(f"/booking/done/{service.manage_token(booking)}").get_data(as_text=True)
    assert "En attendant le rendez-vous" in page and ADVICE["fr"] in page and "transitionspro.fr" in page


def test_the_confirmation_email_gives_the_advice_and_the_sms_its_title(app):
    booking = advised_booking()
    for lang in ("fr", "en"):
        with force_locale(lang):
            mail, sms = render_mail(booking, "confirmed"), sms_text(booking, "confirmed")
            reminder = render_mail(booking, "reminder")
        assert ADVICE[lang] in mail.text and ADVICE[lang] in mail.html and "transitionspro.fr" in mail.html
        assert ADVICE[lang] in sms and len(sms) <= SMS_MAX
        assert ADVICE[lang] not in reminder.text  # the confirmation gives it once


def test_without_a_questionnaire_no_advice_is_given(app):
    site, _kind = setup_site()
    booking = service.book(**book_args(site))
    with force_locale("en"):
        assert "While you wait" not in render_mail(booking, "confirmed").text
        assert "While you wait" not in sms_text(booking, "confirmed")


def test_the_widget_confirmation_gives_the_advice(app, client):
    booking = advised_booking(channel="widget")
    partner = make_partner()
    token = done_token(booking.reference, FlowState(flow="", partner=partner.id, lang="en"), app.secret_key)
    page = client.get(f"/embed/done?t={token}&lang=en").get_data(as_text=True)
    assert "While you wait" in page and ADVICE["en"] in page


def test_the_agent_desk_reads_the_advice_out_in_the_agents_words(app, client):
    setup_site()
    db.session.commit()
    login(client, make_agent())
    page = client.get(answer_call(client, {**EMPLOYEE, "needs": ["resign_retrain"]})).get_data(as_text=True)
    assert "Conseils à lire à la personne" in page
    assert "Conseillez à la personne de ne pas démissionner avant la validation de son projet" in page
