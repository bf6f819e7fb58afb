"""Every factual claim of the AP article is taught by cards of the shipped decks, and
each of those cards' answers says it.

COVERAGE lists the article's claims, one fact each, in the article's order (then what
the article leaves unsaid), with the ids of the cards (in either deck) that teach or
test it and, for each card, the words its answer must contain (see `answer_of`). A
claim made by one party is written as that party's claim. A card whose answer is
changed to something else ("Bananas.", another country, true for false) no longer
contains its words, so `coverage_problems` names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from quizapp.formats import read_deck
from quizapp.grading import normalise
from quizapp.model import Card, Deck

DECKS = Path(__file__).resolve().parents[1] / "decks"
STUDY_DECK = "sahel-talks-study"

Words = tuple[str, ...]

COVERAGE: dict[str, dict[str, Words]] = {
    # Paragraph 1 (and the headline)
    "Russia hosted the talks with the Sahel countries' top diplomats": {
        "talks-host": ("Russia",),
        "q-talks-host": ("Russia",),
        "q-order-coups-expulsions": ("Russia hosts",),
    },
    "The talks were held on Thursday": {
        "talks-day": ("Thursday",),
        "q-sa-talks-day": ("Thursday",),
    },
    "Russia discussed ways to boost military ties with the Sahel countries": {
        "talks-subject": ("boost military ties",),
    },
    "AP: Russia seeks to expand its clout in the region": {"russia-aim-clout": ("clout",)},
    "The Sahel countries are junta-led West African countries": {
        "sahel-junta-led": ("juntas",),
        "sahel-west-africa": ("West African",),
    },
    "AP: Russia promised to train their troops and supply weapons": {
        "promise-weapons": ("weapons",),
    },
    # Paragraph 2
    "Lavrov's counterparts at the talks came from Mali, Burkina Faso and Niger": {
        "talks-countries": ("Mali", "Burkina Faso", "Niger"),
        "q-tf-all-ministers-named": ("False", "all three"),
    },
    "Sergey Lavrov is Russia's foreign minister": {
        "who-lavrov": ("Russia's foreign minister",),
        "name-lavrov": ("Sergey Lavrov",),
        "q-lavrov-role": ("Russia's foreign minister",),
        "q-sa-lavrov": ("Sergey Lavrov",),
        "q-match-people-roles": ("Sergey Lavrov → Russia's foreign minister",),
    },
    "Lavrov said Moscow stands ready to help strengthen their military and security forces": {
        "promise-strengthen-forces": ("military and security forces",),
    },
    # Paragraph 3
    "Lavrov: Moscow is ready to help expand the potential of the united armed forces of Sahel": {
        "promise-united-forces": ("united armed forces of Sahel",),
    },
    "Lavrov: Moscow is ready to strengthen the three countries' militaries' combat capability": {
        "promise-combat-capability": ("combat capability",),
        "q-lavrov-offers": ("combat capability",),
        "q-num-three-militaries": ("3",),
        "q-cloze-train": ("combat capability",),
    },
    "Lavrov: Moscow is ready to train their troops and law enforcement personnel": {
        "promise-train": ("troops", "law enforcement personnel"),
        "q-cloze-train": ("law enforcement personnel",),
        "q-lavrov-offers": ("troops and law enforcement personnel",),
        "q-match-countries-actions": ("Russia → Its foreign minister said it could train troops",),
    },
    "AP: Lavrov added that Russia could also provide military equipment": {
        "promise-equipment": ("Military equipment",),
        "q-lavrov-offers": ("Provide military equipment",),
        "q-match-countries-actions": ("provide equipment",),
    },
    "AP's 'promising ... weapons' says more than Lavrov's reported 'could also provide'": {
        "weapons-promise-or-offer": ("could also provide",),
        "q-weapons-or-equipment": ("could also provide military equipment",),
    },
    # Paragraph 4
    "Lavrov accused Ukraine of destabilizing the region": {
        "lavrov-accuses-ukraine": ("Ukraine",),
        "q-who-accused-ukraine": ("Sergey Lavrov",),
        "q-sa-accused-country": ("Ukraine",),
        "q-match-countries-actions": ("Ukraine → Accused by Lavrov",),
    },
    "Lavrov claimed Ukraine openly supports terrorist groups in this part of Africa": {
        "lavrov-claim-terror-groups": ("terrorist groups",),
        "q-claims-not-facts": ("Ukraine openly supports terrorist groups",),
        "q-match-who-claims": ("supports terrorist groups in this part of Africa → Sergey Lavrov",),
    },
    "Lavrov claimed Ukraine's western sponsors turn a blind eye to it": {
        "lavrov-claim-western-sponsors": ("blind eye",),
        "q-cloze-western-sponsors": ("blind eye",),
    },
    "Lavrov offered no evidence for his accusation": {
        "lavrov-no-evidence": ("any evidence",),
        "q-tf-ukraine-support-fact": ("False", "establishes as a fact"),
        "q-cloze-no-evidence": ("evidence",),
        "q-who-accused-ukraine": ("Lavrov",),
    },
    # Paragraph 5
    "Abdoulaye Diop is Mali's foreign minister (the only Sahel minister named)": {
        "who-diop": ("Mali's foreign minister",),
        "name-diop": ("Abdoulaye Diop",),
        "q-diop-country": ("Mali",),
        "q-sa-diop": ("Abdoulaye Diop",),
        "q-tf-all-ministers-named": ("False",),
        "q-match-people-roles": ("Abdoulaye Diop → Mali's foreign minister",),
    },
    "Diop echoed Lavrov's comments on Ukraine": {
        "diop-echoed-lavrov": ("echoed",),
        "q-tf-diop-echoed": ("True", "echoed Lavrov"),
    },
    # Paragraph 6
    "Diop said Mali considers Ukraine a terrorist state": {
        "diop-terrorist-state": ("terrorist state",),
        "q-sa-terrorist-state": ("terrorist state",),
        "q-match-who-claims": ("terrorist state → Abdoulaye Diop",),
        "q-claims-not-facts": ("Ukraine is a terrorist state",),
    },
    "Diop said they have common views on fighting insecurity and terrorism in the region": {
        "diop-common-views": ("insecurity and terrorism",),
    },
    "Diop said the terrorism is supported by foreign state sponsors and regional actors": {
        "diop-foreign-sponsors": ("foreign state sponsors", "regional actors"),
    },
    # Paragraph 7
    "Mali cut diplomatic ties with Ukraine last year": {
        "mali-cut-ties": ("Mali", "Ukraine"),
        "q-sa-cut-ties-country": ("Mali",),
        "q-match-countries-actions": ("Mali → Cut diplomatic ties with Ukraine",),
        "q-order-mali-ukraine": ("attack", "→ Mali cuts diplomatic ties"),
    },
    "Mali cut ties over allegations that Kyiv aided the attack": {
        "mali-cut-ties-reason": ("allegations that Kyiv aided an attack",),
        "q-mali-cut-ties-reason": ("allegations that Kyiv aided an attack",),
        "q-claims-not-facts": ("Kyiv aided the July attack",),
    },
    "The attack by armed groups was in northern Mali in July": {
        "july-attack-place-month": ("northern Mali", "July"),
        "q-sa-attack-month": ("July",),
        "q-order-mali-ukraine": ("An attack by armed groups in northern Mali in July →",),
    },
    "Dozens of Russian mercenaries and Malian soldiers were killed": {
        "july-attack-victims": ("Dozens", "Russian mercenaries", "Malian soldiers"),
        "q-july-victims": ("Russian mercenaries", "Malian soldiers"),
    },
    "They were killed by jihadis and rebels": {
        "july-attack-killers": ("jihadis", "rebels"),
        "q-july-attackers": ("Jihadis and rebels",),
    },
    "Some observers called it one of the largest losses for the Russian contractors in years": {
        "july-attack-observers": ("largest losses",),
        "q-largest-losses-who": ("observers",),
        "q-match-who-claims": (
            "largest losses for the Russian contractors in years → Some observers",
        ),
    },
    # Paragraph 8
    "A Ukrainian military intelligence spokesperson: armed groups got information from Kyiv": {
        "ukraine-intel-spokesperson": ("received information from Kyiv",),
        "q-tf-intel-spokesperson": ("True", "spokesperson for Ukrainian military intelligence"),
        "q-match-people-roles": (
            "intelligence → Said armed groups in Mali had received information",
        ),
        "q-match-who-claims": (
            "information from Kyiv → A Ukrainian military intelligence spokesperson",
        ),
    },
    "Ukraine's Foreign Ministry argued Mali cut ties without a thorough review": {
        "ukraine-fm-no-review": ("thorough review",),
        "q-ukraine-fm-argument": ("without a thorough review",),
        "q-tf-ukraine-fm-accepts": ("False", "endorsed"),
        "q-match-people-roles": (
            "Ukraine's Foreign Ministry → Said Mali cut ties without a thorough",
        ),
        "q-order-mali-ukraine": ("→ Ukraine's Foreign Ministry argues",),
    },
    "Ukraine's Foreign Ministry said Mali gave no evidence of Ukraine's involvement": {
        "ukraine-fm-no-evidence": ("Evidence of Ukraine's involvement",),
        "q-ukraine-fm-argument": ("evidence of Ukraine's role",),
        "q-match-who-claims": ("without providing evidence → Ukraine's Foreign Ministry",),
    },
    "Ukraine's intelligence spokesperson and its Foreign Ministry pull in different directions": {
        "ukraine-two-voices": ("information from Kyiv", "no evidence of Ukraine's involvement"),
        "q-ukraine-two-voices": (
            "spokesperson linked Kyiv",
            "ministry said Mali showed no evidence",
        ),
    },
    # Paragraph 9
    "Ties between the Sahel countries and the West have become increasingly strained": {
        "west-ties-strained": ("strained",),
        "q-tf-west-ties": ("True", "increasingly strained"),
    },
    "Military coups took place in Mali, Burkina Faso and Niger in recent years": {
        "coups": ("Military coups",),
        "q-order-coups-expulsions": ("Military coups in Mali, Burkina Faso and Niger →",),
    },
    "The ruling juntas expelled French and U.S. forces": {
        "expelled-forces": ("French", "U.S. forces"),
        "q-expelled-forces": ("French forces", "U.S. forces"),
        "q-sa-us-forces": ("United States",),
        "q-match-countries-actions": ("France → Its forces were expelled",),
        "q-order-coups-expulsions": ("→ The ruling juntas expel French and U.S. forces →",),
    },
    "The juntas turned to Russian military contractors for security assistance": {
        "turned-to-russian-contractors": ("Russian military contractors",),
        "q-sa-turned-to": ("Russian military contractors",),
    },
    # Paragraph 10
    "Last year Mali, Niger and Burkina Faso announced their withdrawal from ECOWAS": {
        "ecowas-withdrawal": ("ECOWAS",),
        "q-ecowas-stated": ("announced their withdrawal",),
        "q-sa-ecowas": ("ECOWAS",),
        "q-tf-ecowas-joined": ("False", "joining ECOWAS"),
    },
    "ECOWAS requires them to organize presidential elections and transfer power to civilians": {
        "ecowas-requires": ("presidential elections", "civilians"),
        "q-ecowas-requires": ("presidential elections and transfer power to civilians",),
        "q-ecowas-stated": ("presidential elections", "transfer power to civilians"),
        "q-match-organisations": ("ECOWAS → Requires presidential elections",),
    },
    "Attacks by armed groups linked to al-Qaida, the Islamic State or separatists weakened them": {
        "armed-groups-links": ("Al-Qaida", "Islamic State", "separatists"),
        "q-armed-groups-links": ("Islamic State", "Al-Qaida", "Separatists"),
        "q-match-organisations": ("al-Qaida or the Islamic State → Weakened",),
    },
    "They created the Alliance of Sahel States": {
        "alliance-name": ("Alliance of Sahel States",),
        "q-sa-alliance": ("Alliance of Sahel States",),
    },
    "The Alliance of Sahel States pools their military and diplomatic forces": {
        "alliance-purpose": ("military and diplomatic forces",),
        "q-alliance-purpose": ("pool their military and diplomatic forces",),
        "q-match-organisations": ("Alliance of Sahel States → Pools",),
    },
    # Paragraph 11
    "Russia used worsening West-Sahel relations to send fighters and assert influence": {
        "russia-capitalized": ("deteriorating relations",),
        "russia-sends-fighters": ("fighters",),
        "q-tf-russia-capitalized": ("True", "capitalized"),
    },
    "The Sahel is the vast expanse south of the Sahara Desert": {
        "sahel-definition": ("south of the Sahara Desert",),
        "q-sa-sahara": ("Sahara",),
    },
    "Russian contractors in the Sahel profit from its mineral riches for security services": {
        "contractors-gain": ("mineral riches",),
        "q-contractors-gain": ("mineral riches",),
        "q-match-organisations": ("Russian military contractors → Profit from mineral riches",),
    },
    # Paragraph 12
    "Lavrov said Russia will help the Sahel countries form a joint military force": {
        "promise-joint-force": ("joint military force",),
        "q-consultative-services": ("consultative services",),
    },
    "Lavrov said Russia's help for the joint force is 'consultative services'": {
        "promise-consultative": ("consultative services",),
        "q-consultative-services": ("consultative services",),
    },
    "Lavrov said a 'significant number' of Russian military instructors already work there": {
        "instructors-already": ("significant number",),
        "q-tf-instructors-future": ("False", "not yet started"),
        "q-cloze-instructors": ("instructors",),
    },
    # What the article's words leave open, and what it does not say
    "AP's own labels are mercenaries, contractors, fighters; 'instructors' is from Lavrov": {
        "labels-for-russians": ("Instructors",),
        "q-labels-russians": ("mercenaries", "military contractors", "fighters"),
        "q-tf-labels-same-attack": ("True", "mercenaries", "contractors"),
    },
    "The article does not say who made the allegations that Kyiv aided the attack": {
        "allegations-unattributed": ("No",),
        "q-tf-allegations-named": ("False", "names who made the allegations"),
    },
    "The article gives no reason for the withdrawal from ECOWAS": {
        "ecowas-why-not-stated": ("No",),
        "q-tf-ecowas-reason": ("False", "because"),
    },
}


def answer_of(card: Card) -> str:
    """What the card teaches as right: the words a student must give or choose.

    A cloze's gap answers (the rest of its text is shown); a true/false card's verdict
    and statement ("False: ..."); every other kind's right answer as one text."""
    if card.kind == "cloze":
        return " | ".join(gap.answer for gap in card.gaps)  # type: ignore[union-attr]
    if card.kind == "true_false":
        return f"{card.answer_text}: {card.prompt}"
    return card.answer_text


