"""An everyday-to-statutory thesaurus: the words a business owner uses ("can I sue", "sack
someone", "my pub", "goes bust") mapped to the words the law on that subject is titled with
("limitation", "employment rights", "licensing", "insolvency").

The legislation search adds these words to the question before it embeds it and matches
titles and long titles (query expansion), because neither the sentence model nor the
question's own words know that suing in time is the law of limitation or that a chimney's
smoke is a matter of clean air. Entries name areas of law as their titles word them, written
from general knowledge of UK business law, area by area; never a single question's answer.
"""

from __future__ import annotations

import re

# (everyday wording, regex) → words of the titles of the legislation on that subject
EMPLOYMENT: tuple[tuple[str, str], ...] = (
    (r"hir(e|es|ing) (staff|people|someone|workers|employees)|recruit\w*|job applicants?"
     r"|employ(ing)? (staff|people|someone|workers)", "employment"),
    (r"unfair(ly)? dismiss\w*|dismiss\w*|sack\w*|fir(e|ing) (someone|staff|an employee)"
     r"|redundan\w*|notice period|contracts? of employment|parental leave|maternity"
     r"|paternity|flexible working|time off|pay ?slips?|deduct\w* from (wages|pay|salar\w*)"
     r"|zero[- ]hours?|fire and rehire",
     "employment rights"),
    (r"pregnan\w*|maternity|adoption leave|shared parental", "pregnancy maternity family leave"),
    (r"flexible working|work(ing)? from home|remote working|hybrid working|homeworking",
     "flexible working"),
    (r"neonatal|premature bab\w*|bab(y|ies) .{0,30}(hospital|intensive care)",
     "neonatal care leave pay"),
    (r"carers?\b|caring responsibilit\w*|look(ing)? after (a|an|my|their|his|her) "
     r"(relative|parent|dependant|family)", "carers leave"),
    (r"bereave\w*|death of (a|their|his|her) child", "bereavement leave"),
    (r"holiday pay|holiday entitlement|annual leave|paid holidays?|working hours"
     r"|(48|forty[- ]eight)[- ]hours?|rest breaks?|night work\w*|irregular[- ]hours",
     "working time"),
    (r"\btips\b|gratuit\w*|service charges? .{0,20}(staff|workers|waiters|tips)",
     "tips gratuities"),
    (r"discriminat\w*|equal pay|same pay|pay (men and women|women and men)|gender pay"
     r"|harass\w*|disabilit\w*|reasonable adjustments?|protected characteristics?",
     "equality"),
    (r"(sexual )?harass\w* (at work|of (my )?(staff|workers|employees))|protect\w* .{0,20}"
     r"(staff|workers|employees) from", "worker protection"),
    (r"minimum wage|living wage|pay rates?", "national minimum wage"),
    (r"sick pay", "statutory sick pay"),
    (r"workplace pensions?|auto(matic)?[- ]?enrol\w*|enrol\w* .{0,30}pensions?",
     "pensions automatic enrolment"),
    (r"pensions? (schemes?|funds?|trustees?)|pensions regulator|occupational pensions?"
     r"|final salary|defined benefit", "pensions pension schemes"),
    (r"trade unions?|strikes?|industrial action|collective bargaining",
     "trade union labour relations"),
    (r"whistle ?-?blow\w*|blow\w* the whistle|report\w* wrongdoing",
     "public interest disclosure"),
    (r"right to work|illegal work\w*|immigration status|work visas?|sponsor licen[cs]e",
     "immigration asylum nationality"),
    (r"agency workers?|recruitment agenc\w*|employment agenc\w*", "employment agencies"),
    (r"gangmasters?|labour providers?", "gangmasters licensing"),
    (r"apprentice\w*", "apprenticeships skills"),
    (r"employment tribunals?|tribunal claims?", "employment tribunals"),
    (r"tupe\b|transfer\w* (of )?(a |the |my |our )?(business|undertaking)",
     "transfer of undertakings protection of employment"),
    (r"criminal records?|convictions?|dbs checks?|background checks?",
     "rehabilitation of offenders"),
    (r"reservists?|reserve forces|called up", "reserve forces safeguard of employment"),
    (r"employ\w* (children|teenagers|young people|under[- ]?(16|18)s?)|school[- ]age",
     "children and young persons employment"),
    (r"drivers'? hours|tachographs?", "drivers hours tachographs"),
    (r"health and safety|accidents? at work|injur\w* at work|safety at work|risk assessments?"
     r"|hazardous substances|asbestos", "health and safety at work"),
    (r"employers'? liability|insur\w* .{0,20}(my|our) (staff|employees|workers)",
     "employers liability compulsory insurance"),
)

