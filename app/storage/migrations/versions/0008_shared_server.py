"""A store several teachers share on a school's server: a paper's tags carry a version (the second of two editors
is told the paper changed instead of overwriting it), and a class names its teachers (the server's row-level
security lets a teacher's login see only those classes). Plain ALTERs: both engines run them as they are.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add papers.version and class_teachers."""
    op.add_column("papers", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.create_table(
        "class_teachers",
        sa.Column("class_name", sa.String(length=200), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("class_name", "role_name", name="pk_class_teachers"),
    )
    op.create_index("ix_class_teachers_role_name", "class_teachers", ["role_name"])


def downgrade() -> None:
    """Drop them again (on a server, first the classes' policy and the grade views that read class_teachers; init
    makes them anew)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS zhidian_class ON classes")
        op.execute("DROP SCHEMA IF EXISTS zhidian_grade CASCADE")  # the grade's views read class_teachers
    op.drop_index("ix_class_teachers_role_name", table_name="class_teachers")
    op.drop_table("class_teachers")
    with op.batch_alter_table("papers") as batch:  # SQLite drops a column by copying the table
        batch.drop_column("version")
