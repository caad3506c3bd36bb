"""GDELT 2.0 event / GKG 2.1 rows and the flat-table exports, on articles built by hand
(and on the seed, through the real pipeline)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import dateline
from dateline.export import EVENT_COLUMNS, GKG_COLUMNS, codes, event_rows, gkg_row, write_tsv
from dateline.export.fields import parse_date
from dateline.export.tables import TABLES, iter_rows, write_csv, write_jsonl, write_parquet
from dateline.records import (
    Article,
    Count,
    Dateline,
    Entity,
    Event,
    InputRef,
    Mention,
    Place,
    Published,
    Quote,
)

TEXT = (
    "MOSUL, March 3 (Wire) – Iraqi troops shelled Islamic State positions in Mosul on "
    "Tuesday, killing 12 fighters, the United Nations said.\n\n"
    '"We\tbelieve the\nfight is over," said Gen. Ali Hassan in Washington, adding that '
    "Texas had sent aid and 62 states had joined the coalition."
)
ADDED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def _m(text: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start, start + len(text), text)


def _sentence(first_words: str) -> Mention:
    start = TEXT.index(first_words)
    end = TEXT.index(".", start) + 1
    return Mention(start, end, TEXT[start:end])


ENTITIES = (
    Entity("g-IRQ-military", "Iraqi troops", "ORG", mentions=(_m("Iraqi troops"),),
           country="IRQ", sector="military"),
    Entity("a-isis", "Islamic State", "ORG", mentions=(_m("Islamic State"),),
           sector="insurgent", kb_id="a-isis"),
    Entity("o-un", "United Nations", "ORG", mentions=(_m("United Nations"),),
           sector="IGO", kb_id="o-un"),
    Entity("e-ali", "Ali Hassan", "PERSON", roles=("general",),
           mentions=(_m("Gen. Ali Hassan"),), country="IRQ", sector="military"),
)  # fmt: skip
MOSUL = Place("g-99072", "Mosul", 99072, 36.335, 43.11889, "IQ", "15", "P",
              (_m("MOSUL"), _m("Mosul")))  # fmt: skip
IRAQ = Place("g-99237", "Iraq", 99237, 33.0, 44.0, "IQ", None, "A", (_m("Iraqi"),))
WASHINGTON = Place("g-4140963", "Washington", 4140963, 38.89511, -77.03637, "US", "DC", "P",
                   (_m("Washington"),))  # fmt: skip
TEXAS = Place("g-4736286", "Texas", 4736286, 31.25, -99.25, "US", "TX", "A", (_m("Texas"),))


def _count(kind: str, number: str, obj: str) -> Count:
    mention = _m(number)
    return Count(kind, int(number), "exact", obj, mention.start, mention.end)


KILLED = _count("killed", "12", "fighters")
STATES = _count("members", "62", "states")
SHELLING = Event("ASSAULT", "shelling", "190", "g-IRQ-military", "a-isis", "g-99072",
                 "2015-03-03", "asserted", (KILLED,), 0.9, _sentence("Iraqi troops"))  # fmt: skip
AID = Event("AID", None, "0233", "o-un", None, "g-4736286", "2015-03", "asserted", (), 0.5,
            _sentence("Texas had sent"))  # fmt: skip
PLANNED = Event("COOPERATE", None, "0311", "e-ali", "g-IRQ-military", None, None, "planned",
                (), 0.4, _sentence('"We'))  # fmt: skip
UNCODED = Event("MOBILIZE", None, None, "a-isis", None, None, None, "asserted", (), 0.3,
                _sentence("Iraqi troops"))  # fmt: skip
QUOTE = Quote("We\tbelieve the\nfight is over,", "direct", "e-ali", "said",
              _m("We\tbelieve").start, _m("over,").end)  # fmt: skip


def _article(**changes: object) -> Article:
    fields: dict[str, object] = dict(
        id="a" * 64,
        input=InputRef("wire/mosul.html", "text/html", "a" * 64, len(TEXT),
                       url="https://news.example.com/2015/03/03/mosul"),
        text=TEXT,
        title="Iraqi\ttroops shell IS in Mosul",
        outlet="Wire",
        authors=("A. Writer",),
        published=Published("2015-03-03", "day", "dateline", "MOSUL, March 3 (Wire) –", 0, 23),
        dateline=Dateline("MOSUL, March 3 (Wire) –", "MOSUL", "2015-03-03", "Wire", 0, 23),
        entities=ENTITIES,
        places=(MOSUL, IRAQ, WASHINGTON, TEXAS),
        quotes=(QUOTE,),
        events=(SHELLING, AID, PLANNED, UNCODED),
        counts=(KILLED, STATES),
    )  # fmt: skip
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def _by_name(row: list[str], columns: tuple[str, ...] = EVENT_COLUMNS) -> dict[str, str]:
    assert len(row) == len(columns)
    return dict(zip(columns, row, strict=True))


# --- columns -----------------------------------------------------------------------------


def test_column_lists_have_the_codebook_counts_and_order() -> None:
    assert len(EVENT_COLUMNS) == 61 and len(set(EVENT_COLUMNS)) == 61
    assert len(GKG_COLUMNS) == 27 and len(set(GKG_COLUMNS)) == 27
    assert EVENT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert EVENT_COLUMNS[25:31] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale",
    )  # fmt: skip
    assert EVENT_COLUMNS[35] == "Actor1Geo_Type" and EVENT_COLUMNS[58] == "ActionGeo_FeatureID"
    assert EVENT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GKG_COLUMNS[0] == "GKGRECORDID" and GKG_COLUMNS[-1] == "V2EXTRASXML"
    assert GKG_COLUMNS[22] == "V2.1QUOTATIONS" and GKG_COLUMNS[15] == "V1.5TONE"


def test_every_row_has_every_column() -> None:
    article = _article()
    rows = event_rows(article, added=ADDED)
    assert rows and all(len(row) == 61 for row in rows)
    assert len(gkg_row(article, record_id="20150303000000-1")) == 27
    empty = _article(entities=(), places=(), quotes=(), events=(), counts=(), published=None)
    assert event_rows(empty, added=ADDED) == []
    assert len(gkg_row(empty, record_id="x")) == 27


# --- CAMEO codes, Goldstein, quad class -------------------------------------------------


def test_cameo_codes_split_into_three_levels_with_scores() -> None:
    code = codes.cameo("0311")
    assert code and (code.base, code.root, code.quad_class, code.goldstein) == ("031", "03", 1, 5.2)
    code = codes.cameo("190")
    assert code and (code.base, code.root, code.quad_class, code.goldstein) == (
        "190",
        "19",
        4,
        -10.0,
    )
    code = codes.cameo("0874")
    assert code and code.goldstein == 10.0 and code.quad_class == 2
    code = codes.cameo("1389")  # not in the table: its parent's score
    assert code and code.goldstein == codes.goldstein_table()["138"] == -7.0
    for bad in (None, "", "21", "00", "19x", "12345", "1"):
        assert codes.cameo(bad) is None


def test_goldstein_table_is_complete_and_bounded() -> None:
    table = codes.goldstein_table()
    roots = {code[:2] for code in table}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    assert all(-10.0 <= score <= 10.0 for score in table.values())
    assert len(table) > 280
    # Quad classes by root: verbal/material cooperation, verbal/material conflict.
    quads = [codes.quad_class(f"{n:02d}") for n in range(1, 21)]
    assert quads == [1] * 5 + [2] * 4 + [3] * 5 + [4] * 6


def test_event_row_codes_and_scores() -> None:
    row = _by_name(event_rows(_article(), added=ADDED)[0])
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("190", "190", "19")
    assert (row["QuadClass"], row["GoldsteinScale"]) == ("4", "-10.0")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["AvgTone"] == ""
    aid = _by_name(event_rows(_article(), added=ADDED)[1])
    assert (aid["EventCode"], aid["EventBaseCode"], aid["EventRootCode"]) == ("0233", "023", "02")
    assert (aid["QuadClass"], aid["GoldsteinScale"]) == ("1", "3.4")


# --- actors ------------------------------------------------------------------------------


def test_actor_codes_from_country_sector_and_known_group() -> None:
    shelling, aid = (_by_name(r) for r in event_rows(_article(), added=ADDED))
    assert shelling["Actor1Code"] == "IRQMIL" and shelling["Actor1Name"] == "IRAQI TROOPS"
    assert (shelling["Actor1CountryCode"], shelling["Actor1Type1Code"]) == ("IRQ", "MIL")
    assert (shelling["Actor2Code"], shelling["Actor2Type1Code"]) == ("INS", "INS")
    assert shelling["Actor2CountryCode"] == ""
    assert (aid["Actor1Code"], aid["Actor1KnownGroupCode"]) == ("IGOUNO", "UNO")
    assert aid["Actor1Type1Code"] == "IGO" and aid["Actor2Code"] == aid["Actor2Name"] == ""
    assert codes.agent_type("media") == "MED" and codes.agent_type("Police") == "COP"
    assert codes.agent_type(None) is None and codes.agent_type("astronaut") is None


# --- geography ---------------------------------------------------------------------------


def test_fips_country_codes() -> None:
    pairs = {"IQ": "IZ", "UA": "UP", "DE": "GM", "GB": "UK", "US": "US", "RS": "RI", "SY": "SY"}
    for iso, fips in pairs.items():
        assert codes.fips(iso) == fips
    assert codes.fips(None) is None and codes.fips("ZZ") is None
    assert len(codes.countries()) >= 249


def test_action_and_actor_geography() -> None:
    shelling, aid = (_by_name(r) for r in event_rows(_article(), added=ADDED))
    assert shelling["ActionGeo_Type"] == "4"  # a city outside the US
    assert shelling["ActionGeo_FullName"] == "Mosul, Ninawa, Iraq"
    assert (shelling["ActionGeo_CountryCode"], shelling["ActionGeo_ADM1Code"]) == ("IZ", "IZ15")
    assert (shelling["ActionGeo_Lat"], shelling["ActionGeo_Long"]) == ("36.335", "43.1189")
    assert shelling["ActionGeo_FeatureID"] == "99072" and shelling["ActionGeo_ADM2Code"] == ""
    # "Iraqi" in the actor's own name is a mention of Iraq: a country-level actor place.
    assert (shelling["Actor1Geo_Type"], shelling["Actor1Geo_CountryCode"]) == ("1", "IZ")
    assert shelling["Actor1Geo_FeatureID"] == shelling["Actor1Geo_ADM1Code"] == "IZ"
    # Islamic State names no place: the place nearest to it inside the evidence (Mosul).
    assert shelling["Actor2Geo_FullName"] == "Mosul, Ninawa, Iraq"
    assert aid["ActionGeo_Type"] == "2" and aid["ActionGeo_ADM1Code"] == "USTX"
    assert aid["ActionGeo_FullName"] == "Texas, United States"


def test_us_city_and_placeless_places() -> None:
    event = Event("CONSULT", None, "040", "e-ali", None, "g-4140963", None, "asserted", (),
                  0.5, _sentence('"We'))  # fmt: skip
    row = _by_name(event_rows(_article(events=(event,)), added=ADDED)[0])
    assert row["ActionGeo_Type"] == "3" and row["ActionGeo_ADM1Code"] == "USDC"
    assert row["ActionGeo_FullName"] == "Washington, District of Columbia, United States"
    europe = Place("g-6255148", "Europe", 6255148, 48.7, 9.1, None, None, "L", ())
    event = Event("CONSULT", None, "040", "e-ali", None, "g-6255148", None, "asserted", (),
                  0.5, _sentence('"We'))  # fmt: skip
    row = _by_name(event_rows(_article(events=(event,), places=(europe,)), added=ADDED)[0])
    assert all(row[f"ActionGeo_{f}"] == "" for f in ("Type", "FullName", "CountryCode", "Lat"))


# --- dates, root events, modality ---------------------------------------------------------


def test_dates_from_the_event_else_the_article() -> None:
    shelling, aid = (_by_name(r) for r in event_rows(_article(), added=ADDED))
    assert (shelling["SQLDATE"], shelling["MonthYear"], shelling["Year"]) == (
        "20150303", "201503", "2015",
    )  # fmt: skip
    assert shelling["FractionDate"] == "2015.1726"  # ((3 - 1) * 30 + 3) / 365
    assert shelling["DATEADDED"] == "20240102030405"
    # A month-precise event date is not padded to a day.
    assert (aid["SQLDATE"], aid["MonthYear"], aid["FractionDate"]) == ("", "201503", "")
    undated = Event("CONSULT", None, "040", "e-ali", None, None, None, "asserted", (), 0.5,
                    _sentence('"We'))  # fmt: skip
    row = _by_name(event_rows(_article(events=(undated,)), added=ADDED)[0])
    assert row["SQLDATE"] == "20150303"  # the article's date
    # GDELT's published rows: 2014-02-02 is 2014.0876.
    parts = parse_date("2014-02-02")
    assert parts and parts.fraction_date == "2014.0876"
    assert parse_date("2014-02-30") is None and parse_date("soon") is None


def test_root_event_is_in_the_lead_paragraph() -> None:
    shelling, aid = (_by_name(r) for r in event_rows(_article(), added=ADDED))
    assert shelling["IsRootEvent"] == "1" and aid["IsRootEvent"] == "0"


def test_modality_filter_and_event_ids() -> None:
    default = event_rows(_article(), first_id=100, added=ADDED)
    assert [row[0] for row in default] == ["100", "101"]  # planned and uncoded left out
    wider = event_rows(_article(), first_id=1, added=ADDED, modalities={"asserted", "planned"})
    assert [_by_name(r)["EventCode"] for r in wider] == ["190", "0233", "0311"]
    assert all(_by_name(r)["SOURCEURL"] == "https://news.example.com/2015/03/03/mosul"
               for r in wider)  # fmt: skip


# --- GKG ---------------------------------------------------------------------------------


def test_gkg_counts_amounts_and_themes() -> None:
    row = _by_name(gkg_row(_article(), record_id="20150303000000-1"), GKG_COLUMNS)
    assert row["V1COUNTS"] == "KILL#12#fighters#4#Mosul, Ninawa, Iraq#IZ#IZ15#36.335#43.1189#99072;"
    assert row["V2.1COUNTS"] == row["V1COUNTS"][:-1] + f"#{KILLED.start};"
    assert row["V2.1AMOUNTS"] == f"12,fighters,{KILLED.start};62,states,{STATES.start};"
    assert row["V1THEMES"] == "KILL;" and row["V2ENHANCEDTHEMES"] == f"KILL,{KILLED.start};"


def test_participants_are_protest_counts_only_in_a_protest() -> None:
    crowd = _count("participants", "62", "states")
    protest = Event("PROTEST", "demonstrate", "141", None, None, "g-4736286", None,
                    "asserted", (crowd,), 0.7, _sentence("Texas had sent"))  # fmt: skip
    row = _by_name(gkg_row(_article(events=(protest,), counts=(crowd,)), record_id="r"),
                   GKG_COLUMNS)  # fmt: skip
    assert row["V1COUNTS"].startswith("PROTEST#62#states#2#Texas, United States#US#USTX#")
    assert row["V1THEMES"] == "PROTEST;"
    row = _by_name(gkg_row(_article(events=(), counts=(crowd,)), record_id="r"), GKG_COLUMNS)
    assert row["V1COUNTS"] == row["V1THEMES"] == "" and row["V2.1AMOUNTS"].startswith("62,")
    assert codes.count_type("killed") == "KILL" and codes.count_type("members") is None


def test_gkg_names_places_and_quotes_carry_offsets_into_the_text() -> None:
    row = _by_name(gkg_row(_article(), record_id="r"), GKG_COLUMNS)
    assert row["V1PERSONS"] == "ali hassan;"
    assert row["V1ORGANIZATIONS"] == "iraqi troops;islamic state;united nations;"
    for block in row["V2ENHANCEDPERSONS"].rstrip(";").split(";"):
        name, offset = block.rsplit(",", 1)
        assert TEXT[int(offset) :].startswith("Gen. Ali Hassan")
    for block in row["V2ENHANCEDLOCATIONS"].rstrip(";").split(";"):
        fields = block.split("#")
        assert len(fields) == 9
        place = fields[1].split(",")[0]
        assert TEXT[int(fields[8]) :].lower().startswith(place.lower()[:4])
    assert row["V1LOCATIONS"].count(";") == 4  # one block per place
    offset, length, verb, quote = row["V2.1QUOTATIONS"].split("|")
    assert (int(offset), int(length), verb) == (QUOTE.start, QUOTE.end - QUOTE.start, "said")
    assert quote == "We believe the fight is over,"
    assert "Islamic State," in row["V2.1ALLNAMES"] and "Mosul," in row["V2.1ALLNAMES"]


def test_gkg_document_fields() -> None:
    row = _by_name(gkg_row(_article(), record_id="20150303000000-1"), GKG_COLUMNS)
    assert row["GKGRECORDID"] == "20150303000000-1" and row["V2.1DATE"] == "20150303000000"
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "1" and row["V2SOURCECOMMONNAME"] == "Wire"
    assert row["V2DOCUMENTIDENTIFIER"] == "https://news.example.com/2015/03/03/mosul"
    assert row["V2GCAM"] == f"wc:{len(TEXT.split())}" and row["V1.5TONE"] == ""
    assert row["V2.1ENHANCEDDATES"].startswith("3#3#3#2015#0;")
    assert "2#3#0#2015#" in row["V2.1ENHANCEDDATES"]  # the month-precise AID event
    assert row["V2EXTRASXML"] == (
        "<PAGE_TITLE>Iraqi troops shell IS in Mosul</PAGE_TITLE>"
        "<PAGE_AUTHORS>A. Writer</PAGE_AUTHORS>"
    )
    offline = _article(input=InputRef("notes/story.txt", "text/plain", "b" * 64, 10), outlet=None)
    row = _by_name(gkg_row(offline, record_id="x"), GKG_COLUMNS)
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "2"
    assert row["V2DOCUMENTIDENTIFIER"] == "notes/story.txt" and row["V2SOURCECOMMONNAME"] == ""


# --- the file format: tabs, lines, and readers --------------------------------------------


def test_tsv_is_tab_safe() -> None:
    article = _article(title="a\ttitle\nover\r\nlines\u2028too")
    out = io.StringIO()
    rows = [gkg_row(article, record_id="r\t1")] + event_rows(article, added=ADDED)
    assert write_tsv(rows, out) == 3
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == 4
    assert lines[0].count("\t") == 26 and all(line.count("\t") == 60 for line in lines[1:3])
    assert lines[0].split("\t")[0] == "r 1"


def test_gdelt_readers_round_trip_the_values() -> None:
    pd = pytest.importorskip("pandas")
    article = _article()
    events = event_rows(article, added=ADDED)
    gkg = [gkg_row(article, record_id="20150303000000-1")]
    for rows, columns in ((events, EVENT_COLUMNS), (gkg, GKG_COLUMNS)):
        out = io.StringIO()
        write_tsv(rows, out)
        text = out.getvalue()
        # A plain reader: split on newlines and tabs.
        split = [line.split("\t") for line in text.splitlines()]
        assert [len(r) for r in split] == [len(columns)] * len(rows)
        # pandas as GDELT's users read it: no header, tab-separated, codebook names.
        frame = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=list(columns),
                            dtype=str, keep_default_na=False, quoting=csv.QUOTE_NONE)  # fmt: skip
        assert frame.shape == (len(rows), len(columns))
        assert frame.values.tolist() == split
    typed = pd.read_csv(io.StringIO("\n".join("\t".join(r) for r in events)), sep="\t",
                        header=None, names=list(EVENT_COLUMNS), dtype={"EventCode": str},
                        quoting=csv.QUOTE_NONE)  # fmt: skip
    assert typed["GoldsteinScale"].tolist() == [-10.0, 3.4]
    assert typed["QuadClass"].tolist() == [4, 1] and typed["EventCode"].tolist() == ["190", "0233"]
    assert typed["ActionGeo_Lat"].tolist() == [36.335, 31.25]


# --- flat tables -------------------------------------------------------------------------


def test_jsonl_is_one_article_per_line() -> None:
    out = io.StringIO()
    assert write_jsonl([_article(), _article(id="b" * 64)], out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a" * 64, "b" * 64]
    assert json.loads(lines[0])["schema"] == "dateline.article/1"


def test_flat_rows_cover_every_record() -> None:
    article = _article()
    counts = {name: len(list(iter_rows([article], name))) for name in TABLES}
    assert counts == {"articles": 1, "entities": 4, "mentions": 9, "places": 4, "quotes": 1,
                      "events": 4, "counts": 2}  # fmt: skip
    (killed,) = [r for r in iter_rows([article], "counts") if r["kind"] == "killed"]
    assert killed["event_index"] == 0 and killed["number"] == 12
    for row in iter_rows([article], "mentions"):
        assert TEXT[row["start"] : row["end"]] == row["text"]
    with pytest.raises(dateline.ConfigError):
        list(iter_rows([article], "nope"))


def test_csv_tables(tmp_path: Path) -> None:
    paths = write_csv([_article(), _article(id="b" * 64)], tmp_path / "csv")
    assert set(paths) == set(TABLES)
    for name, path in paths.items():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == list(TABLES[name])
    with paths["quotes"].open(encoding="utf-8", newline="") as handle:
        quotes = list(csv.DictReader(handle))
    assert [q["text"] for q in quotes] == [QUOTE.text, QUOTE.text]  # tabs and newlines kept


def test_parquet_tables(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    paths = write_parquet([_article(), _article(id="b" * 64)], tmp_path, batch_rows=3)
    events = pq.read_table(paths["events"])
    assert events.num_rows == 8 and events.column_names == list(TABLES["events"])
    assert str(events.schema.field("confidence").type) == "double"
    places = pq.read_table(paths["places"]).to_pylist()
    assert places[0]["geonameid"] == 99072 and places[0]["lat"] == 36.335
    empty = write_parquet([], tmp_path / "empty")
    assert pq.read_table(empty["counts"]).column_names == list(TABLES["counts"])
    assert pq.read_table(empty["counts"]).num_rows == 0


def test_exports_load_in_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    paths = write_parquet([_article()], tmp_path)
    with (tmp_path / "events.tsv").open("w", encoding="utf-8") as out:
        write_tsv(event_rows(_article(), added=ADDED), out)
    con = duckdb.connect()
    assert con.execute(f"select count(*) from '{paths['entities']}'").fetchone() == (4,)
    columns = ", ".join(f"'{c}': 'VARCHAR'" for c in EVENT_COLUMNS)
    query = (f"select EventCode, GoldsteinScale from read_csv('{tmp_path / 'events.tsv'}', "
             f"delim='\t', header=false, quote='', columns={{{columns}}})")  # fmt: skip
    assert con.execute(query).fetchall() == [("190", "-10.0"), ("0233", "3.4")]


# --- the seed through the real pipeline ---------------------------------------------------


@pytest.mark.model
def test_seed_exports_valid_rows(seed_files: list[Path]) -> None:
    article = dateline.process_path(seed_files[0])
    rows = event_rows(article, added=ADDED)
    assert all(len(row) == 61 and row[26] for row in rows)  # every row has its CAMEO code
    row = _by_name(gkg_row(article, record_id="seed-1"), GKG_COLUMNS)
    assert row["V2SOURCECOMMONNAME"] == "Sputnik" and row["V2.1DATE"] == "20141212000000"
    # Iraq and Syria as GDELT writes them: FIPS codes, country level.
    assert "1#Iraq#IZ#IZ#" in row["V1LOCATIONS"] and "1#Syria#SY#SY#" in row["V1LOCATIONS"]
    assert "john allen;" in row["V1PERSONS"]
    out = io.StringIO()
    assert write_tsv([gkg_row(article, record_id="seed-1"), *rows], out) == 1 + len(rows)
    assert len(out.getvalue().splitlines()) == 1 + len(rows)
