"""What a question asks of the legislation list: whether it is a legal question at all
(`is_legal_search`, `reads_as_rules`) and which type and years it names (`read_legal_query`).

Two readings route a question to the legislation: the wording of law ("which law…",
"regulations made since 2023…", "is it legal…"), and an owner's question about an
obligation or permission ("do I have to…", "can I be fined…", "am I allowed…") about an
area of business law the thesaurus (`assistant.legal_terms`) recognises. Requests for
figures ("can I see the birth rate…", "how many SIs…") are left to the planner.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.legal_terms import legal_terms
from assistant.periods import parse_periods

LEGAL_WORDS = re.compile(
    r"\b(laws?|legislation|legislative|legal(ly)?|illegal|unlawful|lawful|statutes?|statutory"
    r"|acts? of parliament|(primary|secondary) legislation|regulations?|regulatory"
    r"|rules?( apply| that apply| for| on| about| do)|what are the rules|obligations?"
    r"|obliged|comply|complying|compliance|legal requirements?|required by law|by law"
    r"|(am i|are we|is it) (allowed|permitted|required)|(my|our|their|tenants?'?|workers?'?"
    r"|employees?'?|consumers?'?|customers?'?|renters?'?|staff'?s?) rights|rights of"
    r"|need (a|an) [\w ]{0,20}licen[cs]e|licen[cs]e to|licensing|licensed premises"
    r"|registers? of (companies|charities|overseas entities)|registrar of companies"
    r"|where is the register|company register|statutory instruments?"
    r"|(which|what) (law|laws|act|acts|order|orders|regulations?|rules?|legislation|statutes?)"
    r"|which (law|act|order|regulations?) (says|allows|lets|covers))\b",
    re.I,
)
NAMED_ACT = re.compile(r"\b[A-Z][\w’'-]*(\s+\(?[A-Z][\w’'()-]*)*\s+Acts?\b|\bSIs?\b"
                       r"|\bAct of the (Scottish Parliament|Northern Ireland Assembly)\b")
WHICH_ACTS = re.compile(r"\b(which|what|any|new|recent|the|latest)\s+acts\b|\bacts\s+(passed|"
                        r"of|made|that|which|about|on)\b", re.I)
COUNTED = (r"(acts?|laws?|statutory instruments?|sis?|regulations?|orders?|statutes?|rules?|"
           r"pieces? of legislation|legislation|bills?|items?)")
COUNTING = re.compile(
    r"\b(how many|number of|count of|total number of|how much)\s+(\w+[\s-]+){0,4}?" + COUNTED
    + r"\b|\b(percentage|proportion|share|fraction)\s+of\s+(\w+[\s-]+){0,4}?" + COUNTED
    + r"\b|\bcount (the )?" + COUNTED + r"\b|\b(more|fewer|less)\s+(\w+[\s-]+){0,3}?" + COUNTED
    + r"\b|\b" + COUNTED + r"\s+(\w+\s+){0,3}?(per|each|by|every|a) (year|month|quarter)\b",
    re.I)
DATASET_QUESTION = re.compile(r"\b(data ?sets?|open data|statistics (about|on)|what data (is|are)"
                              r"|which data|is there (any )?data|licen[cs]e of the data)\b", re.I)
LAW_NOUN = re.compile(r"\b(laws?|legislation|acts|statutes?)\b|\bAct\b", re.I)
FIGURES = re.compile(
    r"\b(how many|number of|figures?|statistics|stats|numbers|counts?|percentage|proportion"
    r"|per cent|trends?|average)\b", re.I)

# What kind of legislation the question names.
SI_WORDS = re.compile(r"\b(statutory instruments?|SIs?|secondary legislation)\b")
SI_MADE = re.compile(r"\b(regulations|orders|rules|statutory instruments?|SIs?)\b[\w\s,'’]{0,60}"
                     r"\bmade\b|\bmade\b[\w\s]{0,20}\b(regulations|orders)\b"
                     r"|\b(19|20)\d\d (regulations|orders)\b", re.I)  # 'the 2023 regulations'
PRIMARY_WORDS = re.compile(r"\b(acts|act of parliament|acts of parliament|primary legislation)"
                           r"\b|\bacts?\b[\w\s]{0,20}\bpassed\b|\bpassed\b[\w\s]{0,20}\bacts?\b",
                           re.I)
SCOTTISH = re.compile(r"\b(act of the scottish parliament|scottish parliament|holyrood|scottish "
                      r"(law|laws|act|acts|legislation))\b", re.I)
NORTHERN_IRISH = re.compile(r"\b(northern ireland assembly|stormont|northern ireland (law|laws|act"
                            r"|acts|legislation))\b", re.I)
THIS_YEAR = re.compile(r"\bthis year\b|\bso far this year\b|\bthis calendar year\b", re.I)
LAST_YEAR = re.compile(r"\blast year\b", re.I)
# A period is the legislation's only when it is said of the legislation ("regulations made
# since 2023", "the 2023 regulations", "what changed in 2024"), not of the asker's story
# ("a field I have rented since 2015", "this year's profits", "a customer born after 2008").
TIME_PHRASE = re.compile(r"\b(19|20)\d\d\b|\b(this|last|next) year\b|\b(last|past) \w+ years\b",
                         re.I)
TIME_LINK = re.compile(r"\b(laws?|acts?|legislation|regulations?|rules?|orders?|SIs?|statutory "
                       r"instruments?|bills?|statutes?|passed|made|enacted|introduced|brought in"
                       r"|came in|coming in|come in|changed?|changes|amended|in force)\b", re.I)
LINK_REACH = 45  # characters either side of the period


def _period_of_legislation(question: str) -> bool:
    for match in TIME_PHRASE.finditer(question):
        window = question[max(0, match.start() - LINK_REACH):match.end() + LINK_REACH]
        if TIME_LINK.search(window):
            return True
    return False


# An owner's question about an obligation or a permission: "do I have to…", "must I…", "am I
# allowed…", "can I be fined…", "do I need a licence…", "can I…".
WHO = (r"(i|we|you|they|my [\w'’ ]{1,30}?|our [\w'’ ]{1,30}?|the [\w'’ ]{1,30}?"
       r"|an? [\w'’ ]{1,30}?|someone|anyone|businesses|employers|companies|landlords|shops"
       r"|[\w'’ ]{0,30}?\b(inspectors?|officers?|councils?|hmrc|police|authorit(y|ies)|regulators?"
       r"|customers?|clients?|employees?|staff|workers?|tenants?|suppliers?|competitors?"
       r"|banks?|creditors?|bailiffs))")
STILL = r"(?:\s+(?:still|really|actually|legally|even|also|ever))?"  # 'do I still have to'
OBLIGATION = re.compile(
    r"\b(do|does|will|would)\s+" + WHO + STILL + r"\s+(have|need|got) to\b"
    r"|\bhave (i|we) got to\b|\bwhat happens if\b|\b(is|are) (that|this|it|they) (allowed"
    r"|legal|lawful|ok|okay|permitted)\b|\b(do|does)\s+" + WHO + STILL
    + r"\s+need\s+(an?\s+|any\s+)?licen[cs]es?\b"
    r"|\b(must|should|shall)\s+" + WHO + r"\s+\w"
    r"|\b(am i|are we|is it|(is|are) (my|our|an?) [\w'’ ]{1,30}?|(is|are) (employers|businesses"
    r"|companies|landlords|shops|tenants|workers|employees|staff))\s+(legally )?(allowed"
    r"|permitted|required|obliged|entitled|supposed|liable|responsible|exempt)\b"
    r"|\bis it (legal|illegal|lawful|unlawful|against the law|an offence|a crime)\b"
    r"|\b(can|could|may|will)\s+" + WHO + r"\s+(be|get)\s+(sued|fined|prosecuted|banned"
    r"|disqualified|charged|jailed|struck off|evicted|taken to (court|a tribunal)|held\b"
    r"|made\b|closed|shut)"
    r"|\b(do|does)\s+" + WHO + r"\s+need\s+(an?|to|permission|planning|approval|consent"
    r"|insurance|authorisation|registration)\b"
    r"|\bwhat (are|is) (the )?(rules?|requirements?|legal position)\b|\bwhat does the law say\b",
    re.I)
PERMISSION = re.compile(r"\b(can|could|may)\s+" + WHO + r"\s+\w", re.I)
DATA_REQUEST = re.compile(
    r"\b(can|could|may) (i|we|you) (please )?(see|get|find|view|look|check|download|compare"
    r"|show|tell|give|list|access|search|have (a look|the|some))\b|\b(show|tell|give) (me|us)\b"
    r"|\bask (you|the assistant)\b|\bdo you (have|hold|know)\b"
    r"|\b(data|datasets?|statistics|stats|figures|numbers)\b", re.I)

# The owner's own business: the setting that makes a question about rules a legal one.
BUSINESS_SETTING = re.compile(
    r"\b(my|our) (own |small |new |limited |local )?(business|company|firm|shop|store|premises"
    r"|office|factory|workshop|warehouse|site|yard|staff|employees?|workers?|apprentices?"
    r"|customers?|clients?|tenants?|suppliers?|restaurant|caf[eé]|pub|bar|salon|venue|farm"
    r"|vans?|lorr(y|ies)|website|brand|products?|goods|landlord|charity)\b"
    r"|\b(employers?|directors?|sole traders?|self-employed|business owners?)\b", re.I)


def about_own_business(question: str) -> bool:
    """Does the question set itself in the asker's business ('my shop', 'our staff')?"""
    return bool(BUSINESS_SETTING.search(question))


