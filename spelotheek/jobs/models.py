"""One row per run of a periodic job in one slot: the database's word on "ran once"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from spelotheek.db import Base


class JobRun(Base):
    """A job's run in one slot: started, and finished once its work is committed.

    Unique per (name, slot), so two workers can never both start the same slot; a run that
    started but never finished (its worker was killed) is started again by its job's next
    attempt, or by anyone once it is older than the job's time limit.
    """

    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("name", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    slot: Mapped[datetime]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    tries: Mapped[int] = mapped_column(default=1)
    # Who runs it: the RQ job's id and attempt (rules.run_owner), or this process for
    # `spelotheek jobs run`. No personal data: ids name jobs, never families.
    owner: Mapped[str] = mapped_column(String(100))