DISPUTES: tuple[tuple[str, str], ...] = (
    (r"su(e|es|ed|ing)\b|take (me|us|them|you|my \w+|our \w+) to court|legal action"
     r"|time limits? (for|to|on) (a )?(claim|su)|how long .{0,40}(to|can) (claim|bring)",
     "limitation of actions"),
    (r"misled|mislead(ing)? (me|us|them|him|her|a customer)|misrepresent\w*|lied to"
     r"|false (statement|promise)s? .{0,20}contract", "misrepresentation"),
    (r"defam\w*|libel\w*|slander\w*|bad reviews?|damag\w* (my|our) reputation",
     "defamation"),
    (r"arbitrat\w*", "arbitration"),
    (r"third part(y|ies) .{0,30}contracts?|contracts? .{0,30}third part(y|ies)",
     "contracts rights of third parties"),
    (r"bailiffs?|enforcement agents?|seiz\w* (my |our )?goods|take (my |our )?goods"
     r"|(take|taking|took) control of goods", "enforcement taking control of goods"),
    (r"slip(s|ped)? (and|or) (trip|fall)\w*|injured (customers?|visitors?)"
     r"|accidents? (on|at) (my|our) premises", "occupiers liability"),
    (r"(?<!national )insur(ance|er|ers|e)\b|policyholders?", "insurance"),
)

COMPANIES_AND_TAX: tuple[tuple[str, str], ...] = (
    (r"limited compan\w*|compan(y|ies) directors?|directors?\b|incorporat\w*|set(ting)? up a "
     r"company|register of companies|company register|companies house|shareholders?"
     r"|annual accounts|confirmation statement|dividends?", "companies"),
    (r"disqualif\w*|bann\w* (from being|as) (a )?(company )?directors?",
     "company directors disqualification"),
    (r"community interest compan\w*|social enterprises?", "community interest companies"),
    (r"partnerships?|business partners?", "partnership"),
    (r"\bllps?\b|limited liability partnerships?", "limited liability partnerships"),
    (r"insolven\w*|bankrupt\w*|liquidat\w*|into administration|winding up|wound up"
     r"|can'?t pay (my|our) debts|(go|goes|gone|going|went) bust|went under"
     r"|(wrongful|fraudulent) trading", "insolvency"),
    (r"invoices?|paid late|pays? late|late payment", "late payment commercial debts interest"),
    (r"brib\w*|kickbacks?|corrupt\w*", "bribery"),
    (r"money laundering|launder\w*|suspicious transactions?",
     "money laundering proceeds of crime"),
    (r"tax evasion|evad\w* tax|evasion of tax", "criminal finances tax evasion"),
    (r"\bfraud\w*", "fraud economic crime"),
    (r"\bfca\b|financial advice|regulated (activity|activities)|authoris\w* .{0,20}financial"
     r"|investment firm|crowdfund\w*|raise (money|capital|investment)",
     "financial services and markets"),
    (r"(give|giving|offer\w*|provid\w*) .{0,20}credit|credit (agreements?|to customers|terms)"
     r"|loans? (to|for) (customers|consumers)|hire purchase|instal+ments?"
     r"|buy now,? pay later|pawn\w*", "consumer credit"),
    (r"price[- ]fixing|cartels?|competitors?|dominant position|anti-?competitive|mergers?"
     r"|takeovers?|\bcma\b|competition (authority|watchdog)", "competition enterprise mergers"),
    (r"foreign (investors?|buyers?|takeovers?|ownership)|national security",
     "national security and investment"),
    (r"supermarkets?|groceries|grocery retailers?", "groceries code"),
    (r"grants?\b(?! (of |a |an |the |me |us |permission|planning|licen))|subsid\w*"
     r"|state aid|public funding", "subsidy control"),
    (r"corporation tax", "corporation tax"),
    (r"income tax|\bpaye\b|off-payroll|\bir35\b", "income tax earnings"),
    (r"\bvat\b|value added tax", "value added tax"),
    (r"national insurance", "national insurance contributions"),
    (r"capital gains|chargeable gains|gains? (on|from) (the )?(sale|disposal)"
     r"|tax (on|when) .{0,30}sell\w*",
     "taxation of chargeable gains"),
    (r"machinery|plant and equipment|capital allowances|annual investment allowance",
     "capital allowances"),
    (r"stamp duty|\bsdlt\b|tax .{0,30}(buy|buys|buying|purchas\w*) .{0,20}(property|land"
     r"|premises|buildings?)", "stamp duty land tax land and buildings transaction tax"),
    (r"tax returns?|\bhmrc\b|tax penalt\w*", "taxes management"),
    (r"customs|import(s|ed|ing|ers?)?\b|tariffs?", "customs taxation cross-border trade"),
    (r"export licen[cs]es?|export controls?|dual[- ]use", "export control"),
    (r"excise|alcohol duty|fuel duty|beer duty|tobacco duty", "excise duties"),
    (r"business rates|rates? relief|rateable value", "non-domestic rating"),
    (r"charit\w*", "charities"),
    (r"public (sector )?contracts?|government contracts?|tender\w*|procure\w*|bid\w* for",
     "procurement"),
)

