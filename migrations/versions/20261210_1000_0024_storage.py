"""shared photo storage (issue 23): the entrance photo's name is kept on its location, so no
page lists a folder or a bucket to find it

Revision ID: 0024_storage
Revises: 0023_promises
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0024_storage"
down_revision = "0023_promises"
branch_labels = None
depends_on = None

NAME = re.compile(r"^[0-9a-f]{32}$")


def upgrade() -> None:
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entrance_photo", sa.String(length=32), nullable=True))
    _record_local_entrance_photos()


def downgrade() -> None:
    # The files stay where they are (a folder per location): the older code finds them there.
    with op.batch_alter_table("locations", schema=None) as batch_op:
        batch_op.drop_column("entrance_photo")


def _record_local_entrance_photos() -> None:
    """Until now the photo was found by looking in places/<location id>/ of the local upload
    folder: write down the name found there, so a single box keeps showing its photos.

    Only a folder this process can see is read (LOANS_UPLOAD_DIR, else instance/uploads);
    `spelotheek storage copy-local` does the same later, and copies the files into a bucket.
    """
    from pathlib import Path

    from spelotheek.config import load
    from spelotheek.paths import INSTANCE

    try:
        configured = load({"TESTING": True}).get("LOANS_UPLOAD_DIR")
    except Exception:  # settings that do not load here must not stop the upgrade
        configured = None
    places = (Path(configured) if configured else INSTANCE / "uploads") / "places"
    if not places.is_dir():
        return
    locations = sa.table("locations", sa.column("id", sa.Integer), sa.column("entrance_photo"))
    connection = op.get_bind()
    for folder in places.iterdir():
        if not folder.name.isdigit() or not folder.is_dir():
            continue
        names = sorted(p.name.removesuffix("-large.jpg") for p in folder.glob("*-large.jpg"))
        names = [n for n in names if NAME.match(n)]
        if names:
            connection.execute(
                locations.update()
                .where(locations.c.id == int(folder.name))
                .values(entrance_photo=names[0])
            )
