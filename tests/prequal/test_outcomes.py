"""Table-driven outcomes: each status of PREQUAL.md, each need, urgent or not, each modality."""
from __future__ import annotations

import pytest

from bookingsite.prequal.engine import outcome
from bookingsite.prequal.loader import current
from tests.prequal.helpers import COMMON_ADVICE, answers

# (answers, scope, networks, advice ids before the common "prepare"/"confidential")
STATUS_CASES = [
    # employee on a permanent contract, no particular need: served here
    (answers("employee"), "in", (), ()),
    # fixed-term contract: served here
    (answers("employee", contract="fixed_term"), "in", (), ()),
    # temporary agency worker: served here
    (answers("employee", contract="agency"), "in", (), ()),
    # apprentice (work-study): served here
    (answers("employee", contract="apprentice"), "in", (), ()),
    # self-employed: served here
    (answers("self_employed"), "in", (), ()),
    # micro-entrepreneur: served here
    (answers("micro_entrepreneur"), "in", (), ()),
    # company head: served here
    (answers("company_head"), "in", (), ()),
    # manager (cadre): may choose APEC or stay here
    (answers("employee", manager="yes"), "choice", ("apec",), ()),
    # not sure of manager status: served here, no forced choice
    (answers("employee", manager="not_sure"), "in", (), ()),
    # recognised disability: may choose Cap emploi or stay here
    (answers("employee", disability="yes"), "choice", ("cap_emploi",), ()),
    # self-employed with a recognised disability: the same option
    (answers("self_employed", disability="yes"), "choice", ("cap_emploi",), ()),
    # manager with a recognised disability: three options side by side
    (answers("employee", manager="yes", disability="yes"), "choice", ("apec", "cap_emploi"), ()),
    # prefers not to say: nothing changes, no option pushed
    (answers("employee", disability="prefer_not_say"), "in", (), ()),
    # public servant: redirected to the employer's career advisor
    (answers("public_servant"), "out", ("public_employer",), ()),
    # registered jobseeker, 26 or over: France Travail
    (answers("jobseeker"), "out", ("france_travail",), ()),
    # registered jobseeker under 26: France Travail and the Mission locale
    (answers("jobseeker", age="under_26"), "out", ("france_travail", "mission_locale"), ()),
    # 16-25, not working nor studying: Mission locale
    (answers("not_working", age="under_26"), "out", ("mission_locale",), ()),
    # 26 or over, not working: France Travail
    (answers("not_working"), "out", ("france_travail",), ()),
    # student: information and guidance services
    (answers("student"), "out", ("onisep",), ()),
    # retired: information on working while retired
    (answers("retired"), "out", ("retirement_info",), ()),
    # a jobseeker who also works (reduced activity): a choice between this service and France Travail
    (answers("jobseeker", jobseeker_profile=["working"], place="67000", needs=["progress"], deadline="none",
             modality="site"), "choice", ("france_travail",), ()),
    # a jobseeker who was a manager: France Travail, and APEC too
    (answers("jobseeker", jobseeker_profile=["manager"]), "out", ("france_travail", "apec"), ()),
    # a jobseeker with a recognised disability: France Travail, and Cap emploi too
    (answers("jobseeker", jobseeker_profile=["disability"]), "out", ("france_travail", "cap_emploi"), ()),
    # an employee aged 16 to 25: a choice between this service and the Mission locale
    (answers("employee", young_worker="yes"), "choice", ("mission_locale",), ()),
]

