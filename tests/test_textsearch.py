"""The search box's text search (model/textsearch.py) finds what `in` finds, however the text is typed."""

from __future__ import annotations

import random

import numpy as np
import pytest

from kztimeline.model.textsearch import TextSearch

WORDS = ["protest", "police", "prices", "pr", "p", "square", "presidential", "reprieve", "opp", "e12", "e1"]


def texts(rng: random.Random, count: int, extra: str = "") -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6))) + extra * (i % 3 == 0)
            for i in range(count)]


@pytest.mark.parametrize("extra", ["", " алматы"])  # ASCII texts take the fast path; others the plain one
def test_every_keystroke_finds_what_in_finds(extra):
    rng = random.Random(7)
    corpus = texts(rng, 500, extra)
    search = TextSearch(corpus)
    typed = ["p", "pr", "pro", "prot", "prote", "protes", "prot", "pre", "pres", "", "r", "re", "rep", "e1", "e12",
             "e12 ", "q", "s", "sq", "squ", "zz", "zzz", "ал", "алм", "p", "po", "pol", "p", "pp", "opp"]
    for needle in typed:
        assert search.find(needle).tolist() == [needle in text for text in corpus], needle
    for _ in range(200):  # random extensions of random texts
        needle = rng.choice(WORDS)[: rng.randint(1, 4)]
        for _grow in range(3):
            assert search.find(needle).tolist() == [needle in text for text in corpus], needle
            needle += rng.choice("preotsuq ")


def test_a_text_at_the_very_end_and_empty_texts():
    corpus = ["", "ab", "xab", "a", "ba", "abab"]
    search = TextSearch(corpus)
    for needle in ["a", "ab", "aba", "abab", "ababa", "b", "ba", "bab"]:
        assert search.find(needle).tolist() == [needle in text for text in corpus], needle


def test_a_match_never_runs_from_one_text_into_the_next():
    corpus = ["xa", "by", "ab", "aab", "", "ba", "abab", "a"]
    search = TextSearch(corpus)
    for needle in ["ay", "ab", "aba", "abab", "ba", "xa", "b", "bab", "ab", "a"]:
        assert search.find(needle).tolist() == [needle in text for text in corpus], needle


@pytest.mark.parametrize("places_max", [0, 4])  # 0: every pair too common, typing on reads first places only
def test_typing_on_and_back_finds_what_in_finds(monkeypatch, places_max):
    import kztimeline.model.textsearch as textsearch

    monkeypatch.setattr(textsearch, "PLACES_MAX", places_max)
    rng = random.Random(places_max)
    corpus = texts(rng, 800)
    search = TextSearch(corpus)
    for typed in (["p", "pr", "pro", "prot", "pro", "pr", "", "pr", "pre"], ["e1", "e12", "e1", "", "s", "sq"]):
        for needle in typed:
            assert search.find(needle).tolist() == [needle in text for text in corpus], needle


@pytest.mark.parametrize("chunk", [1, 2, 3, 8, 1 << 20])
def test_a_pair_of_letters_is_found_once_at_every_place_whatever_the_blob_is_cut_into(monkeypatch, chunk):
    """A pair is looked for a chunk of the blob at a time: one standing across a chunk's end is found, and found
    once, each with its own text."""
    import kztimeline.model.textsearch as textsearch

    monkeypatch.setattr(textsearch, "CHUNK", chunk)
    rng = random.Random(chunk)
    corpus = [*texts(rng, 300), "pr", "", "rp", "ppr"]
    search = TextSearch(corpus)
    search.prepare()
    blob = "\n".join([*corpus, ""])
    for needle in ["pr", "pp", "e1", "p ", " p", "zz", "rp"]:
        places = search._pairs(needle)
        assert places is not None
        order = np.argsort(places[0])
        at, text = places[0][order], places[1][order]
        expected = [i for i in range(len(blob) - 1) if blob.startswith(needle, i)]
        assert at.tolist() == expected, needle
        local = [a - (blob.rfind("\n", 0, a) + 1) for a in at.tolist()]  # where in its own text
        assert [corpus[t][x:x + 2] for x, t in zip(local, text.tolist())] == [needle] * len(expected), needle
        assert search.find(needle).tolist() == [needle in t for t in corpus], needle


def test_a_pair_common_over_several_chunks_is_given_up_on(monkeypatch):
    """More places than PLACES_MAX per text, though no one chunk of the blob holds that many: counted over all."""
    import kztimeline.model.textsearch as textsearch

    monkeypatch.setattr(textsearch, "CHUNK", 4)
    monkeypatch.setattr(textsearch, "PLACES_MAX", 2)
    corpus = ["ab ab ab ab", "ab ab ab", "x"]  # 7 places of "ab" for 3 texts (over 2 each), at most 2 a chunk
    search = TextSearch(corpus)
    search.prepare()
    assert search._pairs("ab") is None
    assert search.find("ab").tolist() == [True, True, False]
    monkeypatch.setattr(textsearch, "PLACES_MAX", 4)
    assert search._pairs("ab") is not None
