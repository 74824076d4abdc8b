"""The person's contact details (pure): a name, an e-mail address and/or a phone number, consent to the notice."""
from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from bookingsite.booking.errors import InvalidContact
from bookingsite.core.text import has_control
from bookingsite.messages import N_
from bookingsite.phones import InvalidPhone, phone_candidates
from bookingsite.phones import normalize_phone as _e164
from bookingsite.vocabulary import PHONE

FIELDS = ("name", "email", "phone", "consent")  # the details form's fields, in its order
INVALID_PHONE = N_("Enter a valid phone number, for example 06 12 34 56 78.")


@dataclass(frozen=True)
class Contact:
    """Validated details: e-mail normalised, phone in E.164 (``+33612345678``)."""

    name: str
    email: str | None
    phone: str | None

    @property
    def initial(self) -> str:
        """The first name's initial, the most an operator's shared feed shows (``M.``)."""
        return (self.name.strip()[:1].upper() + ".") if self.name.strip() else ""


def normalize_phone(text: str | None, region_code: str | None = None) -> str | None:
    """The number in E.164 (``bookingsite.phones``), or None when empty; ``InvalidContact`` when it is not valid."""
    try:
        return _e164(text, region_code)
    except InvalidPhone:
        raise InvalidContact("phone", INVALID_PHONE) from None


def phone_forms(text: str | None) -> tuple[str, ...]:
    """Every stored form a typed number may have (to search by it); ``InvalidContact`` when it is no number."""
    if not (text or "").strip():
        return ()
    forms = phone_candidates(text)
    if not forms:
        raise InvalidContact("phone", INVALID_PHONE)
    return forms


def normalize_email(text: str | None) -> str | None:
    """The address normalised, or None when empty; ``InvalidContact`` when it is not an address."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        raise InvalidContact("email", N_("Enter a valid e-mail address, for example name@example.fr.")) from None


def validate_contact(name: str | None, email: str | None, phone: str | None, consent: bool, modality: str,
                     region_code: str | None = None) -> Contact:
    """Check every detail; ``InvalidContact`` names every field found wrong at once (``errors``)."""
    errors: dict[str, str] = {}
    for field, text in (("name", name), ("email", email), ("phone", phone)):
        if has_control(text):  # a NUL would fail in PostgreSQL, other controls in mail and text messages
            errors[field] = N_("Remove the invisible control characters from this field.")
    name = " ".join((name or "").split())
    if "name" not in errors and not name:
        errors["name"] = N_("Enter your name.")
    elif "name" not in errors and len(name) > 200:
        errors["name"] = N_("Your name is too long (200 characters at most).")
    email = _collect(errors, "email", lambda: normalize_email(email))
    phone = _collect(errors, "phone", lambda: normalize_phone(phone, region_code))
    if not {"email", "phone"} & errors.keys():
        if not email and not phone:
            errors["email"] = N_("Enter an e-mail address or a phone number, so that we can confirm.")
        _collect(errors, "phone", lambda: check_reachable(modality, phone))
    if not consent:
        errors["consent"] = N_("Tick the box to accept the privacy notice: we need it to book.")
    if errors:
        raise InvalidContact.of({f: errors[f] for f in FIELDS if f in errors})
    return Contact(name, email, phone)


def _collect(errors: dict[str, str], field: str, check):
    """What ``check`` returns, or None with its ``InvalidContact`` added to ``errors`` (unless the field has one)."""
    if field in errors:
        return None
    try:
        return check()
    except InvalidContact as exc:
        errors[exc.field] = exc.message
        return None


ASK_PHONE = N_("Enter the phone number the advisor will call you on.")
NO_PHONE = N_("An appointment by phone needs a phone number, and this appointment has none. Choose another way "
              "to meet, or book a new appointment by phone.")


def check_reachable(modality: str, phone: str | None, message: str = ASK_PHONE) -> None:
    """The contact a modality needs (a phone appointment: a number to call); ``InvalidContact`` otherwise."""
    if modality == PHONE and not phone:
        raise InvalidContact("phone", message)


def same_person(contact: Contact, name: str | None, email: str | None, phone: str | None) -> bool:
    """Whether stored details are exactly these (name and e-mail in any case): the same person booking twice."""
    def folded(text: str | None) -> str:
        return " ".join((text or "").split()).casefold()

    return (folded(contact.name), folded(contact.email), contact.phone or "") == \
        (folded(name), folded(email), phone or "")
