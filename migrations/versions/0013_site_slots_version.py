"""site: slots_version, raised by every change to the site's free slots (the slots call's kept answers)

Revision ID: 0013_site_slots_version
Revises: 0001_directory
"""
from alembic import op
import sqlalchemy as sa

revision = "0013_site_slots_version"
down_revision = "0001_directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("site") as batch:
        batch.add_column(sa.Column("slots_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("site") as batch:
        batch.drop_column("slots_version")
