"""SQLAlchemy models of the knowledge base; every entry carries its source and review date."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import declarative_base

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))

LEVELS = ("eu", "country", "municipality")
COURSES = ("emergency", "report", "refer_coordinator", "engage", "dont_feed")
# what guidance is written for: the courses, and the line on the practitioner's own
# wellbeing shown after a conversation about disturbing content
GUIDANCE_TOPICS = (*COURSES, "self_care")
# the kinds of content a legal basis can name (the triage's content_type answers that
# can be illegal; "other" and "unsure" take every provision of the country)
CONTENT_TYPES = (
    "terrorist_propaganda",
    "threat_of_violence",
    "hate_speech",
    "extremist_symbols",
    "recruitment_grooming",
    "conspiracy_disinformation",
)
# the answers to "where did you see it?" a platform entry belongs to
PLATFORM_CATEGORIES = (
    "tiktok",
    "instagram",
    "youtube",
    "telegram",
    "messenger",
    "x_twitter",
    "facebook",
    "snapchat",
    "gaming",
    "forum",
    "other",
)
# the languages Signpost speaks; the first is the one a missing text falls back to
LANGUAGES = ("en", "de", "fr", "nl")
URGENCIES = ("emergency", "today", "this_week", "when_convenient")
CONTACT_ROLES = (
    "reporting_point",
    "police_internet_unit",
    "counselling",
    "coordinator",
    "safeguarding",
    "police_liaison",
    "youth_service",
    "eu_body",
    "platform_reporting",
)


class Sourced:
    """Columns every entry has: where it comes from, when it was last checked, retired or not."""

    source = Column(Text, nullable=False)
    source_url = Column(String(500))
    last_reviewed = Column(Date, nullable=False, default=dt.date.today)
    retired = Column(Boolean, nullable=False, default=False)


class Jurisdiction(Sourced, Base):
    """The EU, a member state or a municipality; contacts are looked up walking up parents."""

    __tablename__ = "jurisdictions"

    key = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    level = Column(String(20), nullable=False)
    parent_key = Column(String(64), ForeignKey("jurisdictions.key"))
    emergency_number = Column(String(40), nullable=False, default="112")
    police_number = Column(String(40))
    example = Column(Boolean, nullable=False, default=False)
    aliases = Column(JSON, nullable=False, default=list)


class Contact(Sourced, Base):
    """An organisation or a role (never a private person) to contact for some courses."""

    __tablename__ = "contacts"

    id = Column(Integer, primary_key=True)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    name = Column(String(200), nullable=False)
    role = Column(String(40), nullable=False)
    courses = Column(JSON, nullable=False, default=list)
    phone = Column(String(60))
    email = Column(String(200))
    url = Column(String(500))
    description = Column(Text, nullable=False, default="")


class Guidance(Sourced, Base):
    """What to do for one course of action, possibly overridden for a jurisdiction."""

    __tablename__ = "guidance"
    __table_args__ = (UniqueConstraint("course_of_action", "jurisdiction_key"),)

    id = Column(Integer, primary_key=True)
    course_of_action = Column(String(40), nullable=False)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    title = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)
    who_acts = Column(String(200), nullable=False)
    steps = Column(JSON, nullable=False, default=list)


class DecisionRule(Sourced, Base):
    """One row of the decision policy: the first matching rule (lowest priority) decides.

    A condition column holds the list of answers it accepts, or null for "any answer".
    """

    __tablename__ = "decision_rules"

    id = Column(Integer, primary_key=True)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    priority = Column(Integer, nullable=False)
    danger = Column(JSON)
    illegal = Column(JSON)
    poster = Column(JSON)
    other_agencies = Column(JSON)
    footing = Column(JSON)
    course_of_action = Column(String(40), nullable=False)
    urgency = Column(String(20), nullable=False)
    also = Column(JSON, nullable=False, default=list)
    rationale = Column(Text, nullable=False)


class GlossaryEntry(Sourced, Base):
    """An extremist symbol, number or phrase, with the innocent uses that make context decide."""

    __tablename__ = "glossary"

    id = Column(Integer, primary_key=True)
    term = Column(String(120), nullable=False, unique=True)
    aliases = Column(JSON, nullable=False, default=list)
    meaning = Column(Text, nullable=False)
    ideology = Column(String(200), nullable=False)
    innocent_use = Column(Text)


class Faq(Sourced, Base):
    """A question practitioners ask and its answer ("what is a trusted flagger?"): asked
    in their own words, found by its ``keywords`` (phrases in any language, each specific
    to the question), answered in a few sentences that cite their source."""

    __tablename__ = "faq"

    id = Column(Integer, primary_key=True)
    topic = Column(String(60), nullable=False, unique=True)
    keywords = Column(JSON, nullable=False, default=list)
    answer = Column(Text, nullable=False)


class LegalBasis(Sourced, Base):
    """A legal provision of a country (or of EU law) that content of some kinds may break:
    the drafted notice to a platform names it as the reason the content is illegal
    (Digital Services Act, Art. 16(2)(a))."""

    __tablename__ = "legal_bases"
    __table_args__ = (UniqueConstraint("jurisdiction_key", "provision"),)

    id = Column(Integer, primary_key=True)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    content_types = Column(JSON, nullable=False, default=list)
    provision = Column(String(200), nullable=False)
    summary = Column(Text, nullable=False)


class Platform(Sourced, Base):
    """A platform where content is reported: its illegal-content notice form (Digital
    Services Act, Art. 16), the report path in its app, and its DSA point of contact."""

    __tablename__ = "platforms"

    id = Column(Integer, primary_key=True)
    name = Column(String(120), nullable=False, unique=True)
    category = Column(String(40), nullable=False)
    notice_url = Column(String(500))
    in_app = Column(Text, nullable=False, default="")
    dsa_contact = Column(String(500))


class Resource(Sourced, Base):
    """A public document or service worth pointing practitioners to."""

    __tablename__ = "resources"

    id = Column(Integer, primary_key=True)
    title = Column(String(300), nullable=False)
    url = Column(String(500))
    description = Column(Text, nullable=False, default="")
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    courses = Column(JSON, nullable=False, default=list)


class VocabularyTerm(Sourced, Base):
    """A category answer (e.g. content_type = hate_speech) in one language: its label and
    the words for it.

    ``synonyms`` are recognised anywhere in a message; ``answer_words`` only as the answer
    to the question just asked (too generic to be read as this category elsewhere).
    Answers are read with every language's words at once; the label is shown in the
    term's own language.
    """

    __tablename__ = "vocabulary"
    __table_args__ = (UniqueConstraint("slot", "value", "language"),)

    id = Column(Integer, primary_key=True)
    slot = Column(String(40), nullable=False)
    value = Column(String(60), nullable=False)
    language = Column(String(8), nullable=False, default="en")
    label = Column(String(200), nullable=False)
    synonyms = Column(JSON, nullable=False, default=list)
    answer_words = Column(JSON, nullable=False, default=list)


class Translation(Base):
    """One field of one entry in another language, for every kind of entry alike.

    ``kind`` is the entry's seed-file stem (``guidance``, ``rules``, ...), ``text`` a
    string or, for steps, a list of strings. ``english_hash`` is the hash of the English
    field when the translation was made: when it no longer matches, the English changed
    since and the translation is outdated (still shown, flagged for coordinators).
    """

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("kind", "entry_id", "field", "language"),)

    id = Column(Integer, primary_key=True)
    kind = Column(String(40), nullable=False)
    entry_id = Column(Integer, nullable=False)
    field = Column(String(40), nullable=False)
    language = Column(String(8), nullable=False)
    text = Column(JSON, nullable=False)
    english_hash = Column(String(64), nullable=False)
    updated_at = Column(DateTime, nullable=False)


class TelegramInvite(Base):
    """A one-time code a coordinator gives a practitioner to admit them on Telegram.

    Only a keyed hash of the code is stored; the code itself is shown once.
    """

    __tablename__ = "telegram_invites"

    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime)
    note = Column(String(200), nullable=False, default="")


class TelegramMember(Base):
    """A practitioner admitted on Telegram, known only by a keyed hash of their user id."""

    __tablename__ = "telegram_members"

    member_hash = Column(String(64), primary_key=True)
    admitted_at = Column(DateTime, nullable=False)


ADMIN_ROLES = ("coordinator", "admin")
AUDIT_ACTIONS = ("create", "update", "retire", "restore", "revert", "import")


class AdminUser(Base):
    """Someone who keeps the knowledge base: an ``admin``, or the ``coordinator`` of one
    municipality. Only an argon2 hash of the password is stored."""

    __tablename__ = "admin_users"

    id = Column(Integer, primary_key=True)
    username = Column(String(80), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(20), nullable=False)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"))
    disabled = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime, nullable=False)
    # the admin area's language (one of LANGUAGES); null: the browser's Accept-Language
    language = Column(String(8))
    # two-factor sign-in: the TOTP secret, encrypted with the server's secret key; in use
    # once confirmed with a code; the last time step used, so no code works twice
    totp_secret = Column(String(255))
    totp_confirmed_at = Column(DateTime)
    totp_last_step = Column(Integer)


class AdminSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "admin_sessions"

    token_hash = Column(String(64), primary_key=True)
    user_id = Column(Integer, ForeignKey("admin_users.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    expires_at = Column(DateTime, nullable=False)
    # when it was last used (written at most once a minute), for the idle timeout; null
    # for a session from before this was kept, which counts as idle
    last_seen_at = Column(DateTime)
    # the password was right but the two-factor code is still to come: not signed in yet
    awaiting_code = Column(Boolean, nullable=False, default=False, server_default=false())


SECURITY_EVENTS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_throttled",
    "code_failed",
    "password_check_failed",
    "sign_out",
    "user_created",
    "user_disabled",
    "user_enabled",
    "password_changed",
    "password_reset",
    "totp_enabled",
    "totp_disabled",
    "invite_created",
    "invite_revoked",
    "member_removed",
    "referral_status",
)


class SecurityEvent(Base):
    """One security event of the admin area: what, when, who, whom it concerns, from where.

    Never a password, code or token; deleted after ``SECURITY_LOG_RETENTION_DAYS``.
    """

    __tablename__ = "security_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, index=True)
    event = Column(String(40), nullable=False)
    # the user who acted or whose name was given at sign-in; null: no such user
    actor = Column(String(80))
    # whom or what it concerns, when not the actor: a user name, "referral 12", "invite 3"
    subject = Column(String(120))
    # the client's network address; null for the command line
    client = Column(String(64))
    detail = Column(String(200), nullable=False, default="")


class SignInThrottle(Base):
    """Recent failed sign-ins counted for one client and account, one account or one client,
    which make the next attempt wait longer and longer.

    The key is a hash of what is counted, so the table names no address or user name.
    """

    __tablename__ = "sign_in_throttles"

    key = Column(String(64), primary_key=True)
    failures = Column(Integer, nullable=False, default=0)
    last_failure_at = Column(DateTime)
    wait_until = Column(DateTime)
    # for a client and account: the last sign-in from there (a known client)
    signed_in_at = Column(DateTime)


class AuditEntry(Base):
    """One change to the knowledge base: who, when, and the entry before and after.

    ``before`` is null for a creation; ``after`` the values written. Reverting writes
    ``before`` back as a new change, so the history itself is never rewritten.
    """

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False)
    actor = Column(String(80), nullable=False)
    kind = Column(String(40), nullable=False)
    entry_key = Column(String(64), nullable=False)
    action = Column(String(20), nullable=False)
    before = Column(JSON)
    after = Column(JSON)


class TriageCount(Base):
    """How many recommendations of one kind were given in one week: counts only.

    No conversation, time of day or identifier is kept, so a row says nothing about anyone.
    """

    __tablename__ = "triage_counts"
    __table_args__ = (
        UniqueConstraint(
            "week", "jurisdiction_key", "course_of_action", "content_type", "platform"
        ),
    )

    id = Column(Integer, primary_key=True)
    week = Column(Date, nullable=False)
    jurisdiction_key = Column(String(64), nullable=False)
    course_of_action = Column(String(40), nullable=False)
    content_type = Column(String(60), nullable=False)
    platform = Column(String(60), nullable=False)
    count = Column(Integer, nullable=False, default=0)


class Referral(Base):
    """An anonymous concern a practitioner chose to send their municipality's coordinator.

    It holds the triage categories and an optional redacted note, the day it arrived and
    whether it was dealt with: nothing that identifies the practitioner or anyone else.
    """

    __tablename__ = "referrals"

    id = Column(Integer, primary_key=True)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    received_on = Column(Date, nullable=False)
    categories = Column(JSON, nullable=False, default=dict)
    note = Column(Text, nullable=False, default="")
    status = Column(String(20), nullable=False, default="new")


class ReferralHold(Base):
    """How many referrals a municipality's inbox did not take in one hour, because it had
    taken ``REFERRALS_PER_MUNICIPALITY_PER_HOUR`` already: its coordinators see a notice.

    Only the hour and the number are kept, nothing of the referrals held back.
    """

    __tablename__ = "referral_holds"
    __table_args__ = (UniqueConstraint("jurisdiction_key", "hour"),)

    id = Column(Integer, primary_key=True)
    jurisdiction_key = Column(String(64), ForeignKey("jurisdictions.key"), nullable=False)
    hour = Column(DateTime, nullable=False)  # its start, on the server's clock
    count = Column(Integer, nullable=False, default=0)
