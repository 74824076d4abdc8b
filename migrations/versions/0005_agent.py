"""agent: agent accounts and the append-only audit log

Revision ID: 0005_agent
Revises: 0001_directory
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_agent"
down_revision = "0001_directory"
branch_labels = ("agent",)
depends_on = None

# On PostgreSQL the database itself refuses to change or delete an audit entry (the code has no such path either).
PG_GUARD = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_entry is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""


def upgrade() -> None:
    op.create_table(
        "agent",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=True),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("operator_id", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("set_password_token_hash", sa.String(length=64), nullable=True),
        sa.Column("set_password_expiry", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["operator_id"], ["operator.id"], name=op.f("fk_agent_operator_id_operator")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agent")),
        sa.UniqueConstraint("email", name=op.f("uq_agent_email")),
        sa.UniqueConstraint("set_password_token_hash", name=op.f("uq_agent_set_password_token_hash")),
    )
    op.create_index(op.f("ix_agent_operator_id"), "agent", ["operator_id"], unique=False)
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agent_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("booking_reference", sa.String(length=32), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agent.id"], name=op.f("fk_audit_entry_agent_id_agent")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"], unique=False)
    op.create_index(op.f("ix_audit_entry_agent_id"), "audit_entry", ["agent_id"], unique=False)
    op.create_index(op.f("ix_audit_entry_booking_reference"), "audit_entry", ["booking_reference"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_GUARD)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    op.drop_index(op.f("ix_audit_entry_booking_reference"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_agent_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index(op.f("ix_agent_operator_id"), table_name="agent")
    op.drop_table("agent")
