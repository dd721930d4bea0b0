"""What the Telegram bot says itself (the triage wording comes from Rasa's domain)."""

INTRO = (
    "<b>Signpost</b> helps you decide what to do when you meet extremist content online "
    "in your work: report it, bring in your local coordinator, talk with the young person, "
    "or leave it alone.\n\n"
    "<b>Signpost is not an emergency service.</b> If someone is in danger right now, "
    "call 112.\n\n"
    "Please don't type names: I work without them. Telegram is not end-to-end encrypted "
    "for bots, so sensitive cases belong on your municipality's intranet widget.\n"
    "Commands: /new starts a new case, /privacy says what is stored, /forget erases "
    "your conversation, /help explains what I can do."
)
PRIVACY = (
    "<b>Privacy</b>\n"
    'I store the conversation (your answers as categories such as "hate speech" or '
    '"TikTok") under a pseudonym, never your Telegram id, so it can continue where you '
    "left off; it is deleted after a fixed retention period, and /forget deletes it now. "
    "Nobody reads conversations; coordinators see only anonymous counts. Nothing is passed "
    "to the police or anyone else unless you choose to report, or to send your coordinator "
    "an anonymous summary (your answers as categories, no names).\n"
    "Telegram is not end-to-end encrypted for bots: for sensitive cases use the intranet "
    "widget. Never send screenshots or other evidence here."
)
NOT_ADMITTED = (
    "Sorry, Signpost on Telegram is only for practitioners admitted by their local "
    "coordinator. Ask your coordinator for an invite code and send /start followed by "
    "the code. Nothing you sent has been stored. If someone is in danger, call 112."
)
BAD_CODE = (
    "That invite code is not valid or has already been used. Please ask your coordinator "
    "for a new one. If someone is in danger, call 112."
)
WELCOME = "Welcome: you can now use Signpost here."
GROUPS_REFUSED = (
    "Signpost only works in a private chat, so that nothing about a case is shared with "
    "a group. Please write to me directly."
)
TEXT_ONLY = (
    "I can only read text, and please don't send evidence (screenshots, files, voice) "
    "here: describe what you saw in words. I have not downloaded what you sent."
)
EDITED = "I saw you edited a message. I go by new messages: please send your correction again."
FORGOTTEN = "Done: your conversation with Signpost has been deleted."
UNREACHABLE = (
    "Signpost can't answer right now. Please try again later. If someone is in danger, call 112."
)
BUTTON_EXPIRED = "That button has expired. Please type your answer or tap a newer button."
COMMANDS = [
    ("start", "What Signpost is, and how it handles your data"),
    ("new", "Start a new case"),
    ("help", "What Signpost can do"),
    ("privacy", "What is stored, and for how long"),
    ("forget", "Erase your conversation"),
]
