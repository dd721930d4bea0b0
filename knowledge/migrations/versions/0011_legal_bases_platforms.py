"""legal bases and platforms, for the drafted notice to a platform; the footing condition
of decision rules (does the practitioner feel able to engage)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _sourced() -> list:
    return [
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("last_reviewed", sa.Date(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    with op.batch_alter_table("decision_rules") as batch:
        batch.add_column(sa.Column("footing", sa.JSON(), nullable=True))
    op.create_table(
        "legal_bases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction_key", sa.String(length=64), nullable=False),
        sa.Column("content_types", sa.JSON(), nullable=False),
        sa.Column("provision", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        *_sourced(),
        sa.ForeignKeyConstraint(
            ["jurisdiction_key"],
            ["jurisdictions.key"],
            name=op.f("fk_legal_bases_jurisdiction_key_jurisdictions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_bases")),
        sa.UniqueConstraint(
            "jurisdiction_key", "provision", name=op.f("uq_legal_bases_jurisdiction_key")
        ),
    )
    op.create_table(
        "platforms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("notice_url", sa.String(length=500), nullable=True),
        sa.Column("in_app", sa.Text(), nullable=False),
        sa.Column("dsa_contact", sa.String(length=500), nullable=True),
        *_sourced(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platforms")),
        sa.UniqueConstraint("name", name=op.f("uq_platforms_name")),
    )


def downgrade() -> None:
    with op.batch_alter_table("decision_rules") as batch:
        batch.drop_column("footing")
    op.drop_table("platforms")
    op.drop_table("legal_bases")
