#!/usr/bin/env python3
"""Compiles the gazetteers in ../shared/gazetteers into src/extract/data/gazetteers/*.tsv.

Usage (from the repository root):

    python3 src/extract/data/build_gazetteers.py [--shared ../shared] [--out src/extract/data/gazetteers]

Standard library only. The output is deterministic (every file is sorted), so a rerun on the same
sources gives byte-identical files and a diff shows exactly what changed.

Each output file holds one entry per line, tab-separated:

    canonical  country  population  code  aliases

* canonical  - the name as it should be displayed ("Islamic State", "US Department of Defense")
* country    - ISO 3166-1 alpha-2 code, or empty (areas, international organisations, titles)
* population - cities only (GeoNames), else 0
* code       - a source code: CAMEO code for Phoenix actors and titles, GeoNames id for places
* aliases    - every other surface form, separated by "|" (the canonical name is always matched)

Surface forms keep their natural case ("US", "al-Qaeda", "prime minister"); the Rust matcher
derives the case variants it accepts (sentence-initial capitals, ALL CAPS).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import unicodedata
from collections import defaultdict

# --------------------------------------------------------------------------------------------
# Tunables, chosen by measuring on news text (see src/extract/data/gazetteers/README.md)
# --------------------------------------------------------------------------------------------

#: Cities below this population are left out, unless they are a capital.
CITY_MIN_POPULATION = 15000

FUNCTION_WORDS = {
    "of", "and", "the", "for", "in", "on", "at", "to", "de", "du", "des", "del", "la", "le",
    "al", "el", "bin", "ibn", "wa", "fi", "wal", "von", "van", "der", "di", "da", "y", "e",
    "a", "an", "with", "by", "ul", "ud",
}

# Common English words that are also names of small places, companies or NGOs. A capitalised
# common word at the start of a sentence would otherwise be tagged (e.g. "Police said" -> the
# Polish town Police). Measured on news text: words that occur far more often in lower case.
COMMON_WORDS = {
    "about", "academy", "action", "advance", "after", "again", "against", "aid", "air", "all",
    "alliance", "also", "although", "among", "an", "and", "any", "apple", "are", "as", "at",
    "aurora", "avenue", "back", "bad", "bank", "bar", "bath", "batman", "be", "beach", "bear",
    "because", "before", "being", "best", "between", "big", "bitter", "black", "blue", "boss",
    "both", "brain", "bridge", "bright", "brown", "but", "by", "call", "can", "capital", "care",
    "case", "cash", "center", "centre", "chance", "change", "children", "city", "clay", "clear",
    "coach", "come", "commerce", "community", "concord", "congress", "corona", "could", "council",
    "country", "court", "cross", "crystal", "cuba", "day", "deal", "did", "do", "does", "down",
    "during", "each", "early", "east", "eight", "energy", "enterprise", "even", "every", "evergreen",
    "faith", "fair", "far", "few", "first", "five", "for", "forest", "fort", "forward", "four",
    "free", "freedom", "from", "front", "future", "game", "gap", "garden", "general", "get", "give",
    "global", "go", "gold", "good", "government", "grace", "grand", "great", "green", "group",
    "had", "half", "harmony", "has", "have", "he", "health", "her", "here", "his", "home", "hope",
    "how", "however", "if", "in", "independence", "industry", "into", "is", "it", "its", "just",
    "justice", "key", "kind", "labour", "land", "last", "late", "lead", "liberty", "life", "light",
    "like", "little", "live", "long", "love", "made", "main", "major", "make", "man", "many",
    "march", "market", "may", "media", "meeting", "men", "might", "million", "mission", "mobile",
    "more", "most", "much", "must", "my", "national", "nature", "network", "new", "news", "next",
    "nice", "nine", "no", "north", "not", "now", "of", "off", "office", "oil", "old", "on", "once",
    "one", "only", "open", "opportunity", "or", "orange", "order", "other", "our", "out", "over",
    "own", "pace", "park", "part", "party", "peace", "people", "place", "plain", "plan", "play",
    "point", "police", "power", "premier", "president", "press", "prime", "progress", "project",
    "providence", "public", "reading", "real", "red", "reform", "relief", "rest", "return", "rich",
    "right", "rise", "rock", "round", "rule", "run", "safe", "said", "sale", "same", "say", "school",
    "second", "security", "see", "service", "set", "seven", "she", "shell", "should", "show",
    "since", "six", "so", "some", "sound", "south", "split", "spring", "standard", "star", "state",
    "still", "stock", "street", "such", "summit", "sun", "support", "sure", "take", "ten", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "third", "this", "those",
    "three", "through", "time", "to", "today", "too", "top", "trade", "trust", "truth", "two",
    "under", "union", "unity", "until", "up", "us", "use", "valley", "van", "very", "victory",
    "vision", "voice", "war", "was", "watch", "water", "way", "we", "well", "were", "west", "what",
    "when", "where", "which", "while", "white", "who", "why", "will", "with", "women", "work",
    "world", "would", "year", "yet", "you", "young", "your", "youth",
    # Measured: single-word place and organisation names seen more often in lower case than
    # capitalised in news text (BBC, OneStopEnglish, Reuters-21578).
    "acre", "airport", "along", "ami", "anthem", "banning", "begun", "bend", "boom", "borne",
    "bow", "bury", "buy", "cat", "champagne", "coast", "cocoa", "coin", "contras", "date", "dig",
    "dire", "dour", "drama", "eastern", "erode", "est", "fate", "fleet", "gay", "goes", "golden",
    "grey", "hire", "hit", "holiday", "hook", "horn", "hub", "humble", "hurricane", "ico", "isa",
    "jam", "lend", "lens", "lira", "male", "manage", "maritime", "marks", "mentor", "midway",
    "mile", "mine", "mountain", "normal", "northern", "officer", "oi", "oral", "organisation",
    "organization", "paradise", "parole", "peer", "pen", "plantation", "plum", "plunge", "pool",
    "pop", "prosper", "punch", "reservoir", "retreat", "rivers", "saga", "sake", "savage",
    "save", "se", "seaside", "semi", "shaping", "shone", "southern", "sparks", "sterling",
    "store", "sue", "sulphur", "sunrise", "sunset", "surprise", "tall", "tame", "tank", "tigers",
    "tire", "tours", "university", "wedding", "western", "wil", "worms", "yoga", "olympic",
    "liberal", "come", "much", "time", "god", "federal", "central", "un", "san", "kim",
    "bush", "lib", "centre", "western", "bruce", "cook", "susan", "delta", "vera", "gara",
}

#: Single-word place names, common words or people's names in English, that are kept all the
#: same because the place is what news means by them.
NAME_KEEP = {"reading", "nice", "derby", "stoke", "split", "florence", "victoria", "jordan",
             "chad", "georgia", "paris", "sydney", "washington", "lincoln", "houston", "austin",
             "charlotte", "orlando", "wellington", "hamilton", "preston", "dudley", "mansfield",
             "sutton", "toledo", "aden", "colombo", "vladimir", "constantine", "bergen", "reno",
             "santiago", "lima", "adelaide", "sofia", "regina", "salem", "eugene", "montgomery"}


#: Cities left out although large enough: GeoNames districts or towns named like people or
#: things that news mentions far more often ("Kennedy" is a Bogota locality of 979,000).
#: "Name" drops every city of that name, "Name/CC" only the one in that country.
CITY_DENY = {
    "Kennedy", "George", "Jackson", "Mary", "Davenport", "Leigh", "Eastwood", "Cueto", "Jupiter",
    "Brits", "Livingstone", "Nigel", "Lansdowne", "Paterson", "Hayes", "Stanley", "Staunton",
    "West End", "Florida/CU", "Virginia/ZA", "Westminster/US", "Kent/US", "Essex/US",
    "Chelsea/US", "Wimbledon/US", "Hollywood/US", "Gloucester/CA", "Newcastle/AU",
    "Halifax/CA", "Cambridge/US", "Oxford/US", "Manchester/US", "Birmingham/US",
    "Douglas/US", "Richmond/US", "Victoria/CA", "Perth/GB", "Wellington/IN", "Hamilton/US",
}


def plain_name(surface, first, last, population):
    """Tells whether a single-word place name may be kept: not a common English word and, for
    places under 100,000 people, not a given name or surname (Howard, David, Kennedy)."""
    if " " in surface or "-" in surface:
        return True
    k = key(surface)
    if k in NAME_KEEP:
        return True
    if k in COMMON_WORDS:
        return False
    if population < 100000 and (fold(surface).upper() in first or fold(surface).upper() in last):
        return False
    return True

# --------------------------------------------------------------------------------------------
# Hand-curated tables: the most frequent names in news, with natural canonical names.
# They win over anything derived from the raw sources: an alias listed here is removed from
# every derived entry of the same kind.
# --------------------------------------------------------------------------------------------

#: Canonical English short names where GeoNames' differ.
COUNTRY_CANONICAL = {
    "PS": "Palestine", "CZ": "Czech Republic", "NL": "Netherlands", "TL": "East Timor",
    "VA": "Vatican City", "MO": "Macau", "CV": "Cape Verde", "SZ": "Eswatini",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "BQ": "Bonaire, Sint Eustatius and Saba", "VI": "US Virgin Islands",
}

#: Extra country aliases (beyond GeoNames, i18n-iso-countries, countryinfo and Phoenix).
COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "Congo-Kinshasa", "Zaire"],
    "CG": ["Congo-Brazzaville"],
    "KR": ["Korea", "Republic of Korea", "ROK"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "CN": ["PRC", "People's Republic of China", "mainland China"],
    "NL": ["Holland", "The Netherlands"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czechia"],
    "TR": ["Türkiye", "Turkiye"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia", "FYROM"],
    "TL": ["Timor-Leste", "Timor Leste"],
    "PS": ["Palestinian Territories", "Palestinian territories", "State of Palestine",
           "Occupied Palestinian Territories"],
    "VA": ["Vatican", "Holy See"],
    "RU": ["Russian Federation"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "LA": ["Lao PDR"],
    "VN": ["Viet Nam"],
    "BO": ["Bolivia"],
    "FM": ["Federated States of Micronesia"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "SA": ["KSA", "Kingdom of Saudi Arabia"],
    "TW": ["Republic of China"],
    "TT": ["Trinidad"], "SR": ["Surinam"], "SJ": ["Spitsbergen", "Spitzbergen"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "HK": ["Hong Kong SAR"],
}

#: Historic states still common in archives; their codes are ISO 3166-3 / reserved codes.
HISTORIC_COUNTRIES = [
    ("Soviet Union", "SU", ["USSR", "U.S.S.R.", "Soviet Union"]),
    ("Yugoslavia", "YU", ["Yugoslavia"]),
    ("Czechoslovakia", "CS", ["Czechoslovakia"]),
    ("East Germany", "DD", ["East Germany", "GDR", "German Democratic Republic"]),
]

#: Country aliases that are too ambiguous to keep whatever the source says.
COUNTRY_ALIAS_DENY = {
    "Jersey": {"US"}, "Dakota": {"US"}, "Georgia": {"US"}, "Congo": {"CD", "CG"},
    "Guinea": {"GQ", "GW", "PG"}, "Samoa": {"AS"}, "Virgin Islands": {"VG", "VI"},
    "Korea": {"KP"}, "Macedonia": {"GR"}, "Washington": {"US"}, "Sudan": {"SS"},
    "Ireland": {"GB"}, "Dominica": {"DO"}, "Niger": {"NG"}, "Mauritania": set(),
    "America": set(), "Americas": {"US"}, "Kurdistan": {"IQ"}, "Palestine": {"IL"},
}

#: Demonyms and nationality nouns added by hand: (surface, country or "" for peoples without
#: one state). Plural "-s" forms are generated for regular ones.
DEMONYMS_EXTRA = [
    ("American", "US"), ("Briton", "GB"), ("Brit", "GB"), ("British", "GB"), ("English", "GB"),
    ("Englishman", "GB"), ("Englishmen", "GB"), ("Scottish", "GB"), ("Scot", "GB"),
    ("Scots", "GB"), ("Welsh", "GB"), ("Welshman", "GB"), ("Northern Irish", "GB"),
    ("Irish", "IE"), ("Irishman", "IE"), ("Frenchman", "FR"), ("Frenchmen", "FR"),
    ("Dutchman", "NL"), ("Dutchmen", "NL"), ("Filipino", "PH"), ("Filipina", "PH"),
    ("Kiwi", "NZ"), ("Aussie", "AU"), ("Saudi", "SA"), ("Emirati", "AE"), ("Kuwaiti", "KW"),
    ("Qatari", "QA"), ("Bahraini", "BH"), ("Omani", "OM"), ("Yemeni", "YE"), ("Iraqi", "IQ"),
    ("Syrian", "SY"), ("Lebanese", "LB"), ("Jordanian", "JO"), ("Israeli", "IL"),
    ("Palestinian", "PS"), ("Egyptian", "EG"), ("Libyan", "LY"), ("Iranian", "IR"),
    ("Persian", "IR"), ("Afghan", "AF"), ("Pakistani", "PK"), ("Turkish", "TR"), ("Turk", "TR"),
    ("Russian", "RU"), ("Ukrainian", "UA"), ("Chinese", "CN"), ("Japanese", "JP"),
    ("North Korean", "KP"), ("South Korean", "KR"), ("Korean", "KR"), ("Taiwanese", "TW"),
    ("Vietnamese", "VN"), ("Israeli", "IL"), ("Congolese", "CD"), ("Sudanese", "SD"),
    ("South Sudanese", "SS"), ("Somali", "SO"), ("Nigerian", "NG"), ("Nigerien", "NE"),
    ("Ivorian", "CI"), ("Malian", "ML"), ("Chadian", "TD"), ("Yemenite", "YE"),
    ("Bosnian", "BA"), ("Serb", "RS"), ("Serbian", "RS"), ("Croat", "HR"), ("Croatian", "HR"),
    ("Kosovar", "XK"), ("Kosovan", "XK"), ("Czech", "CZ"), ("Slovak", "SK"), ("Pole", "PL"),
    ("Polish", "PL"), ("Dane", "DK"), ("Danish", "DK"), ("Swede", "SE"), ("Swedish", "SE"),
    ("Finn", "FI"), ("Finnish", "FI"), ("Norwegian", "NO"), ("Icelander", "IS"),
    ("Icelandic", "IS"), ("Spaniard", "ES"), ("Spanish", "ES"), ("Portuguese", "PT"),
    ("Swiss", "CH"), ("Belgian", "BE"), ("Luxembourger", "LU"), ("Greek", "GR"),
    ("Cypriot", "CY"), ("Maltese", "MT"), ("Hungarian", "HU"), ("Romanian", "RO"),
    ("Bulgarian", "BG"), ("Albanian", "AL"), ("Macedonian", "MK"), ("Montenegrin", "ME"),
    ("Slovenian", "SI"), ("Slovene", "SI"), ("Estonian", "EE"), ("Latvian", "LV"),
    ("Lithuanian", "LT"), ("Belarusian", "BY"), ("Moldovan", "MD"), ("Georgian", "GE"),
    ("Armenian", "AM"), ("Azerbaijani", "AZ"), ("Azeri", "AZ"), ("Kazakh", "KZ"),
    ("Uzbek", "UZ"), ("Turkmen", "TM"), ("Tajik", "TJ"), ("Kyrgyz", "KG"), ("Mongolian", "MN"),
    ("Indian", "IN"), ("Bangladeshi", "BD"), ("Sri Lankan", "LK"), ("Nepali", "NP"),
    ("Nepalese", "NP"), ("Bhutanese", "BT"), ("Burmese", "MM"), ("Thai", "TH"),
    ("Cambodian", "KH"), ("Laotian", "LA"), ("Malaysian", "MY"), ("Singaporean", "SG"),
    ("Indonesian", "ID"), ("Australian", "AU"), ("New Zealander", "NZ"), ("Canadian", "CA"),
    ("Mexican", "MX"), ("Cuban", "CU"), ("Brazilian", "BR"), ("Argentine", "AR"),
    ("Argentinian", "AR"), ("Chilean", "CL"), ("Colombian", "CO"), ("Venezuelan", "VE"),
    ("Peruvian", "PE"), ("Bolivian", "BO"), ("Ecuadorian", "EC"), ("Uruguayan", "UY"),
    ("Paraguayan", "PY"), ("Haitian", "HT"), ("Jamaican", "JM"), ("Ethiopian", "ET"),
    ("Eritrean", "ER"), ("Kenyan", "KE"), ("Ugandan", "UG"), ("Tanzanian", "TZ"),
    ("Rwandan", "RW"), ("Burundian", "BI"), ("South African", "ZA"), ("Zimbabwean", "ZW"),
    ("Zambian", "ZM"), ("Mozambican", "MZ"), ("Angolan", "AO"), ("Namibian", "NA"),
    ("Ghanaian", "GH"), ("Senegalese", "SN"), ("Cameroonian", "CM"), ("Algerian", "DZ"),
    ("Moroccan", "MA"), ("Tunisian", "TN"), ("Mauritanian", "MR"), ("German", "DE"),
    ("French", "FR"), ("Italian", "IT"), ("Austrian", "AT"), ("Dutch", "NL"),
    ("Hong Konger", "HK"), ("Soviet", "SU"), ("Yugoslav", "YU"), ("Czechoslovak", "CS"),
    ("East German", "DD"), ("West German", "DE"),
    # Peoples and regions that are not one country: no code; the resolver decides from context.
    ("Kurd", ""), ("Kurdish", ""), ("Arab", ""), ("Arabian", ""), ("Berber", ""),
    ("Pashtun", ""), ("Baloch", ""), ("Baluch", ""), ("Tamil", ""), ("Basque", ""),
    ("European", ""), ("African", ""), ("Asian", ""), ("Latin American", ""),
    ("Middle Eastern", ""), ("Scandinavian", ""), ("Balkan", ""), ("Caucasian", ""),
    ("Yazidi", ""), ("Druze", ""), ("Bedouin", ""), ("Rohingya", "MM"), ("Uighur", "CN"),
    ("Uyghur", "CN"), ("Tibetan", "CN"), ("Chechen", "RU"), ("Catalan", "ES"),
    ("Flemish", "BE"), ("Walloon", "BE"), ("Sikh", ""), ("Hindu", ""),
]

#: Demonym surface forms never to use (ambiguous or common words).
DEMONYM_DENY = {"Swede", "Pole", "Finn", "Dane", "Turk", "Brit", "Scot", "Arabian", "Caucasian",
                "Sikh", "Hindu", "Chinaman", "Chinamen", "Swiss", "Greek"}

#: Areas: supranational regions, seas and continents; no country.
AREAS = [
    ("Middle East", ["Mideast", "Mid-East", "Near East"]),
    ("Gulf", ["Persian Gulf", "Arabian Gulf", "Gulf region"]),
    ("Europe", ["European continent"]), ("Western Europe", []), ("Eastern Europe", []),
    ("Central Europe", []), ("Northern Europe", []), ("Southern Europe", []),
    ("Scandinavia", ["Nordic countries", "Nordics"]), ("Balkans", ["Western Balkans"]),
    ("Baltics", ["Baltic states", "Baltic countries"]), ("Caucasus", ["South Caucasus", "North Caucasus"]),
    ("Central Asia", []), ("South Asia", ["Indian subcontinent"]), ("Southeast Asia", ["South-East Asia", "South East Asia"]),
    ("East Asia", []), ("Asia-Pacific", ["Asia Pacific"]), ("Asia", []), ("Africa", []),
    ("North Africa", []), ("West Africa", []), ("East Africa", []), ("Southern Africa", []),
    ("Central Africa", []), ("Sub-Saharan Africa", ["sub-Saharan Africa"]), ("Sahel", []),
    ("Horn of Africa", []), ("Maghreb", []), ("Levant", []), ("North America", []),
    ("South America", []), ("Latin America", []), ("Central America", []), ("Caribbean", []),
    ("Oceania", []), ("Pacific", ["Pacific Ocean", "South Pacific", "Asia-Pacific region"]),
    ("Atlantic", ["Atlantic Ocean", "North Atlantic"]), ("Indian Ocean", []),
    ("Arctic", ["Arctic Ocean"]), ("Mediterranean", ["Mediterranean Sea"]),
    ("Red Sea", []), ("Black Sea", []), ("Baltic Sea", []), ("Caspian Sea", ["Caspian"]),
    ("North Sea", []), ("South China Sea", []), ("East China Sea", []), ("Arabian Sea", []),
    ("Gulf of Aden", []), ("Bab el-Mandeb", ["Bab al-Mandab"]), ("Strait of Hormuz", []),
    ("Taiwan Strait", []), ("Korean Peninsula", ["Korean peninsula"]), ("Arabian Peninsula", []),
    ("Kashmir", []), ("Eurozone", ["eurozone", "euro zone", "euro area"]), ("Western world", []),
    ("Global South", []), ("Persian Gulf states", ["Gulf states"]), ("Mesopotamia", []),
    ("Antarctic", []), ("Far East", []), ("Great Lakes", []), ("Persian Gulf region", []),
]

#: Regions inside one country that news mentions often and GeoNames lists elsewhere.
REGIONS_EXTRA = [
    ("England", "GB", []), ("Scotland", "GB", []), ("Wales", "GB", []),
    ("Northern Ireland", "GB", ["Ulster"]), ("West Bank", "PS", []),
    ("Gaza Strip", "PS", ["Gaza"]), ("East Jerusalem", "PS", []), ("Golan Heights", "SY", ["Golan"]),
    ("Kurdistan Region", "IQ", ["Kurdistan", "Iraqi Kurdistan", "Kurdistan region"]),
    ("Crimea", "UA", []), ("Donbas", "UA", ["Donbass"]), ("Tibet", "CN", []),
    ("Xinjiang", "CN", []), ("Chechnya", "RU", []), ("Darfur", "SD", []),
    ("Siberia", "RU", []), ("Sinai", "EG", ["Sinai Peninsula"]), ("Punjab", "PK", []),
    ("Balochistan", "PK", ["Baluchistan"]), ("Anbar", "IQ", ["Al Anbar", "Anbar province"]),
    ("Nineveh", "IQ", ["Nineveh province", "Ninawa"]), ("Helmand", "AF", ["Helmand province"]),
    ("Idlib", "SY", ["Idlib province"]), ("Catalonia", "ES", []), ("Basque Country", "ES", []),
    ("Bavaria", "DE", []), ("Flanders", "BE", []), ("Wallonia", "BE", []),
    ("Corsica", "FR", []), ("Sicily", "IT", []), ("Sardinia", "IT", []), ("Tuscany", "IT", []),
    ("Kashmir Valley", "IN", []), ("Jammu and Kashmir", "IN", []), ("Hokkaido", "JP", []),
    ("Okinawa", "JP", []), ("Mindanao", "PH", []), ("Aceh", "ID", []), ("Bali", "ID", []),
    ("Java", "ID", []), ("Sumatra", "ID", []), ("Borneo", "", []), ("Patagonia", "AR", []),
    ("Amazon", "BR", ["Amazon rainforest"]), ("Yorkshire", "GB", []), ("Cornwall", "GB", []),
    ("Silicon Valley", "US", []), ("Wall Street", "US", []), ("Capitol Hill", "US", []),
    ("Guantanamo Bay", "CU", ["Guantanamo"]), ("Ulster", "GB", []),
    ("Washington state", "US", ["Washington State"]), ("New York state", "US", ["New York State"]),
    ("Hong Kong Island", "HK", []), ("Kurdistan Region of Iraq", "IQ", []),
    ("Tigray", "ET", []), ("Nagorno-Karabakh", "AZ", ["Karabakh"]), ("South Ossetia", "GE", []),
    ("Abkhazia", "GE", []), ("Transnistria", "MD", []),
    ("Midwest", "US", ["Mid-West", "Middle West"]), ("East Coast", "US", []),
    ("West Coast", "US", []), ("Tiananmen Square", "CN", []), ("Gulf Coast", "US", []),
    # AP-style state abbreviations that are not English words.
    ("California", "US", ["Calif", "Calif."]), ("Florida", "US", ["Fla", "Fla."]),
    ("Michigan", "US", ["Mich", "Mich."]), ("Arizona", "US", ["Ariz", "Ariz."]),
    ("Colorado", "US", ["Colo", "Colo."]), ("Connecticut", "US", ["Conn", "Conn."]),
    ("Oklahoma", "US", ["Okla", "Okla."]), ("Tennessee", "US", ["Tenn", "Tenn."]),
    ("Minnesota", "US", ["Minn", "Minn."]), ("Massachusetts", "US", ["Mass."]),
    ("Pennsylvania", "US", ["Penn."]), ("Illinois", "US", ["Ill."]),
    ("New Jersey", "US", ["N.J."]), ("New York", "US", ["N.Y."]), ("Texas", "US", ["Tex."]),
]

#: Cities: aliases and exonyms added by hand (canonical GeoNames name, country, aliases).
CITY_ALIASES = [
    ("New York City", "US", ["New York", "NYC"]),
    ("Washington", "US", ["Washington DC", "Washington, DC", "Washington D.C.", "Washington, D.C."]),
    ("Kyiv", "UA", ["Kiev"]), ("Mumbai", "IN", ["Bombay"]), ("Kolkata", "IN", ["Calcutta"]),
    ("Chennai", "IN", ["Madras"]), ("Beijing", "CN", ["Peking"]), ("Yangon", "MM", ["Rangoon"]),
    ("Ho Chi Minh City", "VN", ["Saigon"]), ("Basrah", "IQ", ["Basra"]),
    ("Makkah", "SA", ["Mecca"]), ("Medina", "SA", ["Madinah"]), ("Erbil", "IQ", ["Arbil", "Irbil"]),
    ("Sanaa", "YE", ["Sana'a", "Sana"]), ("Zürich", "CH", ["Zurich"]), ("Köln", "DE", ["Cologne"]),
    ("Al Fallujah", "IQ", ["Fallujah", "Falluja"]), ("Kandahar", "AF", []),
    ("Kuwait City", "KW", []), ("Gaza", "PS", ["Gaza City"]), ("Jerusalem", "IL", []),
    ("Tel Aviv", "IL", ["Tel Aviv-Yafo", "Tel Aviv-Jaffa"]), ("Al Hudaydah", "YE", ["Hodeidah", "Hudaydah"]),
    ("Aden", "YE", []), ("Ar Raqqah", "SY", ["Raqqa", "Raqqah"]), ("Dayr az Zawr", "SY", ["Deir ez-Zor", "Deir ez-Zour", "Deir el-Zour"]),
    ("Tikrit", "IQ", []), ("Karbala", "IQ", ["Kerbala"]), ("An Najaf", "IQ", ["Najaf"]),
    ("Ar Ramadi", "IQ", ["Ramadi"]), ("Kirkuk", "IQ", []), ("As Sulaymaniyah", "IQ", ["Sulaymaniyah", "Sulaimaniya", "Suleimaniyah"]),
    ("Tripoli", "LY", []), ("Benghazi", "LY", []), ("Mogadishu", "SO", []),
    ("Saint Petersburg", "RU", ["St Petersburg", "St. Petersburg"]), ("Nuremberg", "DE", ["Nürnberg"]),
    ("Hanover", "DE", ["Hannover"]), ("Gothenburg", "SE", ["Göteborg"]), ("The Hague", "NL", ["Den Haag"]),
    ("Bangkok", "TH", []), ("Mexico City", "MX", []), ("Rome", "IT", []), ("Geneva", "CH", []),
    ("Davos", "CH", []), ("Brussels", "BE", ["Bruxelles"]), ("Strasbourg", "FR", []),
    ("Luxembourg", "LU", []), ("Singapore", "SG", []), ("Hong Kong", "HK", []),
    ("Dhaka", "BD", ["Dacca"]), ("Abu Dhabi", "AE", []), ("Dubai", "AE", []), ("Doha", "QA", []),
    ("Riyadh", "SA", []), ("Jeddah", "SA", ["Jiddah"]), ("Muscat", "OM", []), ("Manama", "BH", []),
    ("Amman", "JO", []), ("Beirut", "LB", []), ("Damascus", "SY", []), ("Aleppo", "SY", []),
    ("Homs", "SY", []), ("Mosul", "IQ", []), ("Baghdad", "IQ", []), ("Tehran", "IR", ["Teheran"]),
    ("Kabul", "AF", []), ("Islamabad", "PK", []), ("Karachi", "PK", []), ("Lahore", "PK", []),
    ("New Delhi", "IN", []), ("Delhi", "IN", []), ("Ankara", "TR", []), ("Istanbul", "TR", []),
    ("Cairo", "EG", []), ("Khartoum", "SD", []), ("Nairobi", "KE", []), ("Addis Ababa", "ET", []),
    ("Sao Paulo", "BR", ["São Paulo"]), ("Bogota", "CO", ["Bogotá"]), ("Montreal", "CA", ["Montréal"]),
    ("Quebec", "CA", ["Québec", "Quebec City"]), ("Frankfurt am Main", "DE", ["Frankfurt"]),
    ("Florence", "IT", []), ("Venice", "IT", []), ("Naples", "IT", []), ("Turin", "IT", []),
    ("Milan", "IT", []), ("Genoa", "IT", []), ("Lisbon", "PT", []), ("Athens", "GR", []),
    ("Bucharest", "RO", []), ("Belgrade", "RS", []), ("Copenhagen", "DK", []), ("Moscow", "RU", []),
    ("Munich", "DE", ["München"]), ("Antwerpen", "BE", ["Antwerp"]), ("Gent", "BE", ["Ghent"]),
    ("Brugge", "BE", ["Bruges"]), ("Sevilla", "ES", ["Seville"]), ("Marrakesh", "MA", ["Marrakech"]),
    ("Fes", "MA", ["Fez"]), ("Algiers", "DZ", []), ("Tunis", "TN", []), ("Guangzhou", "CN", ["Canton"]),
    ("Xi'an", "CN", ["Xian"]), ("Chongqing", "CN", ["Chungking"]), ("Tianjin", "CN", ["Tientsin"]),
    ("Almaty", "KZ", ["Alma-Ata"]), ("Astana", "KZ", ["Nur-Sultan"]), ("Bishkek", "KG", ["Frunze"]),
    ("Chisinau", "MD", ["Chişinău", "Kishinev"]), ("Lviv", "UA", ["Lvov", "Lwow"]),
    ("Kharkiv", "UA", ["Kharkov"]), ("Odesa", "UA", ["Odessa"]), ("Mykolaiv", "UA", ["Nikolaev"]),
    ("Dnipro", "UA", ["Dnipropetrovsk", "Dnepropetrovsk"]), ("Volgograd", "RU", ["Stalingrad"]),
    ("Yekaterinburg", "RU", ["Ekaterinburg"]), ("Gdańsk", "PL", ["Gdansk", "Danzig"]),
    ("Kraków", "PL", ["Krakow", "Cracow"]), ("Wrocław", "PL", ["Wroclaw", "Breslau"]),
]

#: Organisations: (canonical, country or "", code, aliases). These win over Phoenix.
ORGANIZATIONS = [
    ("United Nations", "", "IGOUNO", ["UN", "U.N.", "United Nations Organization", "UNO"]),
    ("UN Security Council", "", "IGOUNO", ["Security Council", "United Nations Security Council", "U.N. Security Council", "UNSC"]),
    ("UN General Assembly", "", "IGOUNO", ["General Assembly", "United Nations General Assembly", "U.N. General Assembly"]),
    ("UN Human Rights Council", "", "IGOUNOHRI", ["Human Rights Council", "United Nations Human Rights Council"]),
    ("UNHCR", "", "IGOUNOREFHCR", ["UN Refugee Agency", "UN refugee agency", "United Nations High Commissioner for Refugees", "UN High Commissioner for Refugees", "UN High Commission for Refugees"]),
    ("UNICEF", "", "IGOUNOKID", ["Unicef", "United Nations Children's Fund", "UN Children's Fund"]),
    ("UNESCO", "", "IGOUNO", ["Unesco", "United Nations Educational, Scientific and Cultural Organization"]),
    ("UNRWA", "", "IGOUNOREF", ["Unrwa", "United Nations Relief and Works Agency"]),
    ("World Food Programme", "", "IGOUNOWFP", ["WFP", "World Food Program", "UN World Food Programme"]),
    ("World Health Organization", "", "IGOUNOHLHWHO", ["WHO", "World Health Organisation"]),
    ("International Atomic Energy Agency", "", "IGOUNOIAE", ["IAEA", "UN nuclear watchdog"]),
    ("International Court of Justice", "", "IGOUNOJUDICJ", ["ICJ", "World Court"]),
    ("International Criminal Court", "", "IGOJUD", ["ICC"]),
    ("NATO", "", "IGOWSTNAT", ["Nato", "N.A.T.O.", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "North Atlantic Alliance"]),
    ("European Union", "", "IGOEUREEC", ["EU", "E.U.", "European Community", "EEC", "European Economic Community", "Common Market"]),
    ("European Commission", "", "IGOEUREEC", ["EC", "Brussels Commission"]),
    ("European Parliament", "", "IGOEUREEC", ["Euro MPs"]),
    ("European Central Bank", "", "IGOEURBNK", ["ECB"]),
    ("Council of Europe", "", "IGOEUR", []),
    ("World Bank", "", "IGOUNODEVWBK", ["World Bank Group"]),
    ("International Monetary Fund", "", "IGOUNODEVIMF", ["IMF", "I.M.F."]),
    ("World Trade Organization", "", "IGOUNOWTO", ["WTO", "World Trade Organisation"]),
    ("OPEC", "", "IGOBUSOPC", ["Opec", "Organization of the Petroleum Exporting Countries", "Organisation of the Petroleum Exporting Countries", "Organization of Petroleum Exporting Countries"]),
    ("OECD", "", "IGOBUS", ["Organisation for Economic Co-operation and Development", "Organization for Economic Cooperation and Development"]),
    ("Arab League", "", "IGOARBALL", ["League of Arab States"]),
    ("African Union", "", "IGOAFRAU", ["AU", "Organisation of African Unity", "Organization of African Unity", "OAU"]),
    ("ASEAN", "", "IGOSEAASN", ["Asean", "Association of Southeast Asian Nations", "Association of South East Asian Nations"]),
    ("Gulf Cooperation Council", "", "IGOGCC", ["GCC", "Gulf Co-operation Council"]),
    ("Organisation of Islamic Cooperation", "", "IGOMUSOIC", ["OIC", "Organization of Islamic Cooperation", "Organisation of the Islamic Conference", "Organization of the Islamic Conference"]),
    ("OSCE", "", "IGOEUROSC", ["Organization for Security and Co-operation in Europe", "Organisation for Security and Co-operation in Europe"]),
    ("G7", "", "IGOWST", ["Group of Seven", "G-7"]), ("G8", "", "IGOWST", ["Group of Eight", "G-8"]),
    ("G20", "", "IGO", ["Group of 20", "G-20", "Group of Twenty"]),
    ("International Committee of the Red Cross", "", "NGOHLHIRC", ["ICRC", "Red Cross", "International Red Cross"]),
    ("Red Crescent", "", "NGOHLHIRC", ["Red Crescent Society", "Palestinian Red Crescent"]),
    ("Amnesty International", "", "NGOHRIAMN", ["Amnesty"]),
    ("Human Rights Watch", "", "NGOHRIHRW", ["HRW"]),
    ("Medecins Sans Frontieres", "", "NGOHLHMSF", ["MSF", "Médecins Sans Frontières", "Doctors Without Borders"]),
    ("Oxfam", "", "NGODEV", ["Oxfam International"]),
    ("Greenpeace", "", "NGOENV", []),
    ("Interpol", "", "IGOCOP", ["INTERPOL"]),
    ("Europol", "", "IGOCOP", []),
    ("Commonwealth", "", "IGO", ["Commonwealth of Nations"]),
    ("Global Coalition Against Daesh", "", "IGOMIL", ["Global Coalition to Defeat ISIS", "Global Coalition to Defeat Daesh", "anti-IS coalition", "anti-ISIS coalition"]),
    ("US Department of Defense", "US", "USAMIL", ["Pentagon", "Department of Defense", "Defense Department", "U.S. Department of Defense", "United States Department of Defense", "DoD", "US Defense Department", "U.S. Defense Department", "Department of War", "War Department"]),
    ("US military", "US", "USAMIL", ["U.S. military", "United States military", "US armed forces", "U.S. armed forces", "US forces", "U.S. forces", "American forces"]),
    ("US Army", "US", "USAMIL", ["U.S. Army", "United States Army"]),
    ("US Navy", "US", "USAMIL", ["U.S. Navy", "United States Navy"]),
    ("US Air Force", "US", "USAMIL", ["U.S. Air Force", "United States Air Force", "USAF"]),
    ("US Marine Corps", "US", "USAMIL", ["U.S. Marine Corps", "United States Marine Corps", "US Marines", "U.S. Marines"]),
    ("US Central Command", "US", "USAMIL", ["CENTCOM", "Centcom", "U.S. Central Command", "United States Central Command", "Central Command"]),
    ("Joint Chiefs of Staff", "US", "USAMIL", []),
    ("White House", "US", "USAGOV", []),
    ("US State Department", "US", "USAGOV", ["State Department", "U.S. State Department", "Department of State", "US Department of State", "U.S. Department of State", "United States Department of State"]),
    ("US Treasury", "US", "USAGOV", ["Treasury Department", "U.S. Treasury", "US Treasury Department", "U.S. Treasury Department", "Department of the Treasury", "US Department of the Treasury"]),
    ("US Department of Justice", "US", "USAGOVJUD", ["Justice Department", "Department of Justice", "U.S. Justice Department", "US Justice Department", "DOJ"]),
    ("US Department of Homeland Security", "US", "USAGOV", ["Department of Homeland Security", "Homeland Security Department", "DHS"]),
    ("US Congress", "US", "USAGOVLEG", ["Congress", "U.S. Congress", "United States Congress"]),
    ("US Senate", "US", "USAGOVLEG", ["U.S. Senate", "United States Senate"]),
    ("US House of Representatives", "US", "USAGOVLEG", ["House of Representatives", "U.S. House of Representatives"]),
    ("US Supreme Court", "US", "USAGOVJUD", ["U.S. Supreme Court", "Supreme Court of the United States", "SCOTUS"]),
    ("CIA", "US", "USASPY", ["Central Intelligence Agency", "C.I.A."]),
    ("NSA", "US", "USASPY", ["National Security Agency"]),
    ("FBI", "US", "USACOP", ["Federal Bureau of Investigation", "F.B.I."]),
    ("National Security Council", "US", "USAGOV", ["NSC"]),
    ("Federal Reserve", "US", "USAGOVBUS", ["US Federal Reserve", "U.S. Federal Reserve", "Federal Reserve Board", "Fed"]),
    ("USAID", "US", "USAGOVDEV", ["US Agency for International Development", "U.S. Agency for International Development", "United States Agency for International Development"]),
    ("NASA", "US", "USAGOV", ["Nasa", "National Aeronautics and Space Administration"]),
    ("Securities and Exchange Commission", "US", "USAGOVBUS", ["SEC", "US Securities and Exchange Commission"]),
    ("Environmental Protection Agency", "US", "USAGOVENV", ["EPA"]),
    ("UK Prime Minister's Office", "GB", "GBRGOV", ["Downing Street", "Number 10", "No 10", "Number Ten", "10 Downing Street"]),
    ("UK Ministry of Defence", "GB", "GBRMIL", ["MoD", "UK Ministry of Defence", "British Ministry of Defence"]),
    ("UK Foreign Office", "GB", "GBRGOV", ["Foreign Office", "Foreign and Commonwealth Office", "FCO", "Foreign, Commonwealth and Development Office", "FCDO"]),
    ("UK Home Office", "GB", "GBRGOV", ["Home Office"]),
    ("UK Treasury", "GB", "GBRGOV", ["HM Treasury"]),
    ("UK Parliament", "GB", "GBRGOVLEG", ["House of Commons", "Commons", "House of Lords", "Westminster"]),
    ("British Army", "GB", "GBRMIL", []), ("Royal Navy", "GB", "GBRMIL", []),
    ("Royal Air Force", "GB", "GBRMIL", ["RAF"]),
    ("MI5", "GB", "GBRSPY", ["Security Service"]), ("MI6", "GB", "GBRSPY", ["Secret Intelligence Service", "SIS"]),
    ("GCHQ", "GB", "GBRSPY", ["Government Communications Headquarters"]),
    ("Scotland Yard", "GB", "GBRCOP", ["Metropolitan Police", "Met Police", "Metropolitan Police Service"]),
    ("Bank of England", "GB", "GBRBUS", ["BoE"]),
    ("Moody's Investors Service", "", "MNC", ["Moody's"]),
    ("Standard & Poor's", "", "MNC", ["Standard and Poor's", "Standard and Poor's Corp", "Standard & Poor's Corp", "S&P"]),
    ("Kremlin", "RU", "RUSGOV", []),
    ("State Duma", "RU", "RUSGOVLEG", ["Duma"]),
    ("FSB", "RU", "RUSSPY", ["Federal Security Service"]),
    ("Knesset", "IL", "ISRGOVLEG", []),
    ("Israel Defense Forces", "IL", "ISRMIL", ["IDF", "Israeli Defence Forces", "Israel Defence Forces", "Israeli Defense Forces", "Israeli army", "Israeli military"]),
    ("Mossad", "IL", "ISRSPY", []), ("Shin Bet", "IL", "ISRSPY", ["Israel Security Agency"]),
    ("Islamic Revolutionary Guard Corps", "IR", "IRNMIL", ["IRGC", "Revolutionary Guards", "Revolutionary Guard", "Revolutionary Guard Corps", "Iranian Revolutionary Guard Corps", "Iran's Revolutionary Guards"]),
    ("Quds Force", "IR", "IRNMIL", ["Qods Force"]),
    ("Peshmerga", "IQ", "IRQMIL", ["Kurdish Peshmerga", "peshmerga"]),
    ("Kurdistan Regional Government", "IQ", "IRQGOV", ["KRG"]),
    ("Iraqi Security Forces", "IQ", "IRQMIL", ["ISF", "Iraqi security forces", "Iraqi army", "Iraqi Army"]),
    ("Popular Mobilization Forces", "IQ", "IRQMIL", ["PMF", "Popular Mobilisation Forces", "Popular Mobilization Units", "PMU", "Hashd al-Shaabi", "al-Hashd al-Shaabi"]),
    ("People's Liberation Army", "CN", "CHNMIL", ["PLA"]),
    ("Communist Party of China", "CN", "CHNGOV", ["Chinese Communist Party", "CCP", "CPC"]),
    ("National People's Congress", "CN", "CHNGOVLEG", ["NPC"]),
    ("Bundestag", "DE", "DEUGOVLEG", []), ("Bundesbank", "DE", "DEUBUS", []),
    ("Elysee Palace", "FR", "FRAGOV", ["Elysee", "Élysée", "Élysée Palace"]),
    ("Inter-Services Intelligence", "PK", "PAKSPY", ["ISI"]),
    ("Lok Sabha", "IN", "INDGOVLEG", []),
]

#: Armed non-state groups and parties: (canonical, country or "", code, aliases).
#: "IS" is deliberately absent: it is resolved in-article.
GROUPS = [
    ("Islamic State", "", "IMGMUSISI", ["ISIS", "ISIL", "Daesh", "Da'esh", "Daish", "Islamic State of Iraq and the Levant", "Islamic State of Iraq and Syria", "Islamic State of Iraq and al-Sham", "Islamic State of Iraq and Sham", "Islamic State group", "so-called Islamic State", "Islamic State in Iraq and Syria", "Islamic State in Iraq and the Levant"]),
    ("Islamic State of Iraq", "IQ", "IMGMUSISI", []),
    ("al-Qaeda in Iraq", "IQ", "IMGMUSISI", ["AQI", "al-Qaida in Iraq", "Al Qaeda in Iraq"]),
    ("al-Qaeda", "", "IMGMUSALQ", ["al-Qaida", "al Qaeda", "al Qaida", "Al-Qaeda", "Al Qaeda", "Al-Qaida", "Al Qaida", "Qaeda", "al-Qa'ida"]),
    ("al-Qaeda in the Arabian Peninsula", "YE", "IMGMUSALQ", ["AQAP", "al-Qaida in the Arabian Peninsula"]),
    ("al-Qaeda in the Islamic Maghreb", "", "IMGMUSALQ", ["AQIM", "al-Qaida in the Islamic Maghreb"]),
    ("Taliban", "AF", "AFGREBMUS", ["Afghan Taliban"]),
    ("Pakistani Taliban", "PK", "PAKREBMUS", ["Tehrik-i-Taliban Pakistan", "Tehreek-e-Taliban Pakistan", "TTP"]),
    ("Hamas", "PS", "PSEREBHMS", ["HAMAS", "Islamic Resistance Movement", "Harakat al-Muqawama al-Islamiya"]),
    ("Izz ad-Din al-Qassam Brigades", "PS", "PSEREBHMS", ["Qassam Brigades", "al-Qassam Brigades", "Ezzedine al-Qassam Brigades", "Izz al-Din al-Qassam Brigades"]),
    ("Palestinian Islamic Jihad", "PS", "PSEREBMUS", ["Islamic Jihad", "PIJ", "al-Quds Brigades", "Al-Quds Brigades"]),
    ("Fatah", "PS", "PSEPTY", ["Fateh"]),
    ("Palestine Liberation Organization", "PS", "PSEPTY", ["PLO", "Palestine Liberation Organisation"]),
    ("Hezbollah", "LB", "LBNREB", ["Hizbollah", "Hizbullah", "Hizballah", "Hezballah", "Hizb Allah", "Hizb'allah", "Party of God"]),
    ("Kataib Hezbollah", "IQ", "IRQREB", ["Kata'ib Hezbollah", "Kataeb Hezbollah", "Hezbollah Brigades"]),
    ("Asaib Ahl al-Haq", "IQ", "IRQREB", ["Asa'ib Ahl al-Haq", "League of the Righteous"]),
    ("Islamic Resistance in Iraq", "IQ", "IRQREB", []),
    ("Houthis", "YE", "YEMREB", ["Houthi", "Houthi rebels", "Huthis", "Huthi", "Ansar Allah", "Ansarallah"]),
    ("Kurdistan Workers' Party", "TR", "TURREB", ["PKK", "Kurdistan Workers Party", "Partiya Karkeren Kurdistan"]),
    ("People's Protection Units", "SY", "SYRREB", ["YPG"]),
    ("Syrian Democratic Forces", "SY", "SYRREB", ["SDF"]),
    ("Free Syrian Army", "SY", "SYRREB", []),
    ("Hayat Tahrir al-Sham", "SY", "SYRREBMUS", ["HTS", "Hayat Tahrir al-Sham", "Tahrir al-Sham"]),
    ("Nusra Front", "SY", "SYRREBMUS", ["al-Nusra Front", "Jabhat al-Nusra", "Jabhat al-Nusra", "al-Nusra", "Jabhat Fateh al-Sham"]),
    ("Boko Haram", "NG", "NGAREBMUS", []),
    ("al-Shabab", "SO", "SOMREBMUS", ["al-Shabaab", "Al-Shabab", "Al-Shabaab", "Shabab", "al Shabaab"]),
    ("Lashkar-e-Taiba", "PK", "PAKREBMUS", ["LeT", "Lashkar-e-Toiba", "Lashkar-i-Taiba"]),
    ("Jaish-e-Mohammed", "PK", "PAKREBMUS", ["JeM", "Jaish-e-Muhammad"]),
    ("Irish Republican Army", "GB", "GBRREB", ["IRA", "Provisional IRA", "Real IRA"]),
    ("ETA", "ES", "ESPREB", ["Euskadi Ta Askatasuna"]),
    ("FARC", "CO", "COLREB", ["Revolutionary Armed Forces of Colombia"]),
    ("Wagner Group", "RU", "RUSMIL", ["Wagner"]),
    ("Muslim Brotherhood", "EG", "EGYOPPMUS", []),
    ("Janjaweed", "SD", "SDNREB", []),
    ("Rapid Support Forces", "SD", "SDNMIL", ["RSF"]),
    ("Haqqani network", "AF", "AFGREBMUS", ["Haqqani Network"]),
    ("Lord's Resistance Army", "UG", "UGAREB", ["LRA"]),
    ("Tamil Tigers", "LK", "LKAREB", ["LTTE", "Liberation Tigers of Tamil Eelam"]),
    ("Shining Path", "PE", "PERREB", ["Sendero Luminoso"]),
    ("Abu Sayyaf", "PH", "PHLREBMUS", []),
    ("Islamic State Khorasan Province", "AF", "IMGMUSISI", ["ISIS-K", "ISKP", "IS-K", "Islamic State Khorasan"]),
    ("Mahdi Army", "IQ", "IRQREB", ["Jaish al-Mahdi"]),
]

#: Titles and roles added by hand (lower-case unless the capital matters).
TITLES_EXTRA = [
    "president", "vice president", "vice-president", "prime minister", "deputy prime minister",
    "minister", "foreign minister", "defence minister", "defense minister", "interior minister",
    "finance minister", "oil minister", "secretary of defense", "secretary of defence",
    "defense secretary", "defence secretary", "secretary of state", "foreign secretary",
    "home secretary", "secretary-general", "secretary general", "general secretary",
    "chancellor", "king", "queen", "prince", "crown prince", "emir", "sheikh", "sultan",
    "ayatollah", "supreme leader", "spokesman", "spokeswoman", "spokesperson", "press secretary",
    "ambassador", "envoy", "special envoy", "senator", "congressman", "congresswoman",
    "governor", "mayor", "commander", "chief of staff", "army chief", "General", "Lieutenant General",
    "Major General", "Brigadier General", "Brig. Gen.", "Maj. Gen.", "Lt. Gen.", "Gen.", "Admiral",
    "Rear Admiral", "Vice Admiral", "Colonel", "Lieutenant Colonel", "Col.", "Lt. Col.",
    "Captain", "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Major", "Maj.",
    "chairman", "chairwoman", "chair", "chief executive", "CEO", "director", "director general",
    "director-general", "leader", "opposition leader", "party leader", "official",
    "senior official", "adviser", "advisor", "national security adviser", "national security advisor",
    "attorney general", "prosecutor", "judge", "MP", "lawmaker", "legislator", "diplomat",
    "commissioner", "high commissioner", "president-elect", "premier", "deputy", "undersecretary",
    "under secretary", "assistant secretary", "deputy secretary", "chief", "Pope", "cleric",
    "imam", "rabbi", "archbishop", "bishop", "analyst", "economist", "trade representative",
    "representative", "secretary",
]

#: Agent words that are institutions or generic nouns rather than roles.
TITLE_HEADS = {
    "minister", "secretary", "president", "general", "spokesman", "spokeswoman", "spokesperson",
    "official", "ambassador", "envoy", "diplomat", "chief", "commander", "officer", "judge",
    "lawmaker", "senator", "governor", "mayor", "chancellor", "king", "queen", "prince", "princess",
    "adviser", "advisor", "aide", "leader", "chairman", "chairwoman", "director", "attorney",
    "prosecutor", "premier", "emir", "sheikh", "sultan", "admiral", "colonel", "captain",
    "lieutenant", "sergeant", "major", "marshal", "commissioner", "representative", "legislator",
    "deputy", "parliamentarian", "mp", "congressman", "congresswoman", "head", "monarch", "ruler",
    "dictator", "ayatollah", "consul", "attache", "negotiator", "mediator", "inspector",
    "auditor", "comptroller", "treasurer", "magistrate", "justice", "policeman", "policewoman",
    "councillor", "councilor", "delegate", "cleric", "imam", "bishop", "archbishop", "pope",
    "cardinal", "rabbi", "mullah", "general-secretary", "secretary-general", "undersecretary",
    "governor-general", "viceroy", "regent", "tsar", "czar", "shah",
}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

def fold(s: str) -> str:
    """Returns `s` without diacritics (NFKD, combining marks dropped)."""
    nk = unicodedata.normalize("NFKD", s)
    return "".join(c for c in nk if not unicodedata.combining(c))


def key(s: str) -> str:
    """Returns the comparison key of a name: folded, lower-case, single spaces, no dots."""
    s = fold(s).lower().replace("_", " ").replace(".", "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", s).strip()


def clean_surface(s: str) -> str:
    """Returns `s` with whitespace normalised; empty if it is unusable as a surface form."""
    s = re.sub(r"\s+", " ", s.replace("\t", " ")).strip()
    if "|" in s or not s:
        return ""
    return s


ABBREVIATIONS = {"LTD", "INC", "CORP", "CO", "PLC", "ST", "MR", "DR", "JR", "SR", "MT", "FT"}


def is_acronym(tok: str, alone: bool) -> bool:
    """Tells whether a Phoenix ALL-CAPS token reads as an acronym (kept upper-case).

    `alone` says the token is the whole name: a lone short token is an acronym ("NATO",
    "IAEA"); inside a longer name only tokens without a vowel are ("ABC News").
    """
    letters = re.sub(r"[^A-Za-z]", "", tok)
    if not letters or letters.upper() in ABBREVIATIONS:
        return False
    if "." in tok.strip("."):
        return True
    vowels = sum(1 for c in letters.upper() if c in "AEIOU")
    if vowels == 0 and letters.upper() != "Y":
        return True
    if alone:
        return len(letters) <= 4 or (len(letters) <= 6 and vowels <= 1)
    return False


def natural_case(phoenix: str, first: bool = True) -> str:
    """Converts a Phoenix ALL_CAPS_UNDERSCORED name to natural English case.

    "ISLAMIC_STATE_OF_IRAQ_AND_THE_LEVANT_" -> "Islamic State of Iraq and the Levant",
    "AL-QASSAM_BRIGADES" -> "al-Qassam Brigades", "UNHCR" -> "UNHCR".
    """
    name = phoenix.strip().strip("_").replace("_", " ")
    name = re.sub(r"\s+", " ", name).strip()
    words = name.split(" ")
    out = []
    for i, w in enumerate(words):
        parts = w.split("-")
        conv = []
        for j, p in enumerate(parts):
            low = p.lower()
            at_start = i == 0 and j == 0
            if low in FUNCTION_WORDS and (not at_start or low == "al" and len(parts) > 1):
                conv.append(low)
            elif is_acronym(p, len(words) == 1 and len(parts) == 1) and low not in FUNCTION_WORDS:
                conv.append(p.upper())
            else:
                # Capitalise the first letter; keep apostrophes (PEOPLE'S -> People's).
                conv.append(low[:1].upper() + low[1:] if low else low)
        out.append("-".join(conv))
    s = " ".join(out)
    # "Mc" and "O'" names.
    s = re.sub(r"\bMc([a-z])", lambda m: "Mc" + m.group(1).upper(), s)
    s = re.sub(r"\bO'([a-z])", lambda m: "O'" + m.group(1).upper(), s)
    return s


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --------------------------------------------------------------------------------------------
# Phoenix
# --------------------------------------------------------------------------------------------

class Block:
    """One Phoenix actor: a canonical name, its synonyms and its codes."""

    __slots__ = ("name", "syn", "codes")

    def __init__(self, name):
        self.name = name
        self.syn = []
        self.codes = []

    @property
    def dated(self):
        return any(re.search(r"\d", c) for c in self.codes) or any(
            c.strip().endswith("ELI") or c.strip() == "ELI" for c in self.codes)

    @property
    def code(self):
        return self.codes[0].split()[0] if self.codes and self.codes[0].split() else ""


def parse_phoenix(path):
    """Parses a Phoenix .actors file into blocks (canonical line, `+` synonyms, `[CODES]`)."""
    blocks = []
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            s = line.split("#", 1)[0].rstrip()
            if not s.strip():
                continue
            codes = re.findall(r"\[([^\]]*)\]", s)
            body = re.sub(r"\[[^\]]*\]", "", s)
            if not s.startswith("+") and s[0] not in " \t":
                body = body.split("\t", 1)[0]  # MNC lines carry "sector $revenue" after a tab
            if s.startswith("+"):
                if cur is not None:
                    for part in body[1:].split("+"):
                        part = part.strip()
                        if part:
                            cur.syn.append(part)
                    cur.codes += codes
            elif s[0] in " \t" or s.startswith("["):
                if cur is not None:
                    cur.codes += codes
            else:
                name = body.strip()
                if not name:
                    continue
                cur = Block(name)
                cur.codes += codes
                blocks.append(cur)
    return blocks


def phoenix_person_tokens(blocks):
    """Returns (first tokens, single-token surnames) of the people in Phoenix: dated blocks."""
    first, last = set(), set()
    for b in blocks:
        if not b.dated:
            continue
        for n in [b.name] + b.syn:
            toks = [t for t in n.strip("_").split("_") if t]
            if len(toks) >= 2:
                first.add(toks[0].upper())
                last.add(toks[-1].upper())
    return first, last


ORG_WORDS = {
    "ARMY", "FRONT", "PARTY", "MOVEMENT", "ORGANIZATION", "ORGANISATION", "BRIGADE", "BRIGADES",
    "GROUP", "FORCE", "FORCES", "UNION", "COUNCIL", "COMMITTEE", "LEAGUE", "ASSOCIATION", "BANK",
    "FUND", "AGENCY", "COMMISSION", "INSTITUTE", "FOUNDATION", "NETWORK", "ALLIANCE", "CORPS",
    "MILITIA", "BATTALION", "BATTALIONS", "CELL", "CELLS", "NUCLEI", "COMMAND", "GUARD", "GUARDS",
    "COMPANY", "CORPORATION", "INC", "LTD", "CORP", "NATIONS", "COURT", "OFFICE", "MINISTRY",
    "DEPARTMENT", "SOCIETY", "CENTER", "CENTRE", "PROGRAMME", "PROGRAM", "FEDERATION", "JIHAD",
    "TRUST", "ACTION", "WATCH", "INTERNATIONAL", "HOLDINGS", "RESOURCES", "INDUSTRIES", "SERVICE",
    "SERVICES", "BOARD", "AUTHORITY", "ASSEMBLY", "CONGRESS", "PARLIAMENT", "TRIBUNAL", "MISSION",
}


def block_names(block, first, last):
    """Returns the names of a Phoenix block that are not people's names.

    Besides the global test, the surnames of the people listed in the block itself are
    dropped when they stand alone ("SHEIKH_HASSAN_NASRALLAH" drops "NASRALLAH").
    """
    names = [block.name] + block.syn
    local = set()
    for n in names:
        toks = [t for t in re.split(r"[_ ]", n.strip("_").upper()) if t]
        if len(toks) >= 2 and looks_like_person(n, first, last):
            local.add(toks[-1])
            local.add(toks[-1].replace("AL-", "").replace("AL_", ""))
    out = []
    for n in names:
        toks = [t for t in re.split(r"[_ ]", n.strip("_").upper()) if t]
        if looks_like_person(n, first, last):
            continue
        if len(toks) == 1 and (toks[0] in local or toks[0].replace("AL-", "") in local):
            continue
        if "$" in n:
            continue
        out.append(n)
    return out


def looks_like_person(name, first, last):
    """Tells whether a Phoenix synonym is a person's name rather than an organisation's."""
    toks = [t for t in re.split(r"[_ ]", name.strip("_").upper()) if t]
    if not toks:
        return True
    if any(t.strip("().,") in ORG_WORDS for t in toks):
        return False
    if toks[0] in {"MR", "MR.", "MRS", "MS", "DR", "DR.", "SHEIKH", "SHEIK", "SAYYID", "SAYYED",
                   "SEYYED", "ABU", "GENERAL", "PRESIDENT", "KING", "PRINCE", "SIR", "LORD"}:
        return True
    if len(toks) == 1:
        return toks[0] in last
    return toks[0] in first or toks[-1] in last


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------

class Table:
    """Entries of one kind keyed by (canonical, country), with their aliases."""

    def __init__(self):
        self.rows = {}

    def add(self, canonical, country="", population=0, code="", aliases=()):
        canonical = clean_surface(canonical)
        if not canonical:
            return None
        k = (canonical, country)
        row = self.rows.get(k)
        if row is None:
            row = {"canonical": canonical, "country": country, "population": population,
                   "code": code, "aliases": set()}
            self.rows[k] = row
        else:
            row["population"] = max(row["population"], population)
            if not row["code"]:
                row["code"] = code
        for a in aliases:
            a = clean_surface(a)
            if a and a != canonical:
                row["aliases"].add(a)
        return row

    def surfaces(self):
        out = set()
        for row in self.rows.values():
            out.add(row["canonical"])
            out |= row["aliases"]
        return out

    def remove_aliases(self, surfaces, keep_rows):
        """Drops `surfaces` from every row not in `keep_rows` (rows won by curated tables)."""
        for k, row in self.rows.items():
            if k in keep_rows:
                continue
            row["aliases"] -= surfaces

    def write(self, path, header):
        lines = []
        for row in self.rows.values():
            aliases = sorted(row["aliases"])
            lines.append("\t".join([row["canonical"], row["country"], str(row["population"]),
                                    row["code"], "|".join(aliases)]))
        lines.sort(key=lambda l: (l.lower(), l))
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for h in header:
                f.write("# " + h + "\n")
            f.write("# canonical\tcountry\tpopulation\tcode\taliases\n")
            for l in lines:
                f.write(l + "\n")
        return len(lines)


def plural(demonym):
    """Returns the regular plural of a demonym noun, or None where there is none."""
    if demonym.endswith(("ese", "ss", "sh", "ch", "s", "x", "z")) or " " in demonym and \
            demonym.split(" ")[-1].endswith(("ese", "sh", "ch")):
        return None
    if demonym.endswith("man"):
        return demonym[:-3] + "men"
    return demonym + "s"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--shared", default="../shared", help="folder holding gazetteers/")
    ap.add_argument("--out", default="src/extract/data/gazetteers", help="output folder")
    args = ap.parse_args(argv)
    g = os.path.join(args.shared, "gazetteers")
    os.makedirs(args.out, exist_ok=True)

    geo_countries = load_json(os.path.join(g, "geonames", "countries.json"))
    cities_raw = load_json(os.path.join(g, "geonames", "cities15000.json"))
    us_states = load_json(os.path.join(g, "geonames", "us_states.json"))
    continents = load_json(os.path.join(g, "geonames", "continents.json"))
    i18n = load_json(os.path.join(g, "i18n-iso-countries", "en.json"))["countries"]
    cinfo = {}
    cdir = os.path.join(g, "countryinfo", "data")
    for fn in sorted(os.listdir(cdir)):
        if fn.endswith(".json"):
            d = load_json(os.path.join(cdir, fn))
            iso = (d.get("ISO") or {}).get("alpha2")
            if iso:
                cinfo[iso] = d
    nationalities = []
    with open(os.path.join(g, "geotext", "nationalities.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and ":" in line:
                n, c = line.rsplit(":", 1)
                nationalities.append((n.strip(), c.strip().upper()))

    iso3_to_2 = {v["iso3"]: k for k, v in geo_countries.items() if v.get("iso3")}
    iso3_to_2.update({"ROM": "RO", "ZAR": "CD", "TMP": "TL", "KSV": "XK", "KOS": "XK",
                      "PSE": "PS", "SUN": "SU", "YUG": "YU", "CSK": "CS", "DDR": "DD"})

    countries = Table()
    demonyms = Table()
    cities = Table()
    regions = Table()
    areas = Table()
    orgs = Table()
    groups = Table()
    titles = Table()

    ph = os.path.join(g, "phoenix")
    ph_countries = parse_phoenix(os.path.join(ph, "Phoenix.Countries.actors.txt"))
    ph_intl = parse_phoenix(os.path.join(ph, "Phoenix.International.actors.txt"))
    ph_mil = parse_phoenix(os.path.join(ph, "Phoenix.MilNonState.actors.txt"))
    first, last = phoenix_person_tokens(ph_countries + ph_intl + ph_mil)

    # ---- countries ----------------------------------------------------------------------
    skip_countries = {"CS", "AN"}  # GeoNames' "Serbia and Montenegro", "Netherlands Antilles"
    country_key = {}  # alias key -> iso2
    for iso, v in sorted(geo_countries.items()):
        if iso in skip_countries:
            continue
        canonical = COUNTRY_CANONICAL.get(iso, v["name"].strip())
        if canonical.startswith("The "):
            canonical = canonical[4:]
        al = {v["name"].strip()}
        names = i18n.get(iso)
        if isinstance(names, str):
            names = [names]
        for n in names or []:
            if "," in n or "(" in n:
                continue
            al.add(n)
        ci = cinfo.get(iso)
        if ci:
            al.add(ci["name"])
            for a in ci.get("altSpellings", []):
                if len(re.sub(r"[^A-Za-z]", "", a)) <= 3:
                    continue  # codes (IQ, IRQ): lookup_country handles those
                if not all(ord(c) < 0x250 for c in a):
                    continue
                al.add(a)
        al |= set(COUNTRY_ALIASES.get(iso, []))
        al = {fold(a) if a != fold(a) and fold(a) not in al else a for a in al} | al
        al = {a for a in al if iso not in COUNTRY_ALIAS_DENY.get(a, set())}
        al = {a[4:] if a.startswith("The ") and a != "The Gambia" and a != "The Bahamas" else a
              for a in al}
        countries.add(canonical, iso, 0, v.get("iso3", ""), al)
        for a in al | {canonical}:
            country_key.setdefault(key(a), iso)
    for canonical, iso, al in HISTORIC_COUNTRIES:
        countries.add(canonical, iso, 0, "historic", al)
        for a in al + [canonical]:
            country_key.setdefault(key(a), iso)

    # ---- demonyms -----------------------------------------------------------------------
    dem = defaultdict(set)  # surface -> countries
    for iso, ci in cinfo.items():
        d = (ci.get("demonym") or "").strip()
        if d and iso not in skip_countries:
            dem[d].add(iso)
    for n, iso in nationalities:
        if iso in geo_countries:
            dem[" ".join(w[:1].upper() + w[1:] for w in n.split(" "))].add(iso)
    # Hand-curated demonyms override the derived ones.
    hand = defaultdict(set)
    for surface, iso in DEMONYMS_EXTRA:
        hand[surface].add(iso)
    for surface, isos in hand.items():
        dem[surface] = isos
    for surface in sorted(dem):
        if surface in DEMONYM_DENY or not surface or "," in surface:
            continue
        for iso in sorted(dem[surface]):
            forms = {surface}
            p = plural(surface)
            if p:
                forms.add(p)
            demonyms.add(surface, iso, 0, "", forms)
    demonym_keys = {key(s) for s in demonyms.surfaces()}

    # ---- cities -------------------------------------------------------------------------
    capitals = {}
    for iso, v in geo_countries.items():
        if v.get("capital"):
            capitals[(v["capital"].strip(), iso)] = True
    city_by_key = defaultdict(list)  # (country, key) -> rows
    city_rows = {}
    kept = 0
    for gid, c in sorted(cities_raw.items(), key=lambda kv: int(kv[0])):
        iso = c["countrycode"]
        name = c["name"].strip()
        pop = int(c.get("population") or 0)
        is_cap = (name, iso) in capitals
        if pop < CITY_MIN_POPULATION and not is_cap:
            continue
        if not name:
            continue
        if not plain_name(name, first, last, pop if not is_cap else 10 ** 9):
            continue
        if name in CITY_DENY or f"{name}/{iso}" in CITY_DENY:
            continue
        al = set()
        if fold(name) != name and (pop >= 100000 or is_cap) and \
                plain_name(fold(name), first, last, pop):
            al.add(fold(name))
        m = re.match(r"^(Saint|St\.|St) (.+)$", name)
        if m:
            al |= {f"{v} {m.group(2)}" for v in ("Saint", "St.", "St")} - {name}
        row = cities.add(name, iso, pop, str(c["geonameid"]), al)
        if row is None:
            continue
        kept += 1
        city_rows[c["geonameid"]] = row
        for a in [name, fold(name)] + list(c.get("alternatenames") or []):
            city_by_key[(iso, key(a))].append(row)
        # Arabic article: "Al Fallujah" is written "Fallujah" in English news.
        m = re.match(r"^(?:Al|Ar|As|An|Ad|At|Az|Ash|Adh|El|Ad-|Al-)[ -](.{4,})$", fold(name))
        if m and key(m.group(1)) not in COMMON_WORDS and key(m.group(1)) not in country_key:
            row["aliases"].add(m.group(1))
            city_by_key[(iso, key(m.group(1)))].append(row)

    for canonical, iso, al in CITY_ALIASES:
        row = cities.rows.get((canonical, iso))
        if row is None and city_by_key.get((iso, key(canonical))):
            row = max(city_by_key[(iso, key(canonical))], key=lambda r: r["population"])
            al = list(al) + ([canonical] if canonical != row["canonical"] else [])
            row["aliases"] |= set(al)
        elif row is None:
            row = cities.add(canonical, iso, 0, "", al)
        else:
            row["aliases"] |= set(al)
        for a in al:
            city_by_key[(iso, key(a))].append(row)

    # ---- regions ------------------------------------------------------------------------
    region_by_key = defaultdict(list)
    for code, v in sorted(us_states.items()):
        row = regions.add(v["name"], "US", 0, "US-" + code, [])
        region_by_key[("US", key(v["name"]))].append(row)
    # A province named like a hand-curated area gives way to it: "the Gulf" is the Persian Gulf,
    # not Papua New Guinea's Gulf Province.
    area_keys = {key(n) for canonical, al in AREAS for n in [canonical] + al}
    for iso, ci in sorted(cinfo.items()):
        if iso in skip_countries:
            continue
        for p in ci.get("provinces", []) or []:
            p = p.strip()
            if not p or len(p) < 3 or not plain_name(p, first, last, 0):
                continue
            if key(p) in area_keys:
                continue
            al = set()
            if fold(p) != p:
                al.add(fold(p))
            row = regions.add(p, iso, 0, "", al)
            region_by_key[(iso, key(p))].append(row)
            stripped = re.sub(r"^(Al|Ad|An|Ar|As|At|Az) ", "", p)
            if stripped != p and len(stripped) > 3:
                row["aliases"].add(stripped)
                region_by_key[(iso, key(stripped))].append(row)
    for canonical, iso, al in REGIONS_EXTRA:
        row = regions.add(canonical, iso, 0, "", al)
        for a in al + [canonical]:
            region_by_key[(iso, key(a))].append(row)

    # ---- areas --------------------------------------------------------------------------
    for code, v in sorted(continents.items()):
        en = [a["name"] for a in v.get("alternateNames", []) if a.get("lang") == "en"]
        if code == "AN":
            continue  # Antarctica is the country AQ
        areas.add(v["asciiName"], "", 0, "continent-" + code, en)
    for canonical, al in AREAS:
        areas.add(canonical, "", 0, "", al)

    # ---- Phoenix ------------------------------------------------------------------------

    stats = defaultdict(int)
    for b in ph_countries:
        iso = country_key.get(key(natural_case(b.name)))
        code3 = b.code[:3]
        if iso is not None and (not b.codes or iso3_to_2.get(code3) == iso or
                                iso3_to_2.get(code3) is None or len(b.code) > 3):
            # A country block: sort its synonyms into cities, regions, demonyms and names.
            for s in b.syn:
                if "(" in s or "," in s or s.startswith("THE_") and len(s) > 25:
                    continue
                nat = natural_case(s)
                k = key(nat)
                if not k or len(k) < 3:
                    continue
                if k in country_key:
                    stats["country-known"] += 1
                    continue
                if k in demonym_keys:
                    stats["demonym-known"] += 1
                    continue
                if (iso, k) in city_by_key:
                    rows = city_by_key[(iso, k)]
                    best = max(rows, key=lambda r: r["population"])
                    if key(best["canonical"]) != k:
                        best["aliases"].add(nat)
                    stats["city"] += 1
                    continue
                if (iso, k) in region_by_key:
                    stats["region"] += 1
                    continue
                if re.fullmatch(r"[A-Z]+(AN|IAN|I|ESE|ISH)", s.strip("_")) and \
                        s.strip("_")[:4] == b.name.strip("_")[:4]:
                    demonyms.add(nat, iso, 0, "phoenix", [])
                    stats["demonym"] += 1
                    continue
                best_ratio = max(difflib.SequenceMatcher(None, k, key(a)).ratio()
                                 for a in [natural_case(b.name)])
                if best_ratio >= 0.6:
                    stats["country-misspelling"] += 1
                    continue  # misspellings of the country name do not pay
                if len(k.split()) > 4 or k.endswith(" state") and iso == "US":
                    stats["nickname"] += 1
                    continue
                if k in {"jersey", "dakota", "georgia", "washington"} or key(nat) in COMMON_WORDS:
                    continue
                if not re.fullmatch(r"[A-Za-z][A-Za-z' .-]*[A-Za-z.]", nat) or nat.isupper() or \
                        any(w.isupper() and len(w) > 1 for w in nat.split()):
                    stats["region-skipped"] += 1
                    continue  # foreign scripts, digits, codes
                if not plain_name(nat, first, last, 0):
                    continue
                regions.add(nat, iso, 0, "phoenix", [])
                stats["region-phoenix"] += 1
        elif b.codes and not b.dated and len(b.code) > 3 and b.code[:3] in iso3_to_2:
            # A national institution (government, military, intelligence...).
            iso = iso3_to_2[b.code[:3]]
            role = b.code[3:]
            if not re.match(r"(GOV|MIL|SPY|COP|LEG|JUD)", role):
                if re.match(r"(REB|OPP|PTY|IMG)", role) and not looks_like_person(b.name, first, last):
                    names = block_names(b, first, last)
                    groups.add(natural_case(b.name), iso, 0, b.code, [natural_case(n) for n in names])
                continue
            if looks_like_person(b.name, first, last) and not any(
                    t in ORG_WORDS for t in b.name.upper().split("_")):
                continue
            names = block_names(b, first, last)
            orgs.add(natural_case(b.name), iso, 0, b.code, [natural_case(n) for n in names])
            stats["institution"] += 1
    for b in ph_intl:
        if b.dated or not b.codes:
            continue
        code = b.code
        if not re.match(r"(IGO|NGO|MNC)", code):
            continue
        names = block_names(b, first, last)
        if not names or looks_like_person(b.name, first, last):
            continue
        if code.startswith("MNC") and re.search(r"(FUND|TRUST|BANCORP|PORTFOLIO|INCOME)", b.name):
            continue  # closed-end funds and trusts: never in news
        nat = [natural_case(n) for n in names]
        nat = [n for n in nat if key(n) not in COMMON_WORDS and len(key(n)) >= 2]
        if not nat:
            continue
        orgs.add(nat[0], "", 0, code, nat)
        stats["international"] += 1
    for b in ph_mil:
        if b.dated:
            continue
        code = b.code
        iso = iso3_to_2.get(code[:3], "") if code else ""
        names = block_names(b, first, last)
        if not names or looks_like_person(b.name, first, last):
            continue
        nat = []
        for n in names:
            n2 = re.sub(r"_?\([A-Z-]+\)_?$", "", n.strip()).strip("_")
            nat.append(natural_case(n2))
            m = re.search(r"\(([A-Z]{3,})\)", n)
            if m:
                nat.append(m.group(1))
        nat = [n for n in nat if key(n) not in COMMON_WORDS and len(key(n)) >= 2 and n != "IS"]
        if not nat:
            continue
        groups.add(nat[0], iso, 0, code or "", nat)
        stats["milnonstate"] += 1

    # ---- curated organisations and groups win -------------------------------------------
    for table, curated in ((orgs, ORGANIZATIONS), (groups, GROUPS)):
        claimed = set()
        for canonical, iso, code, al in curated:
            claimed |= {key(canonical)} | {key(a) for a in al}
        # Phoenix rows named like a curated entry are replaced by it; other rows lose the
        # aliases that a curated entry claims.
        for k2, row in list(table.rows.items()):
            if key(row["canonical"]) in claimed:
                del table.rows[k2]
            else:
                row["aliases"] = {a for a in row["aliases"] if key(a) not in claimed}
        for canonical, iso, code, al in curated:
            table.add(canonical, iso, 0, code, al)
    # Groups and organisations must not carry place names or demonyms as aliases.
    place_keys = set(country_key) | demonym_keys
    curated_names = {c for c, _, _, _ in ORGANIZATIONS + GROUPS}
    for table in (orgs, groups):
        for k2, row in list(table.rows.items()):
            curated = row["canonical"] in curated_names
            row["aliases"] = {a for a in row["aliases"] if key(a) not in place_keys and a != "IS"
                              and (curated or " " in a or key(a) not in COMMON_WORDS)}
            if row["canonical"] not in curated_names and key(row["canonical"]) in COMMON_WORDS:
                del table.rows[k2]

    # ---- titles -------------------------------------------------------------------------
    macros = {}
    agent_path = os.path.join(ph, "Phoenix.agents.txt")
    with open(agent_path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            m = re.match(r"^(![A-Z]+!)\s*=\s*(.*)$", line.strip())
            if m:
                macros[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
                continue
            m = re.match(r"^([A-Z][A-Z0-9_'!.\-]*)\s*(\{[^}]*\})?\s*\[~([A-Z]*)\]", line.strip())
            if not m:
                continue
            word, code = m.group(1), m.group(3)
            if not re.match(r"(GOV|MIL|JUD|LEG|COP|SPY|ELI|OPP|REB|MED|IGO)", code):
                continue
            forms = [word]
            for mac, exp in macros.items():
                if mac in word:
                    forms = [word.replace(mac, e) for e in exp]
                    forms = [f for f in forms if not re.search(r"(MEN|WOMEN|PERSONS|MINISTERS|MINISTRIES|MINISTRY)$", f)]
            for fm in forms:
                fm = fm.strip("_")
                if fm.endswith("MINIST"):
                    fm += "ER"
                head = fm.split("_")[-1].lower()
                if fm == "HEAD" or head not in TITLE_HEADS and not head.startswith("spokes"):
                    continue
                t = fm.replace("_", " ").lower()
                titles.add(t, "", 0, code, [])
    for t in TITLES_EXTRA:
        if t.endswith(" for"):
            continue
        titles.add(t, "", 0, "", [])
    capitalised = {t for t in TITLES_EXTRA if t[:1].isupper()}
    for k2 in list(titles.rows):
        c = titles.rows[k2]["canonical"]
        if c[:1].islower() and (c[:1].upper() + c[1:] in capitalised or
                                " ".join(w[:1].upper() + w[1:] for w in c.split()) in capitalised):
            del titles.rows[k2]
    # British/American spelling twins.
    for row in list(titles.rows.values()):
        c = row["canonical"]
        for a, b in (("defense", "defence"), ("labor", "labour"), ("adviser", "advisor")):
            if a in c:
                row["aliases"].add(c.replace(a, b))
            elif b in c:
                row["aliases"].add(c.replace(b, a))
    for table in (orgs, groups):
        for row in table.rows.values():
            extra = set()
            for a in row["aliases"] | {row["canonical"]}:
                for x, y in (("Organization", "Organisation"), ("Defense", "Defence"), ("Labor", "Labour"),
                             ("Center", "Centre")):
                    if x in a:
                        extra.add(a.replace(x, y))
            row["aliases"] |= {e for e in extra if e != row["canonical"]}

    # ---- write --------------------------------------------------------------------------
    src = "generated by src/extract/data/build_gazetteers.py; do not edit by hand"
    counts = {}
    counts["countries"] = countries.write(os.path.join(args.out, "countries.tsv"), [
        "Countries. Sources: GeoNames (CC BY 4.0), i18n-iso-countries (MIT), countryinfo (MIT), "
        "Phoenix (MIT).", src])
    counts["demonyms"] = demonyms.write(os.path.join(args.out, "demonyms.tsv"), [
        "Demonyms and nationality nouns; empty country = a people without one state. Sources: "
        "geotext (MIT), countryinfo (MIT), Phoenix (MIT), hand-curated.", src])
    counts["cities"] = cities.write(os.path.join(args.out, "cities.tsv"), [
        "Cities of %d+ people and capitals. Sources: GeoNames cities15000 (CC BY 4.0), Phoenix "
        "(MIT) spellings, hand-curated exonyms." % CITY_MIN_POPULATION, src])
    counts["regions"] = regions.write(os.path.join(args.out, "regions.tsv"), [
        "Regions: US states, provinces, places named in Phoenix country entries. Sources: "
        "GeoNames (CC BY 4.0), countryinfo (MIT), Phoenix (MIT), hand-curated.", src])
    counts["areas"] = areas.write(os.path.join(args.out, "areas.tsv"), [
        "Areas: continents and supranational regions, no country. Sources: GeoNames (CC BY 4.0),"
        " hand-curated.", src])
    counts["organizations"] = orgs.write(os.path.join(args.out, "organizations.tsv"), [
        "Organisations: international, NGOs, companies, national institutions. Sources: Phoenix "
        "International and Countries (MIT), hand-curated.", src])
    counts["groups"] = groups.write(os.path.join(args.out, "groups.tsv"), [
        "Armed non-state groups and parties. Sources: Phoenix MilNonState (MIT), hand-curated.",
        src])
    counts["titles"] = titles.write(os.path.join(args.out, "titles.tsv"), [
        "Titles and roles. Sources: Phoenix agents (MIT), hand-curated.", src])
    for k, v in counts.items():
        print(f"{k:14} {v:6d} entries", file=sys.stderr)
    for k, v in sorted(stats.items()):
        print(f"  phoenix {k:22} {v:6d}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