def coverage_problems(
    decks: Mapping[str, Deck], coverage: Mapping[str, Mapping[str, Words]] = COVERAGE
) -> list[str]:
    """Cards named by the table that are missing, and answers without their words."""
    cards = {card.id: card for deck in decks.values() for card in deck.cards}
    problems = []
    for claim, taught in coverage.items():
        if not taught:
            problems.append(f"no card teaches: {claim}")
        for card_id, words in taught.items():
            card = cards.get(card_id)
            if card is None:
                problems.append(f"{claim!r} names a card that does not exist: {card_id}")
                continue
            answer = normalise(answer_of(card))
            missing = [w for w in words if normalise(w) not in answer]
            if not words or missing:
                problems.append(
                    f"{card_id}: its answer {answer_of(card)!r} lacks {missing or 'words'} "
                    f"of the claim {claim!r}"
                )
    return problems


def untabled_cards(
    decks: Mapping[str, Deck], coverage: Mapping[str, Mapping[str, Words]] = COVERAGE
) -> list[str]:
    """Cards no claim names: outside the article, or missing from the table."""
    listed = {card_id for taught in coverage.values() for card_id in taught}
    return sorted(
        card.id for deck in decks.values() for card in deck.cards if card.id not in listed
    )


def shipped_decks() -> dict[str, Deck]:
    decks = [read_deck(path) for path in sorted(DECKS.glob("*.toml"))]
    return {deck.id: deck for deck in decks}


def test_the_table_lists_every_claim_once() -> None:
    assert 35 <= len(COVERAGE) <= 60, f"{len(COVERAGE)} claims: one per fact of the article"
    keys = [claim.casefold() for claim in COVERAGE]
    assert len(set(keys)) == len(keys)


def test_every_claims_cards_exist_and_their_answers_say_it() -> None:
    problems = coverage_problems(shipped_decks())
    assert not problems, "\n".join(problems)


def test_the_study_deck_alone_covers_every_claim() -> None:
    # Spaced repetition should teach the whole article, not only the quiz test it.
    study = {card.id for card in shipped_decks()[STUDY_DECK].cards}
    uncovered = [claim for claim, taught in COVERAGE.items() if not study & set(taught)]
    assert not uncovered, f"no study card for: {uncovered}"


def test_every_card_teaches_a_listed_claim() -> None:
    orphans = untabled_cards(shipped_decks())
    assert not orphans, f"cards not in the coverage table: {orphans}"
