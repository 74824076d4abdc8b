"""booking: hold_address (holds capped per client address), manage_version (revocable manage links)

Revision ID: 0008_booking_holds_links
Revises: 0004_booking
"""
from alembic import op
import sqlalchemy as sa


revision = "0008_booking_holds_links"
down_revision = "0004_booking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("booking") as batch:
        batch.add_column(sa.Column("hold_address", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("manage_version", sa.Integer(), server_default="0", nullable=False))
        batch.create_index(batch.f("ix_booking_hold_address"), ["hold_address"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("booking") as batch:
        batch.drop_index(batch.f("ix_booking_hold_address"))
        batch.drop_column("manage_version")
        batch.drop_column("hold_address")
