"""booking: name_folded (the name as the desk's search compares it, accents and case folded), backfilled

Revision ID: 0012_booking_name_folded
Revises: 0008_booking_holds_links
"""
from alembic import op
import sqlalchemy as sa

from bookingsite.folding import fold

revision = "0012_booking_name_folded"
down_revision = "0008_booking_holds_links"
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    with op.batch_alter_table("booking") as batch:
        batch.add_column(sa.Column("name_folded", sa.String(length=200), nullable=True))
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """Fold the names already stored, in batches by id (the same function as the model's, so searches agree)."""
    booking = sa.table("booking", sa.column("id", sa.Integer), sa.column("name", sa.String),
                       sa.column("name_folded", sa.String))
    last = 0
    while True:
        rows = conn.execute(sa.select(booking.c.id, booking.c.name).where(booking.c.id > last,
                                                                            booking.c.name.is_not(None))
                            .order_by(booking.c.id).limit(BATCH)).all()
        if not rows:
            return
        conn.execute(booking.update().where(booking.c.id == sa.bindparam("row_id"))
                     .values(name_folded=sa.bindparam("folded")),
                     [{"row_id": row.id, "folded": fold(row.name) or None} for row in rows])  # one executemany
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("booking") as batch:
        batch.drop_column("name_folded")
