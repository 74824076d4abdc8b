"""booking: bookings, agenda slot claims (never double-booked), operator feed tokens

Revision ID: 0004_booking
Revises: 0001_directory
"""
from alembic import op
import sqlalchemy as sa


revision = "0004_booking"
down_revision = "0001_directory"
branch_labels = ("booking",)
depends_on = ("0002_prequal",)


def upgrade() -> None:
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("agenda_id", sa.String(length=64), nullable=False),
        sa.Column("appointment_type_id", sa.String(length=64), nullable=False),
        sa.Column("modality", sa.String(length=10), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("hold_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("prequal_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("consent_version", sa.String(length=20), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=20), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("caldav_status", sa.String(length=10), nullable=True),
        sa.Column("caldav_error", sa.Text(), nullable=True),
        sa.Column("caldav_href", sa.String(length=500), nullable=True),
        sa.Column("caldav_attempts", sa.Integer(), nullable=False),
        sa.Column("reminder_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("no_show", sa.Boolean(), nullable=False),
        sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('held', 'confirmed', 'cancelled')", name=op.f("ck_booking_status")),
        sa.CheckConstraint("modality IN ('site', 'phone', 'video')", name=op.f("ck_booking_modality")),
        sa.ForeignKeyConstraint(["agenda_id"], ["agenda.id"], name=op.f("fk_booking_agenda_id_agenda")),
        sa.ForeignKeyConstraint(["appointment_type_id"], ["appointment_type.id"],
                                name=op.f("fk_booking_appointment_type_id_appointment_type")),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_booking_partner_id_partner"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["prequal_id"], ["prequal.id"], name=op.f("fk_booking_prequal_id_prequal"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_booking_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_booking_idempotency_key")),
        sa.UniqueConstraint("reference", name=op.f("uq_booking_reference")),
    )
    for column in ("agenda_id", "partner_id", "prequal_id", "site_id", "start", "status"):
        op.create_index(op.f(f"ix_booking_{column}"), "booking", [column], unique=False)
    op.create_table(
        "agenda_slot_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("agenda_id", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agenda_id"], ["agenda.id"], name=op.f("fk_agenda_slot_claim_agenda_id_agenda")),
        sa.ForeignKeyConstraint(["booking_id"], ["booking.id"], name=op.f("fk_agenda_slot_claim_booking_id_booking"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_slot_claim")),
        sa.UniqueConstraint("agenda_id", "unit", "start", name="uq_agenda_slot_claim_cell"),
    )
    op.create_index(op.f("ix_agenda_slot_claim_booking_id"), "agenda_slot_claim", ["booking_id"], unique=False)
    op.create_table(
        "operator_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("operator_id", sa.String(length=64), nullable=True),
        sa.Column("site_id", sa.String(length=64), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"],
                                name=op.f("fk_operator_feed_token_operator_id_operator")),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_operator_feed_token_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_feed_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_operator_feed_token_token_hash")),
    )
    op.create_index(op.f("ix_operator_feed_token_operator_id"), "operator_feed_token", ["operator_id"], unique=False)
    op.create_index(op.f("ix_operator_feed_token_site_id"), "operator_feed_token", ["site_id"], unique=False)


def downgrade() -> None:
    op.drop_table("operator_feed_token")
    op.drop_table("agenda_slot_claim")
    op.drop_table("booking")
