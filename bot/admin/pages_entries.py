"""List, search, add, edit, retire and review every kind of knowledge-base entry, and the
history of changes with its revert buttons."""

from __future__ import annotations

from typing import Dict, Tuple

from aiohttp import web

from bot.admin import entries, translations
from bot.admin.choices import page_words
from bot.admin.ids import row_id
from bot.admin.kinds import KINDS, Kind, form_text, key_of, read_form, review_due
from bot.admin.web import forbidden, not_found, render, see_other, signed_in, translated
from knowledge.messages import N_, Message
from knowledge.models import AuditEntry

# what the history says was done (the audit log's action codes), in words
ACTION_NAMES = {
    "create": N_("added"),
    "update": N_("changed"),
    "retire": N_("retired"),
    "restore": N_("restored"),
    "revert": N_("reverted"),
    "import": N_("imported"),
}


def _kind(request: web.Request) -> Kind | None:
    return KINDS.get(request.match_info["kind"])


@signed_in
async def listing(request: web.Request) -> web.Response:
    kind = _kind(request)
    if kind is None:
        return not_found(request)
    query = request.query.get("q", "").strip()[:200]
    retired = request.query.get("retired") == "1"
    found = entries.listing(request["db"], kind, query, retired=retired)
    return render(
        request,
        "list.html",
        kind=kind,
        query=query,
        retired=retired,
        found=found,
        key_of=key_of,
        review_due=review_due,
        words=page_words(request),
        may_add=entries.may_edit(request["user"], kind, request["user"].jurisdiction_key),
    )


@signed_in
async def new_entry(request: web.Request) -> web.Response:
    kind = _kind(request)
    if kind is None:
        return not_found(request)
    user = request["user"]
    if not entries.may_edit(user, kind, user.jurisdiction_key):
        return forbidden(request, N_("You may not add entries of this kind."))
    if request.method == "GET":
        values = {f.name: form_text(f, None) for f in kind.fields}
        if user.jurisdiction_key and "jurisdiction_key" in values:
            values["jurisdiction_key"] = user.jurisdiction_key
        return _form(request, kind, None, values, {})
    return _save(request, kind, None)


@signed_in
async def entry_page(request: web.Request) -> web.Response:
    kind = _kind(request)
    entry = kind and entries.get(request["db"], kind, request.match_info["key"])
    if entry is None:
        return not_found(request)
    if request.method == "GET":
        values = {f.name: form_text(f, getattr(entry, f.name)) for f in kind.fields}
        return _form(request, kind, entry, values, {})
    return _save(request, kind, entry)


@signed_in
async def entry_action(request: web.Request) -> web.Response:
    """Retire, restore or mark as reviewed (buttons on the entry's page)."""
    kind = _kind(request)
    entry = kind and entries.get(request["db"], kind, request.match_info["key"])
    action = request.match_info["action"]
    if entry is None or action not in ("retire", "restore", "reviewed"):
        return not_found(request)
    try:
        if action == "reviewed":
            entries.mark_reviewed(request["db"], request["user"], kind, entry)
        else:
            entries.set_retired(request["db"], request["user"], kind, entry, action == "retire")
    except entries.NotAllowed as error:
        return forbidden(request, error.args[0])
    except entries.Invalid as error:
        return render(
            request,
            "message.html",
            status=422,
            title=N_("Not marked as reviewed"),
            message=Message(
                "Please correct this entry first: %(problems)s",
                problems=" ".join(translated(request, p) for p in error.problems.values()),
            ),
        )
    done = {"retire": "retired", "restore": "restored", "reviewed": "reviewed"}[action]
    return see_other(f"/admin/{kind.slug}/{key_of(kind, entry)}?done={done}")


@signed_in
async def save_translation(request: web.Request) -> web.Response:
    """Save one language's translations of an entry (the form beside its English)."""
    kind = _kind(request)
    entry = kind and entries.get(request["db"], kind, request.match_info["key"])
    language = request.match_info["language"]
    if entry is None or language not in translations.LANGUAGE_NAMES:
        return not_found(request)
    try:
        translations.save(request["db"], request["user"], kind, entry, language, request["form"])
    except entries.NotAllowed as error:
        return forbidden(request, error.args[0])
    return see_other(f"/admin/{kind.slug}/{key_of(kind, entry)}?done=saved#translations")


@signed_in
async def review(request: web.Request) -> web.Response:
    """Entries not reviewed for over a year, oldest first."""
    return render(request, "review.html", due=entries.due_for_review(request["db"]), key_of=key_of)


