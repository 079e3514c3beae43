"""Where a job is, in words a job seeker searches by: the post town of each UK postcode area.

The careers site searches by town or postcode area, and the job feed and JSON-LD give a town
(`addressLocality`, `city`). A vacancy records only its postcode (reg 18: the place of work), so the
town comes from the postcode's area, the letters at its start (Royal Mail's 121 areas, each named
after its main post town). No lookup service, no extra data: the agency's pages work offline.
"""

from __future__ import annotations

import re

from candidates.normalise import postcode_area

POSTCODE_AREA_TOWNS: dict[str, str] = {
    "AB": "Aberdeen", "AL": "St Albans", "B": "Birmingham", "BA": "Bath", "BB": "Blackburn",
    "BD": "Bradford", "BH": "Bournemouth", "BL": "Bolton", "BN": "Brighton", "BR": "Bromley",
    "BS": "Bristol", "BT": "Belfast", "CA": "Carlisle", "CB": "Cambridge", "CF": "Cardiff",
    "CH": "Chester", "CM": "Chelmsford", "CO": "Colchester", "CR": "Croydon", "CT": "Canterbury",
    "CV": "Coventry", "CW": "Crewe", "DA": "Dartford", "DD": "Dundee", "DE": "Derby",
    "DG": "Dumfries", "DH": "Durham", "DL": "Darlington", "DN": "Doncaster", "DT": "Dorchester",
    "DY": "Dudley", "E": "London", "EC": "London", "EH": "Edinburgh", "EN": "Enfield",
    "EX": "Exeter", "FK": "Falkirk", "FY": "Blackpool", "G": "Glasgow", "GL": "Gloucester",
    "GU": "Guildford", "HA": "Harrow", "HD": "Huddersfield", "HG": "Harrogate",
    "HP": "Hemel Hempstead", "HR": "Hereford", "HS": "Outer Hebrides", "HU": "Hull",
    "HX": "Halifax", "IG": "Ilford", "IP": "Ipswich", "IV": "Inverness", "KA": "Kilmarnock",
    "KT": "Kingston upon Thames", "KW": "Kirkwall", "KY": "Kirkcaldy", "L": "Liverpool",
    "LA": "Lancaster", "LD": "Llandrindod Wells", "LE": "Leicester", "LL": "Llandudno",
    "LN": "Lincoln", "LS": "Leeds", "LU": "Luton", "M": "Manchester", "ME": "Rochester",
    "MK": "Milton Keynes", "ML": "Motherwell", "N": "London", "NE": "Newcastle upon Tyne",
    "NG": "Nottingham", "NN": "Northampton", "NP": "Newport", "NR": "Norwich", "NW": "London",
    "OL": "Oldham", "OX": "Oxford", "PA": "Paisley", "PE": "Peterborough", "PH": "Perth",
    "PL": "Plymouth", "PO": "Portsmouth", "PR": "Preston", "RG": "Reading", "RH": "Redhill",
    "RM": "Romford", "S": "Sheffield", "SA": "Swansea", "SE": "London", "SG": "Stevenage",
    "SK": "Stockport", "SL": "Slough", "SM": "Sutton", "SN": "Swindon", "SO": "Southampton",
    "SP": "Salisbury", "SR": "Sunderland", "SS": "Southend-on-Sea", "ST": "Stoke-on-Trent",
    "SW": "London", "SY": "Shrewsbury", "TA": "Taunton", "TD": "Galashiels", "TF": "Telford",
    "TN": "Tonbridge", "TQ": "Torquay", "TR": "Truro", "TS": "Middlesbrough", "TW": "Twickenham",
    "UB": "Southall", "W": "London", "WA": "Warrington", "WC": "London", "WD": "Watford",
    "WF": "Wakefield", "WN": "Wigan", "WR": "Worcester", "WS": "Walsall", "WV": "Wolverhampton",
    "YO": "York", "ZE": "Lerwick",
}  # fmt: skip

# A postcode district (outward code) someone types, alone or with the rest: "LS6", "LS6 2QT", "ec1a".
_DISTRICT = re.compile(r"^([A-Za-z]{1,2}\d[A-Za-z\d]?)(\s*\d[A-Za-z]{2})?$")


def postcode_town(postcode: str) -> str:
    """'LS6 2QT' -> 'Leeds'; '' when the area is unknown."""
    return POSTCODE_AREA_TOWNS.get(postcode_area(postcode), "")


def postcode_district(postcode: str) -> str:
    """The outward code, 'LS6 2QT' -> 'LS6': where a job is without pointing at one building."""
    return (postcode or "").strip().upper().split(" ")[0]


def location_areas(text: str) -> tuple[str, list[str]]:
    """Read a location search: (district, []) for a postcode or its outward code ("LS6 2QT" ->
    "LS6"), or ("", areas) for a postcode area or a town ("LS" -> ["LS"], "leeds" -> ["LS"],
    "london" -> ["E", "EC", "N", …]). Nothing known: ("", [])."""
    text = " ".join(text.split())
    district = _DISTRICT.match(text)
    if district and postcode_area(text) in POSTCODE_AREA_TOWNS:
        return district.group(1).upper(), []
    if text.upper() in POSTCODE_AREA_TOWNS:
        return "", [text.upper()]
    wanted = text.casefold()
    if len(wanted) < 2:
        return "", []
    return "", sorted(area for area, town in POSTCODE_AREA_TOWNS.items() if wanted in town.casefold())
