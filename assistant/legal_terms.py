"""A small business-to-legislation glossary: the words a business owner uses ("blow the
whistle", "sack someone", "my pub") mapped to the words official titles use ("public
interest disclosure", "employment rights", "licensing").

The legislation search adds these words to the question before it embeds it and matches
titles (query expansion), because the sentence model cannot know that a law about
whistleblowing is called the Public Interest Disclosure Act. Entries name areas of law,
never a single answer; keep them general.
"""

from __future__ import annotations

import re

# (everyday wording, regex) → words of the titles of the legislation on that subject
TERMS: tuple[tuple[str, str], ...] = (
    # employment
    (r"hir(e|es|ing) (staff|people|someone|workers|employees)|recruit\w*|job applicants?"
     r"|employ(ing)? (staff|people|someone|workers)", "employment"),
    (r"unfair(ly)? dismiss\w*|dismiss\w*|sack\w*|fir(e|ing) (someone|staff|an employee)"
     r"|redundan\w*|notice period|contracts? of employment|parental leave|maternity"
     r"|paternity|flexible working|time off", "employment rights"),
    (r"discriminat\w*|equal pay|same pay|pay (men and women|women and men)|gender pay"
     r"|harass\w*|disabilit\w*|reasonable adjustments?|protected characteristics?",
     "equality"),
    (r"minimum wage|living wage|pay rates?", "national minimum wage"),
    (r"sick pay", "statutory sick pay"),
    (r"workplace pensions?|auto(matic)?[- ]?enrol\w*|enrol\w* .{0,30}pensions?",
     "pensions automatic enrolment"),
    (r"trade unions?|strikes?|industrial action|collective bargaining",
     "trade union labour relations"),
    (r"whistle ?-?blow\w*|blow\w* the whistle|report\w* wrongdoing",
     "public interest disclosure"),
    (r"right to work|illegal work\w*|immigration status|work visas?|sponsor licen[cs]e",
     "immigration asylum nationality"),
    (r"agency workers?|recruitment agenc\w*|employment agenc\w*", "employment agencies"),
    (r"gangmasters?|labour providers?", "gangmasters licensing"),
    (r"apprentice\w*", "apprenticeships skills"),
    (r"health and safety|accidents? at work|injur\w* at work|safety at work|risk assessments?",
     "health and safety at work"),
    # companies and money
    (r"limited compan\w*|compan(y|ies) directors?|directors?\b|incorporat\w*|set(ting)? up a "
     r"company|register of companies|company register|companies house|shareholders?"
     r"|annual accounts|confirmation statement", "companies"),
    (r"disqualif\w*", "disqualification"),
    (r"insolven\w*|bankrupt\w*|liquidat\w*|into administration|winding up|wound up"
     r"|can'?t pay (my|our) debts", "insolvency"),
    (r"invoices?|paid late|pays? late|late payment", "late payment commercial debts interest"),
    (r"brib\w*|kickbacks?|corrupt\w*", "bribery"),
    (r"money laundering|launder\w*|suspicious transactions?",
     "money laundering proceeds of crime"),
    (r"\bfca\b|financial advice|regulated (activity|activities)|authoris\w* .{0,20}financial"
     r"|investment firm", "financial services and markets"),
    (r"price[- ]fixing|cartels?|competitors?|dominant position|anti-?competitive|mergers?",
     "competition"),
    (r"corporation tax", "corporation tax"),
    (r"income tax|\bpaye\b", "income tax"),
    (r"\bvat\b|value added tax", "value added tax"),
    (r"national insurance", "national insurance contributions"),
    (r"business rates", "non-domestic rating"),
    (r"charit\w*", "charities"),
    (r"public (sector )?contracts?|government contracts?|tender\w*|procure\w*|bid\w* for",
     "procurement"),
    # customers and trading
    (r"faulty|refunds?|consumers?|customers'? rights|returns? policy|digital content"
     r"|cancel\w*", "consumer rights"),
    (r"fake reviews?|subscription (contracts?|traps?)|drip pricing|online sellers?"
     r"|unfair commercial practices?", "digital markets competition consumers"),
    (r"terms and conditions|unfair terms|limit\w* (my |our )?liability|exclusion clauses?",
     "unfair contract terms"),
    (r"weights and measures|scales|short measures?|trading standards",
     "weights and measures"),
    (r"sunday trading|opening hours on sundays?", "sunday trading"),
    (r"advertis\w*|marketing|promotions?", "advertising"),
    (r"trade ?marks?|brand names?|logo", "trade marks"),
    (r"copyright", "copyright"),
    (r"patent\w*|inventions?", "patents"),
    (r"design rights?|registered designs?", "designs"),
    (r"intellectual property", "copyright designs patents trade marks"),
    (r"personal data|customer data|gdpr|privacy|data protection|cctv|cookies",
     "data protection"),
    (r"online platforms?|user[- ]generated|users? post|social media|online safety",
     "online safety"),
    # sectors
    (r"food|restaurants?|caf[eé]s?|takeaways?|catering|kitchens?|allergen\w*",
     "food safety"),
    (r"food hygiene|hygiene ratings?|scores on the doors", "food hygiene rating"),
    (r"\bpubs?\b|\bbars?\b|alcohol|licensed premises|premises licen[cs]e|late licen[cs]e"
     r"|opening hours|stay open", "licensing"),
    (r"betting|gambling|casinos?|bookmakers?|lotter\w*|gaming machines?", "gambling"),
    (r"tobacco|cigarettes?|vapes?|vaping|e-cigarettes?", "tobacco vapes"),
    (r"landlords?|tenants?|tenanc\w*|renters?|renting|rented homes?|letting|lettings|flats"
     r"|buy[- ]to[- ]let|evictions?", "renters rights tenancies landlord"),
    (r"high[- ]rise|building safety|cladding|block of flats", "building safety"),
    (r"planning permission|change of use", "town and country planning"),
    (r"caravan\w*|holiday parks?|campsites?", "caravan sites"),
    (r"waste|recycl\w*|packaging|pollution|emissions|environmental permits?",
     "environmental protection"),
    (r"animals?|pet shops?|livestock|dogs?|kennels?", "animal welfare"),
    (r"hauliers?|haulage|lorr(y|ies)|hgvs?|goods vehicles?|operator'?s? licen[cs]e",
     "goods vehicles operators licensing"),
    (r"taxis?|private hire|minicabs?", "private hire vehicles"),
    (r"security guards?|door supervisors?|bouncers?", "private security industry"),
    (r"estate agen\w*", "estate agents"),
    (r"scrap metal", "scrap metal dealers"),
    (r"energy (bills|suppl\w*|efficiency)|electricity|gas supply", "energy"),
    (r"modern slavery|slavery|human trafficking|forced labour|supply chains?",
     "modern slavery"),
)

_COMPILED = tuple((re.compile(rf"\b(?:{pattern})", re.I), words) for pattern, words in TERMS)


def legal_terms(question: str) -> list[str]:
    """The title words of the areas of law the question's everyday wording points to."""
    found: list[str] = []
    for pattern, words in _COMPILED:
        if pattern.search(question) and words not in found:
            found.append(words)
    return found


def expand(question: str) -> str:
    """The question with the glossary's title words appended (unchanged when none apply)."""
    terms = legal_terms(question)
    return f"{question} ({'; '.join(terms)})" if terms else question
