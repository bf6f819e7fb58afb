"""Every factual claim of the AP article is taught by at least one card of the shipped decks.

COVERAGE lists the article's claims, one fact each, in the article's order, with the
ids of the cards (in either deck) that teach or test it. A claim made by one party is
written as that party's claim.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.formats import read_deck

DECKS = Path(__file__).resolve().parents[1] / "decks"
STUDY_DECK = "sahel-talks-study"

COVERAGE: dict[str, list[str]] = {
    # Paragraph 1 (and the headline)
    "Russia hosted the talks with the Sahel countries' top diplomats": [
        "talks-host",
        "q-talks-host",
    ],
    "The talks were held on Thursday": ["talks-day", "q-sa-talks-day"],
    "Russia discussed ways to boost military ties with the Sahel countries": ["talks-subject"],
    "AP: Russia seeks to expand its clout in the region": ["russia-aim-clout"],
    "The Sahel countries are junta-led West African countries": [
        "sahel-junta-led",
        "sahel-west-africa",
    ],
    "Russia promised to supply weapons": ["promise-weapons", "q-match-countries-actions"],
    # Paragraph 2
    "Lavrov's counterparts at the talks came from Mali, Burkina Faso and Niger": [
        "talks-countries",
        "q-tf-all-ministers-named",
    ],
    "Sergey Lavrov is Russia's foreign minister": [
        "who-lavrov",
        "name-lavrov",
        "q-lavrov-role",
        "q-sa-lavrov",
        "q-match-people-roles",
    ],
    "Lavrov said Moscow stands ready to help strengthen their military and security forces": [
        "promise-strengthen-forces"
    ],
    # Paragraph 3
    "Lavrov: Moscow is ready to help expand the potential of the united armed forces of Sahel": [
        "promise-united-forces"
    ],
    "Lavrov: Moscow is ready to strengthen the three countries' militaries' combat capability": [
        "promise-combat-capability",
        "q-lavrov-offers",
        "q-num-three-militaries",
    ],
    "Lavrov: Moscow is ready to train their troops and law enforcement personnel": [
        "promise-train",
        "q-cloze-train",
        "q-lavrov-offers",
        "q-match-countries-actions",
    ],
    "Lavrov: Russia could also provide military equipment": [
        "promise-equipment",
        "q-lavrov-offers",
        "q-cloze-train",
    ],
    # Paragraph 4
    "Lavrov accused Ukraine of destabilizing the region": [
        "lavrov-accuses-ukraine",
        "q-who-accused-ukraine",
        "q-sa-accused-country",
        "q-match-countries-actions",
    ],
    "Lavrov claimed Ukraine openly supports terrorist groups in this part of Africa": [
        "lavrov-claim-terror-groups",
        "q-claims-not-facts",
        "q-match-who-claims",
    ],
    "Lavrov claimed Ukraine's western sponsors turn a blind eye to it": [
        "lavrov-claim-western-sponsors",
        "q-cloze-western-sponsors",
    ],
    "Lavrov offered no evidence for his accusation": [
        "lavrov-no-evidence",
        "q-tf-ukraine-support-fact",
        "q-cloze-no-evidence",
        "q-who-accused-ukraine",
    ],
    # Paragraph 5
    "Abdoulaye Diop is Mali's foreign minister (the only Sahel minister named)": [
        "who-diop",
        "name-diop",
        "q-diop-country",
        "q-sa-diop",
        "q-tf-all-ministers-named",
    ],
    "Diop echoed Lavrov's comments on Ukraine": ["diop-echoed-lavrov", "q-tf-diop-echoed"],
    # Paragraph 6
    "Diop said Mali considers Ukraine a terrorist state": [
        "diop-terrorist-state",
        "q-sa-terrorist-state",
        "q-match-who-claims",
        "q-claims-not-facts",
    ],
    "Diop said they have common views on fighting insecurity and terrorism in the region": [
        "diop-common-views"
    ],
    "Diop said the terrorism is supported by foreign state sponsors and regional actors": [
        "diop-foreign-sponsors"
    ],
    # Paragraph 7
    "Mali cut diplomatic ties with Ukraine last year": [
        "mali-cut-ties",
        "q-sa-cut-ties-country",
        "q-match-countries-actions",
        "q-order-mali-ukraine",
    ],
    "Mali cut ties over allegations that Kyiv aided the attack": [
        "mali-cut-ties-reason",
        "q-mali-cut-ties-reason",
        "q-claims-not-facts",
    ],
    "The attack by armed groups was in northern Mali in July": [
        "july-attack-place-month",
        "q-sa-attack-month",
        "q-order-mali-ukraine",
    ],
    "Dozens of Russian mercenaries and Malian soldiers were killed": [
        "july-attack-victims",
        "q-july-victims",
    ],
    "They were killed by jihadis and rebels": ["july-attack-killers", "q-july-attackers"],
    "Some observers called it one of the largest losses for the Russian contractors in years": [
        "july-attack-observers",
        "q-largest-losses-who",
        "q-match-who-claims",
    ],
    # Paragraph 8
    "A Ukrainian military intelligence spokesperson: armed groups got information from Kyiv": [
        "ukraine-intel-spokesperson",
        "q-tf-intel-spokesperson",
        "q-match-people-roles",
    ],
    "Ukraine's Foreign Ministry argued Mali cut ties without a thorough review": [
        "ukraine-fm-no-review",
        "q-ukraine-fm-argument",
        "q-tf-ukraine-fm-accepts",
        "q-match-people-roles",
        "q-order-mali-ukraine",
    ],
    "Ukraine's Foreign Ministry said Mali gave no evidence of Ukraine's involvement": [
        "ukraine-fm-no-evidence",
        "q-ukraine-fm-argument",
        "q-match-who-claims",
    ],
    # Paragraph 9
    "Ties between the Sahel countries and the West have become increasingly strained": [
        "west-ties-strained",
        "q-tf-west-ties",
    ],
    "Military coups took place in Mali, Burkina Faso and Niger in recent years": [
        "coups",
        "q-order-coups-expulsions",
    ],
    "The ruling juntas expelled French and U.S. forces": [
        "expelled-forces",
        "q-expelled-forces",
        "q-sa-us-forces",
        "q-match-countries-actions",
        "q-order-coups-expulsions",
    ],
    "The juntas turned to Russian military contractors for security assistance": [
        "turned-to-russian-contractors",
        "q-sa-turned-to",
    ],
    # Paragraph 10
    "Last year Mali, Niger and Burkina Faso announced their withdrawal from ECOWAS": [
        "ecowas-withdrawal",
        "q-ecowas-leavers",
        "q-sa-ecowas",
        "q-tf-ecowas-joined",
    ],
    "ECOWAS requires them to organize presidential elections and transfer power to civilians": [
        "ecowas-requires",
        "q-ecowas-requires",
        "q-match-organisations",
    ],
    "Attacks by armed groups linked to al-Qaida, the Islamic State or separatists weakened them": [
        "armed-groups-links",
        "q-armed-groups-links",
        "q-match-organisations",
    ],
    "They created the Alliance of Sahel States": ["alliance-name", "q-sa-alliance"],
    "The Alliance of Sahel States pools their military and diplomatic forces": [
        "alliance-purpose",
        "q-alliance-purpose",
        "q-match-organisations",
    ],
    # Paragraph 11
    "Russia used worsening West-Sahel relations to send fighters and assert influence": [
        "russia-capitalized",
        "russia-sends-fighters",
        "q-tf-russia-capitalized",
    ],
    "The Sahel is the vast expanse south of the Sahara Desert": ["sahel-definition", "q-sa-sahara"],
    "Russian contractors in the Sahel profit from its mineral riches for security services": [
        "contractors-gain",
        "q-contractors-gain",
        "q-match-organisations",
    ],
    # Paragraph 12
    "Lavrov said Russia will help the Sahel countries form a joint military force": [
        "promise-joint-force",
        "q-consultative-services",
    ],
    "Lavrov said Russia's help for the joint force is 'consultative services'": [
        "promise-consultative",
        "q-consultative-services",
    ],
    "Lavrov said a 'significant number' of Russian military instructors already work there": [
        "instructors-already",
        "q-tf-instructors-future",
        "q-cloze-instructors",
    ],
}


def _cards_by_deck() -> dict[str, set[str]]:
    decks = [read_deck(path) for path in sorted(DECKS.glob("*.toml"))]
    return {deck.id: {card.id for card in deck.cards} for deck in decks}


def test_the_table_lists_every_claim_once() -> None:
    assert 35 <= len(COVERAGE) <= 50, f"{len(COVERAGE)} claims: one per fact of the article"
    keys = [claim.casefold() for claim in COVERAGE]
    assert len(set(keys)) == len(keys)


def test_every_claim_has_a_card_that_exists() -> None:
    known = set().union(*_cards_by_deck().values())
    for claim, card_ids in COVERAGE.items():
        assert card_ids, f"no card teaches: {claim}"
        missing = [cid for cid in card_ids if cid not in known]
        assert not missing, f"{claim!r} names cards that do not exist: {missing}"


def test_the_study_deck_alone_covers_every_claim() -> None:
    # Spaced repetition should teach the whole article, not only the quiz test it.
    study = _cards_by_deck()[STUDY_DECK]
    uncovered = [claim for claim, ids in COVERAGE.items() if not study & set(ids)]
    assert not uncovered, f"no study card for: {uncovered}"


def test_every_card_teaches_a_listed_claim() -> None:
    # A card no claim names is either outside the article or missing from the table.
    listed = {cid for ids in COVERAGE.values() for cid in ids}
    for deck_id, card_ids in _cards_by_deck().items():
        orphans = sorted(card_ids - listed)
        assert not orphans, f"{deck_id}: cards not in the coverage table: {orphans}"