NEED_CASES = [
    # take stock: the skills assessment note
    (answers(needs=["take_stock"]), "in", (), ("skills_assessment",)),
    # change trade as an employee: PTP, then the CPF
    (answers(needs=["change_job"]), "in", (), ("ptp", "cpf")),
    # change trade as self-employed: no PTP (an employee scheme), the CPF only
    (answers("self_employed", needs=["change_job"]), "in", (), ("cpf",)),
    # progress in the company: the common advice only
    (answers(needs=["progress"]), "in", (), ()),
    # training and its funding: the CPF
    (answers(needs=["training"]), "in", (), ("cpf",)),
    # a PTP: Transitions Pro
    (answers(needs=["ptp"]), "in", (), ("ptp",)),
    # resign to retrain on a permanent contract: do not resign before the project is validated
    (answers(needs=["resign_retrain"]), "in", (), ("no_resignation_yet",)),
    # resign to retrain on a fixed-term contract: démission-reconversion is for permanent contracts only
    (answers(contract="fixed_term", needs=["resign_retrain"]), "in", (), ()),
    # an agency worker: the same
    (answers(contract="agency", needs=["resign_retrain"]), "in", (), ()),
    # a self-employed person does not resign: no démission-reconversion advice
    (answers("self_employed", needs=["resign_retrain"]), "in", (), ()),
    # a PTP asked for by a self-employed person: an employees' scheme, not offered
    (answers("self_employed", needs=["ptp"]), "in", (), ()),
    # a PTP asked for by a micro-entrepreneur: the same
    (answers("micro_entrepreneur", needs=["ptp"]), "in", (), ()),
    # a PTP asked for by a fixed-term employee: offered (employees on any contract)
    (answers(contract="fixed_term", needs=["ptp"]), "in", (), ("ptp",)),
    # VAE: the CPF and France VAE
    (answers(needs=["vae"]), "in", (), ("cpf", "vae")),
    # skills assessment: the CPF and the assessment note
    (answers(needs=["skills_assessment"]), "in", (), ("cpf", "skills_assessment")),
    # start a business: Bpifrance Création
    (answers(needs=["business"]), "in", (), ("business",)),
    # difficulties at work as an employee: occupational health
    (answers(needs=["difficulties"]), "in", (), ("occupational_health",)),
    # difficulties as a company head: no occupational health service to point to
    (answers("company_head", needs=["difficulties"]), "in", (), ()),
    # return after a long absence: occupational health
    (answers(needs=["return"]), "in", (), ("occupational_health",)),
    # several needs: every matching advice, in the file's order
    (answers(needs=["vae", "business", "resign_retrain"]), "in", (),
     ("no_resignation_yet", "cpf", "vae", "business")),
    # a manager's needs are advised too (they may stay here)
    (answers(manager="yes", needs=["training"]), "choice", ("apec",), ("cpf",)),
]


def _advice(expected_scope: str, specific: tuple) -> tuple:
    return specific + (COMMON_ADVICE if expected_scope != "out" else ())


@pytest.mark.parametrize("given, scope, networks, advice", STATUS_CASES + NEED_CASES)
def test_scope_networks_and_advice(given, scope, networks, advice):
    result = outcome(current(), given)
    assert result.scope == scope
    assert tuple(n.id for n in result.networks) == networks
    assert tuple(a.id for a in result.advice) == _advice(scope, advice)


@pytest.mark.parametrize("given, urgent, reason_id, extra_advice", [
    # no particular date: not urgent
    (answers(deadline="none"), False, None, ()),
    # end of contract within a month: urgent, "your date is close"
    (answers(contract="fixed_term", deadline="end_of_contract", deadline_when="within_month"),
     True, "end_of_contract", ("soon",)),
    # end of contract in more than three months: not urgent
    (answers(contract="fixed_term", deadline="end_of_contract", deadline_when="later"), False, None, ()),
    # planned resignation within three months: urgent, and do not resign yet
    (answers(deadline="resignation", deadline_when="within_3_months"),
     True, "resignation", ("no_resignation_yet",)),
    # training or PTP application soon: urgent
    (answers(deadline="application", deadline_when="within_3_months"), True, "application", ()),
    # redundancy within a month: urgent, read before signing, date close
    (answers(deadline="redundancy", deadline_when="within_month"), True, "redundancy", ("redundancy", "soon")),
    # redundancy later: not urgent, still the advice before signing
    (answers(deadline="redundancy", deadline_when="later"), False, None, ("redundancy",)),
    # another date within a month: urgent
    (answers(deadline="other_date", deadline_when="within_month"), True, "other_date", ("soon",)),
])
def test_urgency(given, urgent, reason_id, extra_advice):
    result = outcome(current(), given)
    assert (result.urgent, result.urgency) == (urgent, reason_id)
    assert (result.urgency_reason is not None) == urgent
    assert tuple(a.id for a in result.advice) == extra_advice + COMMON_ADVICE


