"""feeds: one snapshot of each agenda's iCal feed

Revision ID: 0003_feeds
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_feeds"
down_revision = "0001_directory"
branch_labels = ("feeds",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_snapshot",
        sa.Column("agenda_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_code", sa.String(length=30), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("etag", sa.String(length=300), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("events_count", sa.Integer(), nullable=False),
        sa.Column("covers_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("covers_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("intervals", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["agenda_id"], ["agenda.id"], name=op.f("fk_feed_snapshot_agenda_id_agenda"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("agenda_id", name=op.f("pk_feed_snapshot")),
    )


def downgrade() -> None:
    op.drop_table("feed_snapshot")
