"""Outbox edits: the channel's id of a delivered message, and rows that edit an earlier row's message.

A ticket's staff-chat notice is found through its outbox row (`external_id`), so the ticket's own
copy of that id, `tickets.staff_chat_message_id`, goes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("external_id", sa.String(64)))
        batch.add_column(sa.Column("edits", sa.Integer))
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("staff_chat_message_id")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("staff_chat_message_id", sa.BigInteger))
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("edits")
        batch.drop_column("external_id")
