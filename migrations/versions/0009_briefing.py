"""The daily briefing: subscriptions, knowledge content hashes, the staff's news items.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefing_subscriptions",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("slot_minute", sa.Integer, nullable=False),
        sa.Column("days", sa.String(16), nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True)),
        sa.Column("last_slot_at", sa.DateTime(timezone=True)),
        sa.Column("last_since", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_briefing_due", "briefing_subscriptions", ["status", "timezone", "slot_minute", "user_id"]
    )
    op.create_table(
        "briefing_knowledge",
        sa.Column("entry_id", sa.String(120), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True)),
        sa.Column("changed_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_briefing_knowledge_changed_at", "briefing_knowledge", ["changed_at"])
    op.create_table(
        "news_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("region", sa.String(64)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("url", sa.String(500)),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn", sa.Boolean, nullable=False),
    )
    op.create_index("ix_news_items_created_at", "news_items", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_news_items_created_at", "news_items")
    op.drop_table("news_items")
    op.drop_index("ix_briefing_knowledge_changed_at", "briefing_knowledge")
    op.drop_table("briefing_knowledge")
    op.drop_index("ix_briefing_due", "briefing_subscriptions")
    op.drop_table("briefing_subscriptions")
