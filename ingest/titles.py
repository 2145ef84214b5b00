"""The shortest phrase that names an activity told in a sentence of news.

"6 июля в администрации города Иркутска прошел официальный прием дружественной
делегации …" is titled from its activity noun on ("официальный прием
дружественной делегации …"); "Делегация посетила японский город-побратим" from
its verb, made a noun ("посещение японского …" reads as "посещение японский …",
which is close enough for a title and loses no word of the sentence).
"""
from __future__ import annotations

import re

from .cues import ACTIVITY, Cues
from .morph import parses
from .tokens import tokenize

#: Verbs of activity and the noun that names what they tell.
NOMINAL = {
    "посетить": "посещение", "побывать": "посещение", "приехать": "визит", "прибыть": "визит",
    "прилететь": "визит", "съездить": "поездка", "встретиться": "встреча", "встретить": "встреча",
    "встречать": "встреча", "принимать": "прием", "подписать": "подписание", "подписывать": "подписание",
    "заключить": "заключение", "обсудить": "обсуждение", "обсуждать": "обсуждение",
    "участвовать": "участие", "выступить": "выступление", "наградить": "награждение",
    "вручить": "вручение", "открыть": "открытие", "открыться": "открытие", "познакомиться": "знакомство",
    "отправиться": "поездка",
}
_MAX_WORDS = 14
_CLAUSE_END = re.compile(r"[;:!?]|,\s+(?:который|которая|которое|которые|где|когда|чтобы|что|а|но|после|"
                         r"в ходе|во время|в рамках|с целью|посвященн|приуроченн)\b|\s[-–—]\s")


def _outside_quotes(text: str, pos: int) -> bool:
    return text.count("«", 0, pos) <= text.count("»", 0, pos)


def _clause_end(text: str, start: int) -> int:
    for m in _CLAUSE_END.finditer(text, start):
        if _outside_quotes(text, m.start()):
            return m.start()
    return len(text.rstrip(" ."))


def event_title(sentence: str, cues: Cues) -> str:
    """From the first activity word to the end of its clause, at most ``_MAX_WORDS`` words."""
    text = sentence.strip()
    tokens = tokenize(text)
    for i, tok in enumerate(tokens):
        readings = parses(tok.text.lower())[:2]
        lemma = readings[0].normal_form.replace("ё", "е") if readings else tok.text.lower()
        if lemma not in ACTIVITY or lemma == "делегация" and i + 1 < len(tokens) and lemma not in cues.activity:
            continue
        pos = readings[0].tag.POS if readings else None
        if pos in ("VERB", "INFN", "PRTS", "PRTF", "GRND"):
            noun = NOMINAL.get(lemma)
            if noun is None:
                continue  # "прошел", "провел": the activity is named after them
            begin, prefix = tok.end, noun + " "
        else:
            begin, prefix = tok.start, ""
            # Adjectives in front belong to the name: "официальный прием".
            j = i
            while j > 0 and parses(tokens[j - 1].text.lower())[0].tag.POS in ("ADJF", "PRTF") \
                    and text[tokens[j - 1].end:tokens[j].start].strip() == "":
                j -= 1
            begin = tokens[j].start
        end = _clause_end(text, begin)
        words = (prefix + text[begin:end]).split()
        return " ".join(words[:_MAX_WORDS]).rstrip(",.")
    return " ".join(text.split()[:_MAX_WORDS]).rstrip(",.")
