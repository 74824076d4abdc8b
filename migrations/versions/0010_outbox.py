"""outbox: the side effects of each booking change, recorded in its transaction and delivered by the task queue

Revision ID: 0010_outbox
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_outbox"
down_revision = "0001_directory"
branch_labels = ("outbox",)
depends_on = "0004_booking"


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("change", sa.String(length=12), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('caldav', 'itip', 'mail', 'sms')", name=op.f("ck_outbox_message_kind")),
        sa.CheckConstraint("status IN ('pending', 'sending', 'sent', 'superseded', 'failed')",
                           name=op.f("ck_outbox_message_status")),
        sa.ForeignKeyConstraint(["booking_id"], ["booking.id"], name=op.f("fk_outbox_message_booking_id_booking"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    op.create_index(op.f("ix_outbox_message_booking_id"), "outbox_message", ["booking_id"], unique=False)
    op.create_index("ix_outbox_message_status_next", "outbox_message", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_message_status_next", table_name="outbox_message")
    op.drop_index(op.f("ix_outbox_message_booking_id"), table_name="outbox_message")
    op.drop_table("outbox_message")
