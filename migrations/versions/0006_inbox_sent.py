"""Nothing twice: how many of an update's reply messages went out.

- `inbox.sent`: the channel counts the messages of several replies (or of a reply split in parts) as
  they go out, so a restart after a crash between two of them sends only the rest.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("sent", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("sent")
