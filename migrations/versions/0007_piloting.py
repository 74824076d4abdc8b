"""piloting: first-slot delays observed (slot_offer) and the privacy purge log

Revision ID: 0007_piloting
Revises: 0001_directory
"""
from alembic import op
import sqlalchemy as sa


revision = "0007_piloting"
down_revision = "0001_directory"
branch_labels = ("piloting",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slot_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_slot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delay_minutes", sa.Integer(), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_slot_offer_site_id_site"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_offer")),
    )
    op.create_index(op.f("ix_slot_offer_offered_at"), "slot_offer", ["offered_at"], unique=False)
    op.create_index(op.f("ix_slot_offer_site_id"), "slot_offer", ["site_id"], unique=False)
    op.create_table(
        "purge_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bookings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purge_log")),
    )
    op.create_index(op.f("ix_purge_log_ran_at"), "purge_log", ["ran_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_purge_log_ran_at"), table_name="purge_log")
    op.drop_table("purge_log")
    op.drop_index(op.f("ix_slot_offer_site_id"), table_name="slot_offer")
    op.drop_index(op.f("ix_slot_offer_offered_at"), table_name="slot_offer")
    op.drop_table("slot_offer")
