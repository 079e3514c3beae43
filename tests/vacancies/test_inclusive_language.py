"""The advert check: Gaucher, Friesen & Kay (2011) stems and restricting phrases (Equality Act 2010)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vacancies.selectors.inclusive_language import (
    inclusive_language_analyse,
    inclusive_language_highlight,
    inclusive_language_label,
)

MASCULINE_ADVERT = (
    "We are looking for a driven, ambitious leader to dominate the market. "
    "You will be competitive, confident and decisive."
)
FEMININE_ADVERT = (
    "Join our supportive, collaborative team. We value honest, warm and understanding "
    "colleagues who share a commitment to our community."
)


def test_masculine_advert_scores_minus_seven_and_is_strongly_masculine_coded():
    result = inclusive_language_analyse(MASCULINE_ADVERT)
    assert result["score"] == -7
    assert result["label"] == "strongly masculine-coded"
    assert result["masculine_words"] == [
        "driven",
        "ambitious",
        "leader",
        "dominate",
        "competitive",
        "confident",
        "decisive",
    ]
    assert result["feminine_words"] == []
    assert result["flagged_phrases"] == []


def test_feminine_advert_scores_plus_seven_and_is_strongly_feminine_coded():
    result = inclusive_language_analyse(FEMININE_ADVERT)
    assert result["score"] == 7
    assert result["label"] == "strongly feminine-coded"
    assert result["feminine_words"] == [
        "supportive",
        "collaborative",
        "honest",
        "warm",
        "understanding",
        "share",
        "commitment",
    ]


@pytest.mark.parametrize(
    ("advert", "score", "label"),
    [
        ("An analytical and supportive engineer.", 0, "neutral"),
        ("A confident developer who enjoys a challenge and works with the team.", -2, "masculine-coded"),
        ("A kind, polite receptionist.", 2, "feminine-coded"),
        ("Accounts assistant in Leeds.", 0, "empty"),
        ("Self-confident and co-operative.", 0, "neutral"),
        ("", 0, "empty"),
    ],
)
def test_sample_adverts_have_known_scores(advert, score, label):
    result = inclusive_language_analyse(advert)
    assert (result["score"], result["label"]) == (score, label)


def test_every_occurrence_counts_but_each_word_is_listed_once():
    result = inclusive_language_analyse("Lead the leaders. Lead!")
    assert result["score"] == -3
    assert result["masculine_words"] == ["lead", "leaders"]


def test_phrases_restricting_a_protected_group_are_flagged():
    result = inclusive_language_analyse(
        "We want a young, energetic young graduate who is a Native English speaker; "
        "female applicants preferred."
    )
    assert result["flagged_phrases"] == ["young", "energetic young", "native english speaker", "female"]
    assert inclusive_language_analyse("Able bodied or able-bodied")["flagged_phrases"] == [
        "able bodied",
        "able-bodied",
    ]
    assert inclusive_language_analyse("Our female and male staff")["flagged_phrases"] == ["female", "male"]
    assert inclusive_language_analyse("A recent graduate")["flagged_phrases"] == ["recent graduate"]


def test_female_does_not_also_flag_male():
    assert inclusive_language_analyse("Female engineers welcome")["flagged_phrases"] == ["female"]


@pytest.mark.parametrize(
    ("score", "hits", "label"),
    [
        (0, 0, "empty"),
        (0, 4, "neutral"),
        (3, 3, "feminine-coded"),
        (4, 4, "strongly feminine-coded"),
        (-3, 3, "masculine-coded"),
        (-4, 4, "strongly masculine-coded"),
    ],
)
def test_labels_follow_the_thresholds(score, hits, label):
    assert inclusive_language_label(score, hits) == label


def test_highlight_marks_coded_words_and_phrases_and_escapes_the_rest():
    html = str(inclusive_language_highlight("<b>Driven</b> and supportive; young people only"))
    assert '<mark class="il-masculine" title="Masculine-coded word">Driven</mark>' in html
    assert '<mark class="il-feminine" title="Feminine-coded word">supportive</mark>' in html
    assert 'class="il-phrase"' in html and ">young</mark>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_lexicon_is_a_copy_of_the_shared_data_kept_in_the_project():
    data = json.loads((Path(__file__).parents[2] / "vacancies/data/inclusive_language.json").read_text())
    assert len(data["feminine_stems"]) >= 40 and len(data["masculine_stems"]) >= 40


@given(st.text(max_size=300))
def test_any_text_gives_a_consistent_result(text):
    result = inclusive_language_analyse(text)
    no_words = not result["masculine_words"] and not result["feminine_words"]
    assert (result["label"] == "empty") == no_words
    assert no_words or result["label"] == inclusive_language_label(result["score"], 1)
    assert isinstance(str(inclusive_language_highlight(text)), str)
