"""prequal: chosen, chosen_at (the network a person offered a choice picked: "cep" or another network's id)

Revision ID: 0014_prequal_chosen
Revises: 0002_prequal
"""
from alembic import op
import sqlalchemy as sa

revision = "0014_prequal_chosen"
down_revision = "0002_prequal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("prequal") as batch:
        batch.add_column(sa.Column("chosen", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("prequal") as batch:
        batch.drop_column("chosen_at")
        batch.drop_column("chosen")
