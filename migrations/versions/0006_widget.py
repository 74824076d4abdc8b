"""widget: flows started in the partner widget

Revision ID: 0006_widget
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_widget"
down_revision = "0001_directory"
branch_labels = ("widget",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "widget_flow",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["partner.id"], name=op.f("fk_widget_flow_partner_id_partner"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_widget_flow")),
    )
    op.create_index(op.f("ix_widget_flow_partner_id"), "widget_flow", ["partner_id"], unique=False)
    op.create_index(op.f("ix_widget_flow_started_at"), "widget_flow", ["started_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_widget_flow_started_at"), table_name="widget_flow")
    op.drop_index(op.f("ix_widget_flow_partner_id"), table_name="widget_flow")
    op.drop_table("widget_flow")