@pytest.mark.parametrize("modality, appointment_type", [
    ("site", "first"),  # on site: the one-hour first interview
    ("phone", "first-remote"),  # by phone: the shorter remote first interview
    ("video", "first-remote"),  # by video: the same
    ("no_preference", "first"),  # no preference: the default first interview
])
def test_appointment_type_follows_the_modality(modality, appointment_type):
    result = outcome(current(), answers(modality=modality))
    assert (result.appointment_type, result.modality) == (appointment_type, modality)


@pytest.mark.parametrize("needs, appointment_type", [
    (["quick_question"], "quick-question"),  # just a quick question: a 20-minute phone call
    (["quick_question", "vae"], "quick-question"),  # ticked beside another need: still the short call
    (["vae"], "first"),  # no quick question: the first interview
])
def test_a_quick_question_is_a_short_phone_call(needs, appointment_type):
    assert outcome(current(), answers(needs=needs)).appointment_type == appointment_type


def test_a_quick_question_is_booked_as_a_20_minute_phone_call(demo_app, client):
    from bookingsite.prequal.service import record_prequal
    from tests.booking.booking_helpers import NOW

    row = record_prequal(answers(needs=["quick_question"], place="69001"), channel="web", partner_id=None,
                         agent_id=None, locale="fr", now=NOW)
    page = client.get(f"/booking/start?prequal={row.id}").get_data(as_text=True)
    site = page[page.index("/booking/site/") + len("/booking/site/"):].split("?")[0].split('"')[0]
    slots = client.get(f"/booking/site/{site}?prequal={row.id}").get_data(as_text=True)
    assert "Une question rapide par téléphone (20 minutes)" in slots  # the type the picker books
    result = client.get(f"/questionnaire/result/{row.id}").get_data(as_text=True)
    recommended = result[result.index("Rendez-vous conseillé"):].split("</p>")[0]
    assert "Une question rapide par téléphone (20 minutes)" in recommended and "En personne" not in recommended


def test_out_of_scope_has_contacts_and_no_booking():
    result = outcome(current(), answers("jobseeker"))
    (network,) = result.networks
    assert (network.name, network.phone, network.website) == ("France Travail", "3949", "https://www.francetravail.fr/")
    assert result.appointment_type is None and result.needs == () and not result.urgent


def test_needs_and_summary_are_carried_for_the_advisor():
    result = outcome(current(), answers(needs=["vae", "training"], times=["evening", "saturday"]))
    assert result.needs == ("vae", "training")
    lines = {line.question: line for line in result.summary}
    assert lines["times"].answers == ("After 6 pm", "On Saturday")
    assert lines["place"].answers == ("67000",) and not lines["place"].translatable


@pytest.mark.parametrize("given, says", [
    # a student who works is told to choose the work situation; the CEP itself is not said to be closed to them
    (answers("student"), "if you work alongside your studies, choose your work situation instead"),
    # the same for a retired person who works
    (answers("retired"), "If you work while retired, choose your work situation instead"),
    # without a job: France Travail, and only this service is said to be for people in work
    (answers("not_working"), "This service books career advice for people in work"),
])
def test_out_of_scope_reasons_say_this_service_is_for_people_in_work(given, says):
    reason = outcome(current(), given).reason
    assert says in reason and "Career advice (CEP) is for people in work" not in reason


def test_the_first_question_says_who_is_in_work():
    status = current().question("status")
    for words in ("sick, parental or sabbatical leave", "working your notice", "alongside your studies",
                  "public companies under private law"):
        assert words in status.hint
    labels = {c.id: c.label for c in status.choices}
    assert labels["public_servant"].startswith("Public employee under public law")
