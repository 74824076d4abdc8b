"""prequal: completed pre-qualification questionnaires

Revision ID: 0002_prequal
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_prequal"
down_revision = "0001_directory"
branch_labels = ("prequal",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prequal",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("questionnaire_version", sa.String(length=20), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("scope", sa.String(length=6), nullable=True),
        sa.Column("route", sa.String(length=40), nullable=True),
        sa.Column("networks", sa.JSON(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("urgency", sa.String(length=40), nullable=True),
        sa.Column("appointment_type", sa.String(length=64), nullable=True),
        sa.Column("modality", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=True),
        sa.Column("agent_id", sa.String(length=64), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("region_code", sa.String(length=3), nullable=True),
        sa.Column("insee", sa.String(length=5), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_prequal_partner_id_partner"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prequal")),
    )
    op.create_index(op.f("ix_prequal_created_at"), "prequal", ["created_at"], unique=False)
    op.create_index(op.f("ix_prequal_partner_id"), "prequal", ["partner_id"], unique=False)
    op.create_index(op.f("ix_prequal_region_code"), "prequal", ["region_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_prequal_region_code"), table_name="prequal")
    op.drop_index(op.f("ix_prequal_partner_id"), table_name="prequal")
    op.drop_index(op.f("ix_prequal_created_at"), table_name="prequal")
    op.drop_table("prequal")
