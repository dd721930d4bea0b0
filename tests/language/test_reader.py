"""language/reader: typed answers become the triage's categories, in four languages.

The sentences here are written for these tests (the held-out evaluation in tests/eval
measures the reader on answers written by others); each test says which rule it pins.
"""

from __future__ import annotations

import pytest

from language.reader import UNSURE, reader_for


@pytest.fixture(scope="module")
def reader(module_sqlite_session):
    return reader_for(module_sqlite_session)


def read(reader, text, slot, *, asked=True, language=None):
    return reader.in_language(language).read(text, slot, asked=asked).value


@pytest.mark.parametrize(
    "text, slot",
    [
        ("honestly no clue", "illegal"),
        ("I think so, but I'm really not sure", "illegal"),
        ("maybe", "danger"),
        ("it's not clear to me", "other_agencies"),
        ("cant tell from here", "illegal"),
        ("weiß ich ehrlich gesagt nicht", "illegal"),
        ("keine ahnung, glaub eher nicht", "danger"),
        ("aucune idée franchement", "other_agencies"),
        ("je ne saurais pas le dire", "illegal"),
        ("geen flauw idee", "danger"),
        ("lastig te zeggen eigenlijk", "illegal"),
        ("no idea, what does the coordinator do with it?", "referral_consent"),
    ],
)
def test_doubt_is_not_sure_whatever_else_the_answer_says(reader, text, slot):
    assert read(reader, text, slot) == UNSURE


@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("it isn't illegal, just gross", "illegal", "no"),
        ("I doubt that breaks any law", "illegal", "no"),
        ("ugly, but I doubt it's against the law", "illegal", "no"),
        ("no its not illegal", "illegal", "no"),
        ("it's not legal", "illegal", "yes"),
        ("pretty sure it's a crime", "illegal", "yes"),
        ("nobody else is on this case", "other_agencies", "no"),
        ("the police aren't involved", "other_agencies", "no"),
        ("yes, social services have a file on him", "other_agencies", "yes"),
        ("no one is at risk", "danger", "no"),
        ("no, no danger", "danger", "no"),
        ("das ist nicht strafbar", "illegal", "no"),
        ("ich denke nicht, dass das verboten ist", "illegal", "no"),
        ("ce n'est pas illégal", "illegal", "no"),
        ("dat is niet strafbaar", "illegal", "no"),
    ],
)
def test_a_not_in_the_clause_turns_the_answer_around(reader, text, slot, expected):
    assert read(reader, text, slot) == expected


@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("y", "danger", "yes"),
        ("nah", "danger", "no"),
        ("probably not", "illegal", "no"),
        ("prob yes", "illegal", "yes"),
        ("jo", "illegal", "yes"),
        ("eher nicht", "illegal", "no"),
        ("ouais", "illegal", "yes"),
        ("ça m'étonnerait", "illegal", "no"),
        ("jep", "danger", "yes"),
        ("lijkt me niet", "illegal", "no"),
        ("yes, send it, maybe other towns see the same thing", "referral_consent", "yes"),
        ("no thanks, I'll call them myself", "referral_consent", "no"),
    ],
)
def test_a_plain_or_leaning_yes_or_no(reader, text, slot, expected):
    assert read(reader, text, slot) == expected


def test_a_question_tag_says_neither_yes_nor_no(reader):
    assert read(reader, "c'est illégal, non ?", "illegal", language="fr") == "yes"
    assert read(reader, "das ist doch verboten, oder?", "illegal", language="de") == "yes"


def test_negations_of_the_conversations_language_only(reader):
    # Dutch "noch" (neither) is German "still"
    text = "nein, das ist vermutlich noch Meinungsfreiheit"
    assert read(reader, text, "illegal", language="de") == "no"


@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("on insta", "platform", "instagram"),
        ("tiktokk", "platform", "tiktok"),
        ("a group chat on telegram", "platform", "telegram"),
        ("it wasn't tiktok, it was insta", "platform", "instagram"),
        ("im Klassenchat", "platform", "messenger"),
        ("sur snap", "platform", "snapchat"),
        ("in de groepsapp", "platform", "messenger"),
        ("hakenkreuze", "content_type", "extremist_symbols"),
        ("racist memes", "content_type", "hate_speech"),
        ("one of the lads I coach", "poster", "known_person"),
        ("a random account I've never seen", "poster", "anonymous"),
        ("some influencer", "poster", "organised_group"),
    ],
)
def test_category_words_with_endings_and_typos(reader, text, slot, expected):
    assert read(reader, text, slot) == expected


def test_not_knowing_which_one_is_no_doubt_about_the_kind(reader):
    assert read(reader, "in some game, don't know which", "platform") == "gaming"


