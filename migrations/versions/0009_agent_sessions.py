"""agent: a session version per account, so logout, a password reset or deactivation end every session

Revision ID: 0009_agent_sessions
Revises: 0005_agent
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_agent_sessions"
down_revision = "0005_agent"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A server default fills the existing accounts; their open sessions carry no version and end once.
    op.add_column("agent", sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("agent") as batch:
        batch.drop_column("session_version")
