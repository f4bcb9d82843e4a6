"""Nothing lost: the inbox of incoming updates, and the outbox's attempt mark.

- `inbox`: every update a channel receives, stored before it is confirmed, unique by channel and
  update id, with the core's replies kept until they are sent.
- `outbox.attempt_started_at`: set just before the call to the channel, so a crash hands back what
  was claimed but never attempted and marks only the rows in flight uncertain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("attempt_started_at", sa.DateTime(timezone=True)))
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("update_id", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("replies", sa.JSON, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("channel", "update_id", name="uq_inbox_channel_update"),
    )
    op.create_index("ix_inbox_status", "inbox", ["status"])


def downgrade() -> None:
    op.drop_index("ix_inbox_status", "inbox")
    op.drop_table("inbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("attempt_started_at")