@signed_in
async def history(request: web.Request) -> web.Response:
    kind = request.query.get("kind") or None
    key = request.query.get("key") or None
    changes = entries.history(request["db"], kind=kind, key=key)
    return render(request, "history.html", **_changes_context(request["db"], changes))


@signed_in
async def revert(request: web.Request) -> web.Response:
    number = row_id(request.match_info["change_id"])
    change = request["db"].get(AuditEntry, number) if number is not None else None
    if change is None:
        return not_found(request)
    try:
        if change.kind == translations.AUDIT_KIND:
            kind, entry = translations.revert(request["db"], request["user"], change)
        else:
            kind, entry = (
                KINDS.get(change.kind),
                entries.revert(request["db"], request["user"], change),
            )
    except entries.NotAllowed as error:
        return forbidden(request, error.args[0])
    except entries.Invalid as error:
        return render(
            request,
            "message.html",
            status=422,
            title=N_("Cannot revert"),
            message=" ".join(translated(request, p) for p in error.problems.values()),
        )
    return see_other(f"/admin/{kind.slug}/{key_of(kind, entry)}?done=reverted")


def _save(request: web.Request, kind: Kind, entry) -> web.Response:
    """Add (``entry`` None) or change an entry from the submitted form; on problems, the
    form again with what was typed and a message per field."""
    user, db, form = request["user"], request["db"], request["form"]
    values, problems = read_form(kind, form, entries.place_keys(db), creating=entry is None)
    if not problems:
        try:
            if entry is None:
                saved, done = entries.create(db, user, kind, values), "created"
            else:
                saved, done = entries.update(db, user, kind, entry, values), "saved"
            return see_other(f"/admin/{kind.slug}/{key_of(kind, saved)}?done={done}")
        except entries.NotAllowed as error:
            return forbidden(request, error.args[0])
        except entries.Invalid as error:
            db.rollback()  # nothing is kept, and the form below can read the database again
            problems = error.problems
    return _form(request, kind, entry, _resubmitted(kind, form), problems)


def _changes_context(db, changes) -> dict:
    """What the table of changes (``_changes.html``) shows beside the changes themselves."""
    return {
        "changes": changes,
        "changed_fields": changed_fields,
        "entry_names": entry_names(db, changes),
        "action_names": ACTION_NAMES,
    }


def entry_names(db, changes) -> Dict[Tuple[str, str], str]:
    """The name of each entry the changes are about, by (kind, key); an entry that no
    longer exists has none, and the page shows its kind and key instead."""
    names: Dict[Tuple[str, str], str] = {}
    for change in changes:
        slug, key = change.kind, change.entry_key
        if slug == translations.AUDIT_KIND:
            slug, key = (change.entry_key.split("/") + ["", ""])[:2]
        kind = KINDS.get(slug)
        if kind is None or (slug, key) in names:
            continue
        entry = entries.get(db, kind, key)
        if entry is not None:
            names[(slug, key)] = kind.title(entry)
    return names


def changed_fields(change: AuditEntry):
    """(field, before, after) for each value that differs between the two versions."""
    before, after = change.before or {}, change.after or {}
    names = [n for n in {**before, **after} if before.get(n) != after.get(n)]
    return [(n, before.get(n), after.get(n)) for n in names]


def _form(request, kind: Kind, entry, values, problems) -> web.Response:
    user, db = request["user"], request["db"]
    editable = entry is None or entries.may_edit(
        user, kind, getattr(entry, "jurisdiction_key", None)
    )
    places = entries.place_keys(db)
    if not user.is_admin:
        places = [p for p in places if p == user.jurisdiction_key or not editable]
    changes = entries.history(db, kind=kind.slug, key=key_of(kind, entry))[:10] if entry else []
    if entry is not None:
        changes = sorted(
            changes + translations.history(db, kind, entry), key=lambda c: c.id, reverse=True
        )[:10]
    return render(
        request,
        "entry.html",
        status=422 if problems else 200,
        kind=kind,
        entry=entry,
        values=values,
        problems=problems,
        editable=editable,
        places=places,
        key=key_of(kind, entry) if entry else None,
        **_changes_context(db, changes),
        due=entry is not None and review_due(entry),
        translations=translations.side_by_side(db, kind, entry) if entry is not None else [],
        words=page_words(request),
    )


def _resubmitted(kind: Kind, form) -> dict:
    """What the user typed, shown again next to the problems so nothing is lost."""
    return {
        f.name: form.getall(f.name, [])
        if f.widget in ("choices", "conditions")
        else (form.get(f.name) == "on" if f.widget == "flag" else str(form.get(f.name, "")))
        for f in kind.fields
    }
