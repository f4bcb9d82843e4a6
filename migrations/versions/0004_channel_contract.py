"""Channel contract and outbox lanes: structured addresses, staff identities per channel, lanes.

- `outbox.address` widens to 255 and gains `address_ref` (the rest of a channel's address, such as a
  Teams conversation reference); `users.address_ref` keeps that reference per user.
- `outbox.lane`: 0 interactive (claimed first), 1 bulk.
- `staff.telegram_id` becomes a row in `staff_identities` (channel, external id), so a staff member
  can be recognised on any chat channel.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("address", existing_type=sa.String(128), type_=sa.String(255), existing_nullable=False)
        batch.add_column(sa.Column("address_ref", sa.JSON, nullable=False, server_default="{}"))
        batch.add_column(sa.Column("lane", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_outbox_lane_id", "outbox", ["status", "lane", "id"])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("address_ref", sa.JSON))
    op.create_table(
        "staff_identities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id", ondelete="CASCADE"), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.UniqueConstraint("channel", "external_id", name="uq_staff_identities_channel_external"),
    )
    op.create_index("ix_staff_identities_staff_id", "staff_identities", ["staff_id"])
    op.execute(
        "INSERT INTO staff_identities (staff_id, channel, external_id) "
        "SELECT id, 'telegram', CAST(telegram_id AS VARCHAR(128)) FROM staff WHERE telegram_id IS NOT NULL"
    )
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("telegram_id")


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("telegram_id", sa.BigInteger, unique=True))
    op.execute(
        "UPDATE staff SET telegram_id = (SELECT CAST(i.external_id AS BIGINT) FROM staff_identities i "
        "WHERE i.staff_id = staff.id AND i.channel = 'telegram' LIMIT 1)"
    )
    op.drop_index("ix_staff_identities_staff_id", "staff_identities")
    op.drop_table("staff_identities")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("address_ref")
    op.drop_index("ix_outbox_lane_id", "outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("lane")
        batch.drop_column("address_ref")
        batch.alter_column("address", existing_type=sa.String(255), type_=sa.String(128), existing_nullable=False)