TRADING: tuple[tuple[str, str], ...] = (
    (r"faulty|refunds?|consumers?|customers'? rights|returns? policy|digital content"
     r"|cancel\w*", "consumer rights"),
    (r"fake reviews?|subscription (contracts?|traps?)|drip pricing|online sellers?"
     r"|unfair commercial practices?|online (shops?|stores?|selling|sales)|e-?commerce",
     "digital markets competition consumers"),
    (r"terms and conditions|unfair terms|limit\w* (my |our )?liability|exclusion clauses?",
     "unfair contract terms"),
    (r"sell\w* goods|sale of goods|satisfactory quality|fit for (the )?purpose"
     r"|quality of (the )?goods|goods .{0,40}(match\w*|not as) (the |their )?descri\w*"
     r"|(faulty|defective|damaged) goods", "sale of goods"),
    (r"(supply|supplying|provide|providing) (a |of )?services?|reasonable care and skill",
     "supply of goods and services"),
    (r"pric(es|ing) (display|labels?)|display\w* (the |my |our )?prices|price marking",
     "prices"),
    (r"weights and measures|scales|short measures?|trading standards",
     "weights and measures"),
    (r"sunday trading|opening hours on sundays?|shops?'? opening hours"
     r"|shops? (open|opening) on sundays?", "sunday trading shops"),
    (r"advertis\w*|marketing|promotions?", "advertising"),
    (r"cookies|marketing emails?|spam|cold call\w*|nuisance calls?",
     "privacy electronic communications"),
    (r"trade ?marks?|brand names?|logo", "trade marks"),
    (r"copyright|copied (my|our)|music|photographs?|software", "copyright"),
    (r"patent\w*|invent\w*", "patents"),
    (r"design rights?|registered designs?", "designs"),
    (r"intellectual property", "copyright designs patents trade marks"),
    (r"personal data|customer data|gdpr|privacy|data protection|cctv", "data protection"),
    (r"online platforms?|user[- ]generated|users? post|social media|online safety",
     "online safety"),
    (r"hack(s|ed|ing|ers?)?\b|cyber\w*|computer (crime|misuse)|ransomware", "computer misuse"),
    (r"electronic signatures?|e-?signatures?|sign\w* .{0,20}(electronically|online)",
     "electronic communications"),
    (r"bills? of lading|shipping documents|electronic trade documents",
     "electronic trade documents"),
    (r"product safety|safety of (the )?products|unsafe products?|product recalls?"
     r"|\bce mark\w*|\bukca\b", "product safety"),
    (r"units of measurement|metric units|imperial (units|measures)", "weights and measures"),
    (r"smart (devices?|products?|tvs?|home|speakers?|cameras?)|connect(ed|able) "
     r"(devices?|products?)|internet[- ]connected", "product security connectable products"),
    (r"electrical (goods|products|appliances)|energy labels?|energy labelling|ecodesign",
     "ecodesign energy information"),
    (r"sofas?|furniture|mattress\w*|upholster\w*", "furniture furnishings fire safety"),
    (r"cosmetics?|beauty products?|make-?up", "cosmetic products"),
    (r"\btoys?\b", "toys safety"),
    (r"knives|knife|blades?|offensive weapons|crossbows?|corrosive", "offensive weapons"),
    (r"fireworks?|explosives?", "fireworks explosives"),
    (r"hallmark\w*|precious metals?|jewell?e?ry|gold and silver", "hallmarking precious metals"),
    (r"street trading|market stalls?|pedlars?", "street trading"),
    (r"drones?\b|\buavs?\b|unmanned", "unmanned aircraft air navigation"),
)

