"""The CLI as a user meets it: output shapes, one-line errors, exit codes, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import main

from .conftest import SAMPLES

WIRE = SAMPLES / "invented_wire_flattened.txt"
PAGE = SAMPLES / "invented_news_page.html"
FEED = SAMPLES / "invented_feed.xml"
CLEAN = SAMPLES / "invented_article_clean.txt"


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_single_input_is_one_json_object() -> None:
    code, out, err = run("extract", str(WIRE), "--no-nlp")
    assert code == 0, err
    article = json.loads(out)
    assert article["schema"] == "dateline.article/1"
    assert article["input"]["location"] == str(WIRE)
    assert article["text"].startswith("PORT ELAN, May 14 (Meridian Wire)")
    assert article["text"].rstrip().endswith("cut the valley off again.")


def test_several_inputs_are_json_lines_in_input_order() -> None:
    code, out, _ = run("extract", str(PAGE), str(WIRE), str(CLEAN), "--no-nlp")
    assert code == 0
    lines = out.strip().splitlines()
    assert [json.loads(line)["input"]["location"] for line in lines] == [
        str(PAGE),
        str(WIRE),
        str(CLEAN),
    ]


def test_feed_gives_one_object_per_item() -> None:
    code, out, _ = run("extract", str(FEED), "--no-nlp")
    assert code == 0
    items = [json.loads(line) for line in out.strip().splitlines()]
    assert [i["title"] for i in items] == [
        "Ceasefire talks resume in Tarsa as both sides free prisoners",
        "Farmers block highway to protest fuel prices",
    ]
    assert items[0]["published"]["date"] == "2022-11-02"
    assert items[0]["published"]["source"] == "feed"
    assert items[0]["authors"] == ["Omar Haddad"]
    assert items[0]["text"].startswith("TARSA, Nov 2 (Coastline Daily)")
    assert items[0]["input"]["location"].endswith("#item=1")


def test_article_kind_keeps_the_input_exactly() -> None:
    raw = CLEAN.read_text(encoding="utf-8")
    code, out, _ = run("extract", str(CLEAN), "--input-kind", "article", "--no-nlp")
    assert code == 0
    article = json.loads(out)
    assert article["text"] == raw
    assert article["boilerplate"] == []


def test_standard_input() -> None:
    code, out, _ = run("extract", "-", "--no-nlp", input=WIRE.read_bytes())
    assert code == 0
    assert json.loads(out)["input"]["location"] == "-"


def test_text_format_is_for_people() -> None:
    code, out, _ = run("extract", str(PAGE), "--format", "text", "--no-nlp")
    assert code == 0
    assert out.startswith("# Harbour strike halts grain exports for third day")
    assert "published:" in out


def test_bad_inputs_fail_alone_with_one_line_each(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse 200 MB
    missing = tmp_path / "missing.txt"
    code, out, err = run(
        "extract",
        str(empty),
        str(WIRE),
        str(pdf),
        str(big),
        str(missing),
        str(tmp_path),
        "--no-nlp",
    )
    assert code == 1
    assert len(out.strip().splitlines()) == 1
    assert json.loads(out)["input"]["location"] == str(WIRE)
    errors = err.strip().splitlines()
    assert len(errors) == 5
    for path, words in [
        (empty, "empty"),
        (pdf, "PDF"),
        (big, "limit"),
        (missing, "no such file"),
        (tmp_path, "directory"),
    ]:
        line = next(e for e in errors if f"{path}:" in e)
        assert words in line
        assert line.startswith("dateline: error: ")


def test_all_failed_is_exit_3(tmp_path: Path) -> None:
    code, out, err = run("extract", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 3
    assert out == ""
    assert err.count("no such file") == 2


def test_quiet_silences_errors_but_not_the_exit_code(tmp_path: Path) -> None:
    code, _, err = run("extract", str(tmp_path / "a"), "--quiet")
    assert code == 3
    assert err == ""


def test_usage_errors_are_exit_2() -> None:
    assert run("extract")[0] == 2
    assert run("extract", str(WIRE), "--input-kind", "pdf")[0] == 2
    assert run("extract", str(WIRE), "--max-bytes", "0")[0] == 2


def test_bad_config_file_is_a_usage_error(tmp_path: Path) -> None:
    conf = tmp_path / "c.toml"
    conf.write_text("colour = 1\n")
    code, _, err = run("extract", str(WIRE), "--config", str(conf))
    assert code == 2
    assert "unknown setting" in err


def test_html_without_an_article(tmp_path: Path) -> None:
    page = tmp_path / "nav.html"
    page.write_text(
        "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/a'>About</a></nav></body></html>"
    )
    code, _, err = run("extract", str(page), "--no-nlp")
    assert code == 3
    assert f"{page}: no article text" in err


def test_other_language_is_reported_in_warnings(tmp_path: Path) -> None:
    page = tmp_path / "de.txt"
    page.write_text(
        "BERLIN, 3. März (Agentur) – Die Regierung hat am Dienstag ein neues Gesetz zur "
        "Förderung erneuerbarer Energien beschlossen. Der Minister sagte, die Maßnahmen "
        "würden im kommenden Jahr in Kraft treten und viele Arbeitsplätze schaffen.\n",
        encoding="utf-8",
    )
    code, out, _ = run("extract", str(page), "--input-kind", "article")
    assert code == 0
    article = json.loads(out)
    assert article["language"] == "de"
    assert any("not English" in w for w in article["warnings"])
    assert article["entities"] == []


@pytest.mark.model
def test_model_option_takes_any_installed_pipeline(tmp_path: Path) -> None:
    import spacy

    blank = tmp_path / "blank_en"
    spacy.blank("en").to_disk(blank)
    code, out, err = run("extract", str(CLEAN), "--model", str(blank))
    assert code == 0, err
    assert json.loads(out)["entities"] == []  # a blank pipeline finds no entities
    code, _, err = run("extract", str(CLEAN), "--model", "no_such_pipeline_xyz")
    assert code == 3
    assert "not installed" in err


@pytest.mark.model
def test_default_model_finds_entities() -> None:
    code, out, _ = run("extract", str(CLEAN))
    assert code == 0
    names = {e["name"] for e in json.loads(out)["entities"]}
    assert "Ingrid Solberg" in names


def test_every_command_has_help() -> None:
    for args in (
        ["--help"],
        ["extract", "--help"],
        ["eval", "--help"],
        ["demo", "--help"],
        ["eval", "content", "--help"],
        ["eval", "dates", "--help"],
    ):
        code, out, _ = run(*args)
        assert code == 0
        assert "Usage:" in out


def test_installed_entry_point_runs() -> None:
    exe = Path(sys.executable).with_name("dateline")
    proc = subprocess.run(
        [str(exe), "extract", str(WIRE), "--format", "jsonl", "--no-nlp"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema"] == "dateline.article/1"


def test_eval_without_data_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("eval", "dates", "--data", str(tmp_path))
    assert code == 2
    assert err.startswith("dateline: error: ")
    assert "--data" in err


@pytest.mark.evaldata
def test_eval_dates_prints_ours_next_to_htmldate(eval_dir: Path) -> None:
    code, out, _ = run("eval", "dates", "--data", str(eval_dir))
    assert code == 0
    assert "htmldate-extensive" in out
    assert "floor dates.html.f1" in out and "ok" in out


def test_demo_summarises_stores_and_points_to_the_web_app(tmp_path: Path) -> None:
    from dateline.store import Store

    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n# ") >= 3  # one summary per sample article
    assert f"dateline serve --db {db}" in result.stdout
    with Store.open(db, read_only=True) as store:
        sizes = store.sizes()
    assert sizes["articles"] >= 4 and sizes["events"] > 0 and sizes["event_clusters"] > 0
    again = CliRunner().invoke(main, ["demo", "--db", str(db)])  # stores nothing twice
    assert again.exit_code == 0
    with Store.open(db, read_only=True) as store:
        assert store.sizes()["articles"] == sizes["articles"]
