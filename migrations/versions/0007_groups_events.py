"""Network groups and events: places (capacity kept by the database), members and waiting lists,
moved or cancelled occurrences, and "can't come" to a group meeting.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gathering_slots",
        sa.Column("kind", sa.String(8), primary_key=True),
        sa.Column("target", sa.String(120), primary_key=True),
        sa.Column("capacity", sa.Integer),
        sa.Column("taken", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.CheckConstraint("capacity IS NULL OR taken <= capacity", name="ck_gathering_slots_capacity"),
        sa.CheckConstraint("taken >= 0", name="ck_gathering_slots_taken"),
    )
    op.create_table(
        "gathering_members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("business", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("promoted_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("kind", "target", "business", name="uq_gathering_members_business"),
        sa.UniqueConstraint("kind", "target", "user_id", name="uq_gathering_members_user"),
    )
    op.create_index("ix_gathering_members_user_id", "gathering_members", ["user_id"])
    op.create_index("ix_gathering_members_target", "gathering_members", ["kind", "target", "status", "position"])
    op.create_table(
        "gathering_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("occurrence", sa.String(16), nullable=False),
        sa.Column("new_start", sa.String(16)),
        sa.Column("minutes", sa.Integer),
        sa.Column("cancelled", sa.Boolean, nullable=False),
        sa.Column("sequence", sa.Integer, nullable=False),
        sa.Column("changed_by", sa.Integer, sa.ForeignKey("staff.id", ondelete="SET NULL")),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "target", "occurrence", name="uq_gathering_changes_occurrence"),
    )
    op.create_index("ix_gathering_changes_target", "gathering_changes", ["target"])
    op.create_table(
        "gathering_absences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("occurrence", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("kind", "target", "occurrence", "user_id", name="uq_gathering_absences_user"),
    )
    op.create_index("ix_gathering_absences_user_id", "gathering_absences", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_gathering_absences_user_id", "gathering_absences")
    op.drop_table("gathering_absences")
    op.drop_index("ix_gathering_changes_target", "gathering_changes")
    op.drop_table("gathering_changes")
    op.drop_index("ix_gathering_members_target", "gathering_members")
    op.drop_index("ix_gathering_members_user_id", "gathering_members")
    op.drop_table("gathering_members")
    op.drop_table("gathering_slots")
