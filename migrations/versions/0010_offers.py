"""Shop local: the offers businesses post, staff approve and everyone finds.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("business_name", sa.String(200), nullable=False),
        sa.Column("org_country", sa.String(2)),
        sa.Column("org_number", sa.String(20), nullable=False),
        sa.Column("region", sa.String(64)),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("delivery", sa.JSON, nullable=False),
        sa.Column("delivers_home", sa.Boolean, nullable=False),
        sa.Column("price", sa.String(200), nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("image_url", sa.String(500)),
        sa.Column("photo_file_id", sa.String(255)),
        sa.Column("contact", sa.String(300), nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("language", sa.String(8)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("approved_at", TS),
        sa.Column("decided_by", sa.Integer, sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("warned_for", sa.Date),
    )
    op.create_index("ix_offers_user_id", "offers", ["user_id"])
    op.create_index("ix_offers_status", "offers", ["status"])
    op.create_index("ix_offers_created_at", "offers", ["created_at"])
    op.create_index("ix_offers_browse", "offers", ["status", "region", "approved_at"])
    op.create_index("ix_offers_newest", "offers", ["status", "approved_at"])
    op.create_index("ix_offers_home", "offers", ["status", "delivers_home", "region", "approved_at"])
    op.create_index("ix_offers_business", "offers", ["org_number", "status"])


def downgrade() -> None:
    op.drop_table("offers")