SECTORS: tuple[tuple[str, str], ...] = (
    (r"food|restaurants?|caf[eé]s?|takeaways?|catering|kitchens?|allergen\w*",
     "food safety"),
    (r"food hygiene|hygiene ratings?|scores on the doors", "food hygiene rating"),
    (r"\bpubs?\b|\bbars?\b|alcohol|licensed premises|premises licen[cs]e|late licen[cs]e"
     r"|opening hours|stay open", "licensing"),
    (r"betting|gambling|casinos?|bookmakers?|lotter\w*|gaming machines?|raffles?"
     r"|prize draws?", "gambling"),
    (r"tobacco|cigarettes?|vapes?|vaping|e-cigarettes?", "tobacco vapes"),
    (r"pharmac\w*|chemists?|medicines?|prescriptions?", "medicines medicinal products"),
    (r"care homes?|home care|domiciliary care|\bcqc\b|care quality commission|dentists?"
     r"|clinics?", "health and social care care quality commission"),
    (r"nurser(y|ies)|childminders?|childcare|ofsted|pre-?schools?", "childcare"),
    (r"animals?|pet shops?|livestock|dogs?|kennels?|cats?\b|kittens?|puppies|breed\w*",
     "animal welfare"),
    (r"microchip\w*", "microchipping"),
    (r"zoos?\b|wildlife parks?|safari parks?", "zoo licensing"),
    (r"sunbeds?|tanning", "sunbeds tanning"),
    (r"farm\w*|agricultur\w*|crops?", "agriculture"),
    (r"fish(ing|ery|eries)?\b", "fisheries"),
    (r"hauliers?|haulage|lorr(y|ies)|hgvs?|goods vehicles?|operator'?s? licen[cs]e",
     "goods vehicles operators licensing"),
    (r"taxis?|private hire|minicabs?", "private hire vehicles"),
    (r"\bbus(es)?\b|coach(es)? (firm|company|business|operator)", "public passenger vehicles"),
    (r"railways?|train (operators?|companies|services)", "railways"),
    (r"ships\b|shipping (compan\w*|lines?|business)|vessels?|boats?",
     "merchant shipping"),
    (r"airlines?|airports?|aviation|aircraft", "civil aviation"),
    (r"security guards?|door supervisors?|bouncers?", "private security industry"),
    (r"estate agen\w*", "estate agents"),
    (r"scrap metal", "scrap metal dealers"),
    (r"broadband|telecom\w*|phone (networks?|business|company|lines?)|mobile networks?"
     r"|\bofcom\b|internet (service )?providers?", "communications electronic communications"),
    (r"television|\btv\b|radio|broadcast\w*", "broadcasting"),
    (r"postal|parcels?|couriers?", "postal services"),
    (r"energy (bills|suppl\w*|efficiency)|electricity|gas supply", "energy"),
    (r"energy performance|\bepcs?\b", "energy performance of buildings"),
    (r"heat networks?|district heat\w*|communal heating", "heat networks"),
    (r"electric vehicles? charg\w*|\bev charg\w*|charge ?points?", "electric vehicles"),
    (r"solar panels?|feed-in|renewable", "renewable energy"),
    (r"modern slavery|slavery|human trafficking|forced labour|supply chains?",
     "modern slavery"),
    (r"pandemic|covid|coronavirus|lockdowns?", "coronavirus"),
)

PROPERTY_AND_ENVIRONMENT: tuple[tuple[str, str], ...] = (
    (r"landlords?|tenants?|tenanc\w*|renters?|renting|rented homes?|letting|lettings|flats"
     r"|buy[- ]to[- ]let|evictions?", "renters rights tenancies landlord"),
    (r"business (premises|tenanc\w*|leases?)|commercial (leases?|property|premises|tenants?)"
     r"|(shop|office) leases?|renew\w* (my |our |the )?lease", "landlord and tenant business"),
    (r"rent arrears|unpaid rent|owe rent|rent (i|we) owe", "rent debts"),
    (r"leasehold|freehold|ground rents?", "leasehold reform"),
    (r"land registry|regist\w* .{0,30}(land|property|title)", "land registration"),
    (r"high[- ]rise|building safety|cladding|block of flats", "building safety"),
    (r"building regulations|building control|build\w* (an )?extensions?|build(ing)? work"
     r"|renovat\w*", "building"),
    (r"construction contracts?|adjudication|payments? .{0,20}construction",
     "construction contracts housing grants"),
    (r"planning permission|change of use|listed buildings?|conservation areas?",
     "town and country planning"),
    (r"compulsory purchase", "compulsory purchase"),
    (r"caravan\w*|holiday parks?|campsites?", "caravan sites"),
    (r"holiday lets?|short[- ]term lets?|airbnb", "short-term lets"),
    (r"waste|recycl\w*|packaging|pollution|emissions|environmental permits?|fly[- ]?tipping",
     "environmental protection"),
    (r"packaging", "producer responsibility packaging waste"),
    (r"smoke\b(?! (alarms?|detectors?))|chimneys?|air pollution|air quality|bonfires?"
     r"|wood ?burn\w*", "clean air smoke"),
    (r"noise|noisy|loud music", "noise pollution nuisance"),
    (r"rivers?|abstract\w*|irrigat\w*|boreholes?|water resources", "water resources"),
    (r"sewers?|sewerage|trade effluent|drains?|waste ?water", "water industry sewerage"),
)

TERMS: tuple[tuple[str, str], ...] = (
    EMPLOYMENT + DISPUTES + COMPANIES_AND_TAX + TRADING + SECTORS + PROPERTY_AND_ENVIRONMENT
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
    """The question with the thesaurus's title words appended (unchanged when none apply)."""
    terms = legal_terms(question)
    return f"{question} ({'; '.join(terms)})" if terms else question
