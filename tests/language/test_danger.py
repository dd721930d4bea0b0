"""language/danger.py and data/danger: the signs of immediate danger, in four languages.

Written for these tests; the held-out danger sets in tests/eval measure the whole
override (signs and intent classifier together) on messages written by others.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from language.danger import KINDS, read_signs

SIGNS_DIR = Path(__file__).resolve().parents[2] / "data" / "danger"


@pytest.fixture(scope="module")
def signs():
    return read_signs(SIGNS_DIR)


@pytest.mark.parametrize(
    "text",
    [
        "she wrote she wants to end it all tonight",
        "he posted 'goodbye everyone, this is my last post'",
        "he says he'll stab his ex on friday",
        "there's a knife in his bag and he's at the school gate",
        "photo of a rifle with the name of our youth club",
        "a kid is being beaten up right now behind the gym",
        "he wants to die as a martyr and leaves on monday",
        "they are meeting at the station at 8 to go hunting foreigners",
        "er will morgen mit dem Messer in die Schule",
        "sie schreibt, bald ist alles vorbei, und hat Tabletten gesammelt",
        "il menace de cramer le local de l'asso ce soir",
        "elle dit qu'elle veut en finir",
        "hij komt morgen met een mes naar school",
        "ze heeft pillen gespaard en schrijft dat het bijna voorbij is",
    ],
)
def test_danger_in_everyday_and_indirect_words(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "no one is in danger, it's just racist memes",
        "what does 'become a martyr' mean in these videos?",
        "nobody talked about hurting anyone",
        "this marking is killing me",
        "he's going to bomb the test tomorrow",
        "raid in fortnite tonight at 9",
        "we talked about the Christchurch attack in history class",
        "a video glorifying an attack from years ago",
        "niemand ist in Gefahr",
        "die Schularbeit morgen wird mein Tod",
        "ce gamin me tue avec ses blagues",
        "dit nakijkwerk maakt me kapot",
    ],
)
def test_near_misses_are_not_danger(signs, text):
    assert not signs.danger_in(text)


def test_a_game_with_a_real_place_and_day_is_no_game(signs):
    assert signs.danger_in("a roblox chat, but he named our school and said friday he brings a gun")


def test_not_joking_is_no_joke(signs):
    assert signs.danger_in("if the ref turns up sunday I'm stabbing him, and he's not joking")


def test_each_language_reads_with_its_own_and_english_signs(signs):
    # "mes" is a Dutch knife and a French "my": a French sentence is not about a knife
    assert not signs.danger_in("une de mes élèves partage des vidéos de Daech")
    assert signs.danger_in("een leerling heeft een mes bij zich op school")


def test_soothed_only_when_every_sentence_is_a_near_miss(signs):
    assert signs.soothed("Is 'see you in paradise' a threat? A pupil wrote it under a post.")
    assert not signs.soothed("He says he'll bring his knife. What does it mean?")


def test_concern_needs_harm_a_weapon_a_time_or_now(signs):
    assert signs.concern("he has been talking about his knife")
    assert not signs.concern("sorry, the bell just rang")


@pytest.mark.parametrize("language", ["en", "de", "fr", "nl"])
def test_every_language_has_every_kind_and_patterns_for_cleaned_text(language):
    data = yaml.safe_load((SIGNS_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    assert data["language"] == language
    assert set(KINDS) <= set(data), f"{language} lacks {set(KINDS) - set(data)}"
    own = data.get("own") or {}
    assert set(own) <= set(KINDS), f"{language} own: {set(own) - set(KINDS)}"
    for kind in KINDS:
        for pattern in data[kind] + (own.get(kind) or []):
            # patterns meet cleaned text: lower case, umlauts as ae/oe/ue, no accents
            letters = "".join(c for c in pattern if c.isalpha())
            assert letters.isascii(), (language, kind, pattern)
            assert pattern == pattern.lower() or "\\S" in pattern or "\\W" in pattern, pattern


def test_a_weapon_and_the_time_in_the_next_sentence_are_one_plan(signs):
    assert signs.danger_in("He showed her a knife in his bag. Tomorrow he goes to the synagogue.")
    assert signs.danger_in("Il lui a montré un couteau. Demain il va à la mosquée.")


def test_the_writers_own_plans_lend_no_time_to_a_threat(signs):
    assert not signs.danger_in("She posted about killing foreigners. I'll talk to her tomorrow.")
    assert not signs.danger_in("Er postet Videos vom Töten. Morgen spreche ich mit ihm.")
    # nor a time with neither a target nor an intent in sight
    assert not signs.danger_in("He watches beheading videos. Tonight is parents' evening.")


@pytest.mark.parametrize(
    "text",
    [
        "probably nothing but he wrote that he wants to end it all",
        "Es ist wohl nichts, aber er schreibt, dass er sich umbringen will",
        "ce n'est rien de grave mais elle veut en finir",
        "niks aan de hand maar hij zegt dat hij zichzelf wil doden",
    ],
)
def test_not_and_calm_stop_where_the_thought_turns(signs, text):
    assert signs.danger_in(text)


def test_because_ends_what_a_not_reaches(signs):
    assert signs.danger_in("he is not at school because he wants to die")
    assert signs.danger_in("er ist nicht da, weil er sich umbringen will")


@pytest.mark.parametrize("text", ["🔫 tomorrow at school", "🔪🔪 morgen in der Schule"])
def test_weapon_emoji_read_as_weapons(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ein Schüler der 3. Klasse hat ein Messer dabei und sagt, er kommt morgen.",
        "Er kommt am 1. Mai mit einer Waffe in die Schule.",
        "il vient le 1er mai avec un couteau à l'école",
    ],
)
def test_an_ordinal_number_ends_no_sentence(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "She wants to kill herself. What should I do?",
        "She wants to kill herself, what should I do?",
        "Sie will sich umbringen. Was tun?",
        "Elle veut se suicider. Que faire ?",
        "Hij wil zichzelf doden. Wat moet ik doen?",
    ],
)
def test_a_trailing_plea_for_help_makes_no_question(signs, text):
    assert signs.danger_in(text)


def test_a_real_question_stays_one(signs):
    assert not signs.danger_in("Does 'see you in jannah' mean he wants to die?")


@pytest.mark.parametrize(
    "text",
    [
        "how do I kill myself?",
        "a pupil asked me yesterday how to make a bomb",
        "wie bringt man sich am besten um?",
        "comment se suicider ?",
        "hoe kan ik mezelf van kant maken?",
    ],
)
def test_seeking_a_method_outranks_question_and_past(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "imagine if a pupil said he'd bring a gun tomorrow",
        "angenommen, ein Schüler bringt morgen ein Messer mit, was dann?",
        "supposons qu'un élève vienne demain avec un couteau",
        "stel dat een leerling morgen met een mes komt, wat doen we?",
    ],
)
def test_a_hypothesis_names_no_real_time(signs, text):
    assert not signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik hoor al weken dat hij rare dingen zegt, morgen praat ik met hem",
        "hij draagt morgen een vest naar school",
        "ik gun het haar morgen op school",
        "il est en train de parler de couteaux avec ses potes",
    ],
)
def test_english_words_that_are_other_languages_words_stay_english(signs, text):
    assert not signs.danger_in(text)


def test_own_signs_still_read_in_english(signs):
    assert signs.danger_in("he'll wear the vest tomorrow at school")


@pytest.mark.parametrize(
    "text",
    [
        "He shares videos of the Halle attacker.",
        "they quoted the Christchurch shooter in a meme",
        "the slogan on his poster: act before it is too late",
    ],
)
def test_a_past_attacker_or_a_slogan_is_no_alarm(signs, text):
    assert not signs.danger_in(text)


def test_joining_the_dead_is_danger_only_when_the_message_tells_a_death(signs):
    assert signs.danger_in("Tonight she'll join her sister. Her sister died last year.")
    assert not signs.danger_in("Tonight she'll join her sister in Lyon.")


@pytest.mark.parametrize(
    "text",
    [
        "he posted 'ending it tonight lol', his friends think it's a joke",
        "sie schreibt „morgen bring ich mich um haha“",
        "il a écrit « demain je me suicide ptdr »",
    ],
)
def test_laughter_hides_no_dated_self_harm(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "the lads say they'll destroy them on friday 🤣",
        "she wrote 'my life is over' with two laughing emojis after the quiz",
    ],
)
def test_laughter_without_a_dated_alarm_is_no_danger(signs, text):
    assert not signs.danger_in(text)


def test_a_short_message_is_read_in_each_language(signs):
    assert signs.danger_in("mes vrijdag 3a. snel")
    assert not signs.danger_in("mes amis vendredi")


def test_what_comes_before_a_reported_question_is_no_question(signs):
    assert signs.danger_in(
        "he says he'll become a martyr and then he asked me where the station is"
    )
    assert not signs.danger_in("a pupil asked me what 'become a martyr' means")


def test_calm_stays_calm_when_only_a_question_follows_the_turn(signs):
    assert signs.soothed("they put up posters at the gate. no danger, but how do we respond?")
    assert signs.danger_in("no danger, but now she says she wants to die")


@pytest.mark.parametrize(
    "text",
    [
        "the Halle attack came up in class today, any materials?",
        "Wir haben heute im Geschichtsunterricht den Anschlag von Halle durchgenommen.",
        "de aanslag in Hanau kwam vandaag ter sprake in de klas",
    ],
)
def test_a_lesson_names_no_real_time(signs, text):
    assert not signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "a countdown to the 3rd with our college's name and a picture of a pistol",
        "een aftelklok tot de 3e met de naam van de school en een pistool",
        "un compte à rebours jusqu'au 3 avec le nom du lycée et un pistolet",
    ],
)
def test_a_day_of_the_month_is_a_time(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "a chat calls people to the synagogue on friday to clean it out",
        "für Freitag wird zur Synagoge aufgerufen, da wird aufgeräumt",
        "ze willen vrijdag de synagoge opruimen",
    ],
)
def test_cleaning_out_a_place_of_worship_is_harm(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sie hat mir ihr Armband und ihr Tagebuch verschenkt und schreibt: sucht mich nicht.",
        "Il a écrit des lettres pour tout le monde et dit au revoir à tous",
        "ze schreef brieven voor iedereen",
        "he gave me his signed shirt to keep and says goodbye",
    ],
)
def test_farewells_in_every_language(signs, text):
    assert signs.danger_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "my dad is literally going to kill me when he sees my grades",
        "he'll blow up the group chat with memes",
        "Il va exploser le groupe de memes, c'est sa façon de parler",
        "Ich glaube nicht, dass jemand in Gefahr ist.",
        "If a student ever threatened a teacher by name and date, who do we inform?",
    ],
)
def test_hyperbole_doubt_and_preparation_are_near_misses(signs, text):
    assert not signs.danger_in(text)