@pytest.mark.parametrize(
    "text, language",
    [
        ("a pupil or a fake account, can't tell", "en"),
        ("es könnte ein Schüler sein oder ein Fake-Profil", "de"),
        ("un élève ou un faux compte, je sais pas", "fr"),
        ("een leerling of een nepaccount", "nl"),
    ],
)
def test_two_kinds_of_poster_as_alternatives_are_doubt(reader, text, language):
    assert read(reader, text, "poster", language=language) == UNSURE


def test_or_is_read_in_the_conversations_language_only(reader):
    # Dutch "of" (or) is English "of"
    text = "a profile that started following lots of our pupils, a fake one"
    assert read(reader, text, "poster", language="en") == "anonymous"


def test_a_numbers_dot_before_a_small_letter_is_no_full_stop(reader):
    text = "ein Schüler aus meiner 8. hat in der Klassengruppe ein Hakenkreuz gepostet"
    assert read(reader, text, "poster", asked=False, language="de") == "known_person"


def test_not_knowing_who_is_doubt_unless_an_unknown_account_is_described(reader):
    assert read(reader, "no idea who posted it", "poster") == UNSURE
    assert read(reader, "no idea who, some fake profile", "poster") == "anonymous"


@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("a pupil of mine shared a nazi video on TikTok", "poster", "known_person"),
        ("a pupil of mine shared a nazi video on TikTok", "platform", "tiktok"),
        ("a pupil of mine shared a nazi video on TikTok", "content_type", "extremist_symbols"),
        ("posted by an anonymous account", "poster", "anonymous"),
        ("I'm sure this is illegal", "illegal", "yes"),
        ("not sure whether this is illegal", "illegal", UNSURE),
        ("nobody is in danger, but", "danger", "no"),
        ("the police already know about him", "other_agencies", "yes"),
        ("a young man, 19, who I accompany posts storys", "poster", "known_person"),
        (
            "a young man I support, he has now a new account where he posts",
            "poster",
            "known_person",
        ),
        ("ein Junge, den ich seit Jahren betreue, postet Videos", "poster", "known_person"),
        ("un jeune que j'accompagne poste des vidéos", "poster", "known_person"),
        ("een jongen die ik begeleid post filmpjes", "poster", "known_person"),
        ("a young person in our shelter keeps watching IS videos", "poster", None),
        ("I'm trainer of a football team (U15) in Vienna", "jurisdiction", "AT"),
    ],
)
def test_a_first_message_states_what_it_clearly_says(reader, text, slot, expected):
    assert read(reader, text, slot, asked=False) == expected


@pytest.mark.parametrize(
    "text, slot",
    [
        ("a student showed me a video", "poster"),  # who showed it did not post it
        ("yes", "illegal"),  # a bare yes answers no question that was not asked
        ("group", "poster"),  # a generic word counts only as a reply
        ("should I call the police?", "other_agencies"),  # an agency named, not involved
        ("I'm not sure what to do", "illegal"),  # doubt about something else
    ],
)
def test_a_first_message_says_nothing_of_what_it_does_not_state(reader, text, slot):
    assert read(reader, text, slot, asked=False) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Leipzig", "DE"),
        ("we're in Köln", "DE"),
        ("Den Haag", "NL"),
        ("à côté de Grenoble", "FR"),
        ("Wien", "AT"),
        ("St. Pölten", "AT"),
        ("Beispielstadt", "DE:beispielstadt"),
        ("Ville exemple", "FR:villexemple"),
        ("I live in Maastricht but I work in Aachen", "DE"),
        ("In Belgium, but I'd rather not say the town", "BE"),
        ("rather not say", UNSURE),
        ("here", None),  # no town of that name: asked again, not guessed
    ],
)
def test_where_the_practitioner_works(reader, text, expected):
    assert read(reader, text, "jurisdiction") == expected


def test_a_place_outside_the_eu_is_the_eu_with_its_own_name(reader):
    reading = reader.read("Zürich", "jurisdiction")
    assert reading.value == "EU" and reading.detail.outside_eu


def test_a_place_in_a_first_message_needs_words_that_say_it_is_where_one_works(reader):
    assert read(reader, "a pupil from Split shared it", "jurisdiction", asked=False) is None
    assert read(reader, "we're based in Graz", "jurisdiction", asked=False) == "AT"


@pytest.mark.parametrize(
    "text, slot, expected",
    [
        ("one of the regulars at our drop-in", "poster", "known_person"),
        ("people who think the earth is flat", "content_type", "conspiracy_disinformation"),
    ],
)
def test_the_classifier_reads_what_no_word_list_holds(reader, text, slot, expected):
    reading = reader.read(text, slot)
    assert (reading.value, reading.how) == (expected, "classifier")


def test_one_vague_word_is_not_read(reader):
    assert read(reader, "stuff", "content_type") is None
