"""vocabulary words per language

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("vocabulary", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
        )
        batch_op.drop_constraint("uq_vocabulary_slot", type_="unique")
        batch_op.create_unique_constraint("uq_vocabulary_slot", ["slot", "value", "language"])


def downgrade() -> None:
    op.execute("DELETE FROM vocabulary WHERE language != 'en'")
    with op.batch_alter_table("vocabulary", schema=None) as batch_op:
        batch_op.drop_constraint("uq_vocabulary_slot", type_="unique")
        batch_op.create_unique_constraint("uq_vocabulary_slot", ["slot", "value"])
        batch_op.drop_column("language")
