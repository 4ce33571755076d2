"""An everyday-to-statutory thesaurus: the words a business owner uses ("can I sue", "sack
someone", "my pub", "goes bust") mapped to the words the law on that subject is titled with
("limitation", "employment rights", "licensing", "insolvency").

The legislation search adds these words to the question before it embeds it and matches
titles and long titles (query expansion), because neither the sentence model nor the
question's own words know that suing in time is the law of limitation or that a chimney's
smoke is a matter of clean air. The wording and title words are the `pattern` and `terms` of
the subject index (`assistant/legal_subjects.yaml`), written from general knowledge of UK
business law, area by area; never a single question's answer.
"""

from __future__ import annotations

from assistant.legal_subjects import load_subjects, worded


def terms_table() -> list[tuple[str, str]]:
    """(everyday wording, title words) of every subject that has both."""
    return [(s.pattern, s.terms) for s in load_subjects() if s.pattern and s.terms]


def legal_terms(question: str) -> list[str]:
    """The title words of the areas of law the question's everyday wording points to."""
    found: list[str] = []
    for subject in worded(question):
        if subject.terms and subject.terms not in found:
            found.append(subject.terms)
    return found


def expand(question: str) -> str:
    """The question with the thesaurus's title words appended (unchanged when none apply)."""
    terms = legal_terms(question)
    return f"{question} ({'; '.join(terms)})" if terms else question
