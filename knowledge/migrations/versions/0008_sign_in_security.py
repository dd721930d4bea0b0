"""sign-in security: throttling instead of a lock, security log, two-factor sign-in

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "security_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=True),
        sa.Column("subject", sa.String(length=120), nullable=True),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_log")),
    )
    op.create_index(op.f("ix_security_log_at"), "security_log", ["at"], unique=False)
    op.create_table(
        "sign_in_throttles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.Column("wait_until", sa.DateTime(), nullable=True),
        sa.Column("signed_in_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttles")),
    )
    with op.batch_alter_table("admin_users") as table:
        table.drop_column("failed_logins")
        table.drop_column("locked_until")
        table.add_column(sa.Column("totp_secret", sa.String(length=255), nullable=True))
        table.add_column(sa.Column("totp_confirmed_at", sa.DateTime(), nullable=True))
        table.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    with op.batch_alter_table("admin_sessions") as table:
        table.add_column(
            sa.Column("awaiting_code", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("admin_sessions") as table:
        table.drop_column("awaiting_code")
    with op.batch_alter_table("admin_users") as table:
        table.drop_column("totp_last_step")
        table.drop_column("totp_confirmed_at")
        table.drop_column("totp_secret")
        table.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        table.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
    op.drop_table("sign_in_throttles")
    op.drop_index(op.f("ix_security_log_at"), table_name="security_log")
    op.drop_table("security_log")
