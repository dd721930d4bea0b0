"""referrals held back when a municipality's inbox took its hourly number

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_key", sa.String(length=64), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["jurisdiction_key"],
            ["jurisdictions.key"],
            name=op.f("fk_referral_holds_jurisdiction_key_jurisdictions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_holds")),
        sa.UniqueConstraint(
            "jurisdiction_key", "hour", name=op.f("uq_referral_holds_jurisdiction_key")
        ),
    )


def downgrade() -> None:
    op.drop_table("referral_holds")
