"""Growing waits after failed sign-ins, instead of a lock anyone could set off on an account.

Failures are counted three ways: for one client (network address) and account, for the
account from every client, and for the client over every account. Past each count's free
failures the next attempt waits 1 s, then 2 s, 4 s ... up to the longest wait. A client
that has signed in to the account before (a known client) counts only for itself, so
nobody elsewhere can keep the account's owner out; a new client waits while the account
is being guessed at from many places. Counts start again after an hour without failures.

An attempt is counted as a failure before its password is checked, in one transaction
whose UPDATE takes the row's lock, so parallel attempts never check more passwords than
a count allows; a right password takes its count back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import case, delete, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from knowledge.messages import N_
from knowledge.models import SignInThrottle


@dataclass(frozen=True)
class Rule:
    """One way of counting failures: how many are free, and how long the waits grow."""

    name: str
    free: int
    first_wait: dt.timedelta
    longest_wait: dt.timedelta
    # shown in the security log when this count makes a client wait
    label: str

    def wait(self, failures: int) -> Optional[dt.timedelta]:
        """How long the next attempt waits after ``failures`` failures (None: no wait)."""
        if failures < self.free:
            return None
        doublings = min(failures - self.free, 30)
        return min(self.first_wait * 2**doublings, self.longest_wait)


SECOND = dt.timedelta(seconds=1)
CLIENT_AND_ACCOUNT = Rule(
    "client+account", 5, SECOND, dt.timedelta(minutes=15), N_("this address and account")
)
ACCOUNT = Rule("account", 20, SECOND, dt.timedelta(minutes=5), N_("this account"))
CLIENT = Rule("client", 30, SECOND, dt.timedelta(minutes=15), N_("this address"))
QUIET = dt.timedelta(hours=1)
# a client known to an account that long ago, with no failure since, is new again
FORGET_AFTER = dt.timedelta(days=90)


class Throttled(Exception):
    """The client must wait until ``until`` (UTC) before its next attempt."""

    def __init__(self, until: dt.datetime) -> None:
        super().__init__(until)
        self.until = until


def key(rule: Rule, client: Optional[str], account: str) -> str:
    """The row of ``rule`` for ``client`` and ``account``: a hash, naming neither."""
    address = "" if rule is ACCOUNT else client or ""
    name = "" if rule is CLIENT else account
    return hashlib.sha256(f"{rule.name}\0{address}\0{name}".encode()).hexdigest()


def _rules(session: Session, client: Optional[str], account: str) -> List[Rule]:
    """The counts an attempt goes into: a known client's only into its own."""
    known = session.scalar(
        select(SignInThrottle.signed_in_at).where(
            SignInThrottle.key == key(CLIENT_AND_ACCOUNT, client, account)
        )
    )
    return [CLIENT_AND_ACCOUNT] if known else [CLIENT_AND_ACCOUNT, CLIENT, ACCOUNT]


def claim(session: Session, client: Optional[str], account: str, at: dt.datetime) -> List[Rule]:
    """Count one attempt as a failure before its password is checked, or raise
    ``Throttled`` (the caller's transaction then rolls back, so nothing is counted).

    Returns the rules whose count now makes the next attempt wait.
    """
    started = []
    for rule in _rules(session, client, account):
        row = key(rule, client, account)
        if not _counted(session, row, at):
            raise Throttled(
                session.scalar(select(SignInThrottle.wait_until).where(SignInThrottle.key == row))
            )
        failures = session.scalar(select(SignInThrottle.failures).where(SignInThrottle.key == row))
        if (wait := rule.wait(failures)) is not None:
            session.execute(
                update(SignInThrottle)
                .where(SignInThrottle.key == row)
                .values(wait_until=at + wait)
                .execution_options(synchronize_session=False)
            )
            started.append(rule)
    return started


def _counted(session: Session, row: str, at: dt.datetime) -> bool:
    """Add one failure to the count ``row`` (made if missing, started again after a quiet
    hour) in one statement, unless its wait has not ended; whether it was counted."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = SignInThrottle.__table__
    quiet = table.c.last_failure_at < at - QUIET
    return bool(
        session.execute(
            dialect.insert(table)
            .values(key=row, failures=1, last_failure_at=at)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "failures": case((quiet, 1), else_=table.c.failures + 1),
                    "last_failure_at": at,
                },
                where=or_(table.c.wait_until.is_(None), table.c.wait_until <= at),
            )
        ).rowcount
    )


def succeeded(
    session: Session, client: Optional[str], account: str, at: dt.datetime, attempts: int = 1
) -> None:
    """The right password (and code): take back the ``attempts`` counted for it, and
    remember the client as known for the account."""
    for rule in _rules(session, client, account):
        if rule is CLIENT_AND_ACCOUNT:
            values = {"failures": 0, "wait_until": None, "signed_in_at": at}
        else:
            left = case(
                (SignInThrottle.failures > attempts, SignInThrottle.failures - attempts),
                else_=0,
            )
            values = {
                "failures": left,
                "wait_until": case(
                    (SignInThrottle.failures - attempts < rule.free, null()),
                    else_=SignInThrottle.wait_until,
                ),
            }
        session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.key == key(rule, client, account))
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def forget_before(session: Session, cutoff: dt.datetime) -> int:
    """Delete the counts with no failure or sign-in since ``cutoff`` (a client known that
    long ago is new again); how many went."""
    return session.execute(
        delete(SignInThrottle)
        .where(
            *(
                or_(column.is_(None), column < cutoff)
                for column in (SignInThrottle.last_failure_at, SignInThrottle.signed_in_at)
            )
        )
        .execution_options(synchronize_session=False)
    ).rowcount
