"""webhooks: subscriptions of operators and partners, the webhook half of outbox rows, the delivery log

The outbox takes a fifth kind, "webhook", and rows without a booking (a finished questionnaire's webhook).

Revision ID: 0011_webhooks
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_webhooks"
down_revision = "0001_directory"
branch_labels = ("webhooks",)
depends_on = "0010_outbox"

OLD_KINDS = "kind IN ('caldav', 'itip', 'mail', 'sms')"
NEW_KINDS = "kind IN ('caldav', 'itip', 'mail', 'sms', 'webhook')"


def _outbox(kinds: str, booking_nullable: bool) -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_constraint(op.f("ck_outbox_message_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_outbox_message_kind"), kinds)
        batch.alter_column("booking_id", existing_type=sa.Integer(), nullable=booking_nullable)


def upgrade() -> None:
    _outbox(NEW_KINDS, True)
    op.create_table(
        "webhook_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("operator_id", sa.String(length=64), nullable=True),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("allow_private_network", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(operator_id IS NULL) <> (partner_id IS NULL)",
                           name=op.f("ck_webhook_subscription_one_owner")),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"],
                                name=op.f("fk_webhook_subscription_operator_id_operator"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"],
                                name=op.f("fk_webhook_subscription_partner_id_partner"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_subscription")),
    )
    op.create_index(op.f("ix_webhook_subscription_operator_id"), "webhook_subscription", ["operator_id"])
    op.create_index(op.f("ix_webhook_subscription_partner_id"), "webhook_subscription", ["partner_id"])
    op.create_table(
        "webhook_message",
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["outbox_id"], ["outbox_message.id"],
                                name=op.f("fk_webhook_message_outbox_id_outbox_message"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscription.id"],
                                name=op.f("fk_webhook_message_subscription_id_webhook_subscription"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("outbox_id", name=op.f("pk_webhook_message")),
    )
    op.create_index(op.f("ix_webhook_message_subscription_id"), "webhook_message", ["subscription_id"])
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.String(length=40), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["subscription_id"], ["webhook_subscription.id"],
                                name=op.f("fk_webhook_delivery_subscription_id_webhook_subscription"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
    )
    op.create_index(op.f("ix_webhook_delivery_subscription_id"), "webhook_delivery", ["subscription_id"])


def downgrade() -> None:
    op.drop_table("webhook_delivery")
    op.drop_table("webhook_message")
    op.drop_table("webhook_subscription")
    op.execute("DELETE FROM outbox_message WHERE kind = 'webhook' OR booking_id IS NULL")
    _outbox(OLD_KINDS, False)
