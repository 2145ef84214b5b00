"""The concept of the agreement-kind scheme for the kind a report writes ("соглашение о сотрудничестве").

The head noun decides the family (соглашение, договор, меморандум, протокол,
план / программа / дорожная карта); its subject may narrow it (соглашение о
сотрудничестве → cooperation agreement; соглашение or протокол о намерениях →
agreement of intent). Words are compared by lemma, so "соглашения о культурном
сотрудничестве" and "Соглашение о сотрудничестве" meet.
"""
from __future__ import annotations

import re

from .morph import lemma

HEADS: dict[str, str] = {
    "соглашение": "generalAgreement",
    "договор": "contract",
    "договоренность": "generalAgreement",
    "меморандум": "memorandum",
    "протокол": "protocol",
    "план": "actionPlan",
    "программа": "actionPlan",
    "карта": "actionPlan",
}
#: Subjects that narrow a head, in the order they are tried ("протокол о намерениях").
SUBJECTS: dict[str, tuple[tuple[str, str], ...]] = {
    "generalAgreement": (("намерение", "intentAgreement"), ("сотрудничество", "cooperationAgreement")),
    "protocol": (("намерение", "intentAgreement"),),
}

_WORD = re.compile(r"[А-Яа-яЁё]+")


def agreement_kind(text: str) -> str:
    """Local name of the ``ties`` concept for an agreement kind as written; ``otherAgreement`` if none fits."""
    lemmas = [lemma(w.lower()) for w in _WORD.findall(text)]
    head = next((HEADS[lem] for lem in lemmas if lem in HEADS), "otherAgreement")
    for word, concept in SUBJECTS.get(head, ()):
        if word in lemmas:
            return concept
    return head
