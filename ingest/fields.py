"""Field extractors shared by the table and prose layouts: online, head-count, agreements."""
from __future__ import annotations

import re
from datetime import date

from .dates import parse_range
from .morph import parses, phrase_nominative
from .orgs import OrgMention
from .records import Agreement

_ONLINE = re.compile(
    r"дистанцион|онлайн|он-лайн|online|видеоконференц|видео-конференц|\bВКС\b|видеосвяз|виртуальн"
    r"|заочн|на официальном сайте|в сети Интернет|вебинар|в режиме видео|в формате видео|zoom|скайп|skype|социальн\w+\s+сет|instagram|telegram|вконтакте|телемост",
    re.IGNORECASE,
)


def is_online(text: str) -> bool:
    """The report says the activity was remote (дистанционный формат, ВКС, виртуальная выставка …)."""
    return bool(_ONLINE.search(text))


_NUMBER = r"(\d{1,3}(?:[  ]\d{3})+|\d+)"
_COUNT = re.compile(
    rf"(?:общее\s+)?количество\s+участников[^0-9.;]{{0,25}}?(?:около|более|свыше|порядка|до)?\s*{_NUMBER}"
    rf"|всего\s+(?:[^.;]{{0,60}}?приняли\s+участие\s+|участвовало\s+|участников\s*[–—:-]?\s*)(?:около|более|свыше)?\s*{_NUMBER}\s*(?:человек|участник)",
    re.IGNORECASE,
)


def head_count(text: str) -> int | None:
    """The total head-count when the report states one ("Общее количество участников – 200 человек")."""
    m = _COUNT.search(text)
    if not m:
        return None
    raw = m.group(1) or m.group(2)
    return int(re.sub(r"\D", "", raw))


DOC_NOUN = r"(?:[Сс]оглашени\w*|[Дд]оговор\w*|[Мм]еморандум\w*|[Пп]ротокол\w*|[Пп]лан\w*\s+совместных\s+мероприятий)"
_SIGNED = re.compile(
    r"(?:подписан\w*|заключен\w*|заключён\w*|заключил\w*|пролонгаци\w*|пролонгирован\w*|продлен\w*|продлён\w*|Подписание|"
    r"подписали|подписаны|подписал\w*)",
)
_KIND = re.compile(rf"({DOC_NOUN}(?:\s+(?:о|об)\s+[а-яё]+(?:\s+(?:и|в|по)?\s*[а-яё]+){{0,5}})?)")
#: Where an institution stands as the place of a signing, not as a party: "в санатории «…»", "на базе …".
_VENUE_BEFORE = re.compile(r"(?:\b[вВ]о?|на\s+базе|на\s+территории|в\s+стенах)\s+(?:[а-яё]+\s+){0,2}$")
_FROM_DATE = re.compile(r"\bот\s+(\d{1,2}\.\d{1,2}\.\d{4})")


def agreements(text: str, orgs: list[OrgMention], event_start: date | None, event_end: date | None) -> list[Agreement]:
    """Documents signed or extended in the activity, with their parties and date.

    A document counts when a signing word stands in its sentence ("подписано
    соглашение", "Подписание договора") or it is cited with its date ("Договором
    … от 02.02.2023"); "решение о подписании" (a plan to sign) does not.
    """
    out: list[Agreement] = []
    for sent in _sentences(text):
        s_text, s_start = sent
        for km in _KIND.finditer(s_text):
            kind_raw = km.group(1)
            tail = s_text[km.end():]
            dated = _FROM_DATE.search(tail[:200])
            signed = _SIGNED.search(s_text[:km.start()] + " " + kind_raw + " " + tail[:40])
            planned = re.search(r"о\s+подписании\s*$", s_text[:km.start()]) or re.search(r"решени\w+[^.]{0,80}о\s+подписании", s_text[:km.start()])
            if planned or not (signed or dated):
                continue
            kind = _kind_text(kind_raw)
            lo, hi = s_start + km.end(), s_start + len(s_text)
            signers = [o for o in orgs if not _VENUE_BEFORE.search(text[max(0, o.start - 25):o.start])]
            parties = [o.org.name for o in signers if lo <= o.start < hi]
            if not parties:
                parties = [o.org.name for o in signers if s_start <= o.start < hi]
            when: date | None = None
            if dated:
                when = parse_range(dated.group(1))[0]
            elif event_start and event_start == event_end:
                when = event_start
            agreement = Agreement(kind, tuple(dict.fromkeys(parties)), when)
            if all(a.kind != agreement.kind for a in out):
                out.append(agreement)
            break
    return out


def _verb(word: str) -> bool:
    found = parses(word)
    return bool(found) and found[0].tag.POS in ("VERB", "PRTS")


def _kind_text(raw: str) -> str:
    """"Договором о сотрудничестве" → "договор о сотрудничестве"; stops before names."""
    words = raw.split()
    keep = [words[0]]
    for w in words[1:]:
        if w[:1].isupper() or w in ("между", "с", "со", "от") or _verb(w):
            break  # "Соглашения о побратимстве заключили с …": the kind ends before its verb
        keep.append(w)
    while keep and keep[-1] in ("и", "в", "по", "о", "об"):
        keep.pop()
    head = phrase_nominative(keep[0]).lower()
    return " ".join([head] + keep[1:])


def _sentences(text: str) -> list[tuple[str, int]]:
    """Sentences with offsets; razdel knows initials ("им. Д.С. Русишвили") are no sentence end
    (``text.sentences``: razdel in linear time)."""
    from ties.ingest.text import sentences
    return [(s.text, s.start) for s in sentences(text)]
