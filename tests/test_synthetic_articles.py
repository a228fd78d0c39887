"""The synthetic news article generator (kg.synthetic.write_articles) of the throughput
benchmark: reproducible, the size asked for, varied, and prose the real model reads."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from spacy.language import Language

from kg.synthetic import (
    ARTICLES_JSONL,
    SyntheticArticle,
    iter_articles,
    main,
    make_article,
    write_articles,
)

FIELDS = {"id", "title", "outlet", "published", "url", "text"}


@pytest.fixture(scope="module")
def corpus() -> list[SyntheticArticle]:
    return list(iter_articles(400, seed=11))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        assert write_articles(tmp_path / name, 25, seed) == 25
    a, b, c = ((tmp_path / name / ARTICLES_JSONL).read_bytes() for name in "abc")
    assert a == b
    assert a != c


def test_article_i_does_not_depend_on_the_corpus_size() -> None:
    small = [a.text for a in iter_articles(5, seed=2)]
    large = [a.text for a in iter_articles(20, seed=2)]
    assert large[:5] == small
    assert make_article(17, seed=2).text == large[17]


def test_jsonl_has_one_complete_article_per_line(tmp_path: Path) -> None:
    assert write_articles(tmp_path, 30, seed=1) == 30
    lines = (tmp_path / ARTICLES_JSONL).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 30
    rows = [json.loads(line) for line in lines]
    assert all(set(row) == FIELDS for row in rows)
    assert len({row["id"] for row in rows}) == 30
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["published"]) for row in rows)
    assert all(row["url"].startswith("https://www.") for row in rows)


def test_txt_writes_one_file_per_article_headline_first(tmp_path: Path) -> None:
    assert write_articles(tmp_path, 7, seed=1, fmt="txt") == 7
    files = sorted(tmp_path.glob("*.txt"))
    assert len(files) == 7
    first = files[0].read_text(encoding="utf-8")
    assert first.split("\n", 1)[0] == make_article(0, seed=1).title
    with pytest.raises(ValueError):
        write_articles(tmp_path, 1, fmt="xml")


def test_length_is_that_of_a_news_article(corpus: list[SyntheticArticle]) -> None:
    words = [a.words for a in corpus]
    assert min(words) >= 300
    assert max(words) <= 700
    assert 400 <= sum(words) / len(words) <= 600


def test_no_template_syntax_leaks(corpus: list[SyntheticArticle]) -> None:
    for article in corpus:
        assert not re.search(r"[{}\[\]|]", article.title + article.text), article.id
        assert "  " not in article.text


def test_stories_titles_and_outlets_vary(corpus: list[SyntheticArticle]) -> None:
    kinds = Counter(a.kind for a in corpus)
    assert len(kinds) >= 10
    assert max(kinds.values()) < len(corpus) / 5
    assert len({a.title for a in corpus}) > 0.8 * len(corpus)
    assert len({a.outlet for a in corpus}) > 30
    openings = Counter(a.text.split(".", 1)[0] for a in corpus)
    assert openings.most_common(1)[0][1] <= 2


def test_prose_has_the_constructions_of_news(corpus: list[SyntheticArticle]) -> None:
    text = "\n".join(a.text for a in corpus)
    for pattern in (
        r"\bMinister [A-Z]",  # people with titles
        r"[\"“][^\"”]+,[\"”] (he|she) said",  # quotes
        r"\baccording to\b",  # reported speech
        r"\b(did not|has not|have not|declined to)\b",  # negation
        r"\b(could|may|is considering|is expected to)\b",  # modality
        r"\b(was|were) (awarded|detained|built|published|founded|brokered)\b",  # passives
        r", (who|which) ",  # relative clauses
        r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",  # dates
        r"\b(19|20)\d\d\b",  # years
        r"(€|\$|£|rupees|yen|pesos)",  # money in several currencies
    ):
        assert re.search(pattern, text), pattern


def _names(articles: list[SyntheticArticle]) -> set[str]:
    """Capitalised two-word sequences: a rough stand-in for entity names."""
    pattern = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]+ [A-ZÀ-Ý][a-zà-ÿ]+\b")
    return {m for a in articles for m in pattern.findall(a.text)}


def test_entities_recur_and_keep_growing_with_the_corpus(
    corpus: list[SyntheticArticle],
) -> None:
    first, all_ = _names(corpus[:100]), _names(corpus)
    assert len(all_) > 2.5 * len(first)  # new names keep coming...
    counts = Counter(name for a in corpus for name in _names([a]))
    assert counts.most_common(1)[0][1] >= 8  # ...while some recur across articles


def test_cli_writes_articles_and_keeps_the_export_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["articles", "--n", "3", "--seed", "5", "--out", str(tmp_path / "a")]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 3
    assert len((tmp_path / "a" / ARTICLES_JSONL).read_text().splitlines()) == 3
    assert main([str(tmp_path / "export"), "200"]) == 0
    assert (tmp_path / "export" / "triples.jsonl").is_file()


def test_the_real_model_extracts_statements(nlp: Language) -> None:
    statements = []
    for article in iter_articles(3, seed=0):
        statements += list(nlp(f"{article.title}\n\n{article.text}")._.kg_statements)
    assert len(statements) >= 100
    said = [s for s in statements if s.predicate == "say" and s.subject.label == "PERSON"]
    assert len(said) >= 5
    assert any(s.predicate == "has title" for s in statements)
    assert any(s.negated for s in statements)
    assert any(s.modality for s in statements)
    assert any(s.attribution for s in statements)