def reads_as_rules(question: str) -> bool:
    """An owner's question about what they must, may or may not do ("do I have to pass on
    tips?", "can I be banned from being a director?"), not a request for figures or data."""
    if COUNTING.search(question) or DATA_REQUEST.search(question) \
            or DATASET_QUESTION.search(question):
        return False
    return bool(OBLIGATION.search(question) or PERMISSION.search(question))


def is_legal_search(question: str) -> bool:
    """True for questions about which legislation deals with something, and for an owner's
    question about rules in an area of business law the thesaurus recognises; False for
    counts of legislation ('how many SIs in 2024?') and for questions about datasets."""
    if COUNTING.search(question):
        return False
    legal = bool(LEGAL_WORDS.search(question) or NAMED_ACT.search(question)
                 or WHICH_ACTS.search(question))
    if not legal:
        return reads_as_rules(question) and bool(legal_terms(question))
    return not (DATASET_QUESTION.search(question) and not LAW_NOUN.search(question))


def wants_figures(question: str) -> bool:
    """Does the question also ask for numbers (then the planner's answer can be merged)?"""
    return bool(FIGURES.search(question))


class LegalQuery(BaseModel):
    """The filters a legal question implies."""

    type: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    def describe(self) -> str:
        kinds = {"uksi": "UK Statutory Instruments", "asp": "Acts of the Scottish Parliament",
                 "nia": "Acts of the Northern Ireland Assembly", "primary": "Acts"}
        kind = kinds.get(self.type or "", "legislation")
        if self.year_from is not None and self.year_from == self.year_to:
            return f"{kind} of {self.year_from}"
        if self.year_from is not None and self.year_to is not None:
            return f"{kind} of {self.year_from} to {self.year_to}"
        if self.year_from is not None:
            return f"{kind} from {self.year_from}"
        if self.year_to is not None:
            return f"{kind} up to {self.year_to}"
        return kind


def read_legal_query(question: str, latest: int | None) -> LegalQuery:
    """Type and year filters from the wording: 'since 2023', '2025', 'between 2020 and 2024',
    'in the last 3 years', 'this year' (= the latest year in the list), 'last year'."""
    query = LegalQuery()
    if SCOTTISH.search(question):
        query.type = "asp"
    elif NORTHERN_IRISH.search(question):
        query.type = "nia"
    elif SI_WORDS.search(question) or SI_MADE.search(question):
        query.type = "uksi"
    elif PRIMARY_WORDS.search(question):
        query.type = "primary"
    if not _period_of_legislation(question):
        return query
    periods = parse_periods(question)
    if periods.start is not None:
        query.year_from, query.year_to = periods.start, periods.end
    elif periods.last_n is not None and latest is not None:
        query.year_from, query.year_to = latest - periods.last_n + 1, latest
    elif periods.years:
        query.year_from, query.year_to = min(periods.years), max(periods.years)
    elif THIS_YEAR.search(question) and latest is not None:
        query.year_from = query.year_to = latest
    elif LAST_YEAR.search(question) and latest is not None:
        query.year_from = query.year_to = latest - 1
    return query

