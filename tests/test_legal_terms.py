"""The everyday-to-statutory thesaurus: what a business owner says reaches the words the law
on that subject is titled with, and common words do not set off the wrong area."""

from __future__ import annotations

import re

import pytest

from assistant.legal_terms import expand, legal_terms, terms_table


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Can a client still sue me over a job we did five years ago?", "limitation of actions"),
        ("A supplier threatens to take us to court", "limitation of actions"),
        ("I want to sack a member of staff who keeps turning up late", "employment rights"),
        ("My tenant has stopped paying — can I evict?", "renters rights tenancies landlord"),
        ("Can my corner shop open on Sundays?", "sunday trading shops"),
        ("Our company might go bust next month", "insolvency"),
        ("A rival said we lied to customers in a bad review", "defamation"),
        ("How much holiday pay do my part-time staff get?", "working time"),
        (
            "Does Ofcom regulate my mobile network business?",
            "communications electronic communications",
        ),
        ("The chimney of my bakery gives off smoke", "clean air smoke"),
        ("Can bailiffs take my van?", "enforcement taking control of goods"),
        (
            "What tax do I pay on capital gains when I dispose of my shares?",
            "taxation of chargeable gains",
        ),
    ],
)
def test_everyday_wording_reaches_statutory_words(question: str, words: str) -> None:
    assert words in legal_terms(question)


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("What is important for my business?", "customs taxation cross-border trade"),
        ("Do I pay national insurance for my staff?", "insurance"),
        ("I run a café in Hackney", "computer misuse"),
        ("Do I have to fit smoke alarms in my rented flats?", "clean air smoke"),
        ("What is the extension of automatic enrolment?", "building"),
        ("Will the council grant a licence for my stall?", "subsidy control"),
        (
            "Which law sets up employment tribunals where staff bring claims?",
            "limitation of actions",
        ),
        ("How do I train my staff?", "railways"),
    ],
)
def test_common_words_do_not_set_off_the_wrong_area(question: str, absent: str) -> None:
    assert absent not in legal_terms(question)


def test_expand_appends_the_words_once_and_leaves_other_questions_alone() -> None:
    question = "Can I sack a worker, and what if they sue me?"
    expanded = expand(question)
    assert expanded.startswith(question + " (")
    assert expanded.count("employment rights") == 1
    assert "limitation of actions" in expanded
    assert expand("Which law deals with widgets?") == "Which law deals with widgets?"


def test_entries_are_valid_and_name_title_words() -> None:
    for pattern, words in terms_table():
        re.compile(pattern)
        assert words == words.lower().strip() and words, pattern
        assert not re.search(r"\b(act|regulations?|19\d\d|20\d\d)\b", words), words
