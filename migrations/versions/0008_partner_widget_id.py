"""directory: a partner's publishable widget id, apart from its secret API key

Revision ID: 0008_partner_widget_id
Revises: 0001_directory

Existing partners get their partner id as widget id. Their pages' old ``data-partner`` (the API key itself)
no longer opens the widget: that key was public, so it is to be rotated (``flask partners rotate-key ID``).
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_partner_widget_id"
down_revision = "0001_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("partner") as batch:
        batch.add_column(sa.Column("widget_id", sa.String(length=64), nullable=True))
    op.execute(sa.text("UPDATE partner SET widget_id = id"))
    with op.batch_alter_table("partner") as batch:
        batch.alter_column("widget_id", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_partner_widget_id"), ["widget_id"])


def downgrade() -> None:
    with op.batch_alter_table("partner") as batch:
        batch.drop_constraint(batch.f("uq_partner_widget_id"), type_="unique")
        batch.drop_column("widget_id")
