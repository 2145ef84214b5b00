"""Institutions as reports write them: a legal form plus a quoted name, by sphere, for Russian
municipalities and regions and for the two countries whose institutions reports name by
legal form (Belarus, Kazakhstan)."""
from __future__ import annotations

from dataclasses import dataclass

from .forms import inflect_phrase
from .vocabulary import Place

__all__ = ["FOREIGN_ORGS", "Org", "PERSONS_BY", "PERSONS_RU", "REGIONAL_ORGS", "RU_ORGS"]


@dataclass(frozen=True)
class Org:
    """An institution: its legal form, its quoted name, where it is and its country."""

    head: str                 # "МБОУ", or a spelled legal form "Учреждение культуры"
    quoted: str               # "Гимназия № 4"
    place: Place
    country: str
    place_inside: bool = False  # the quoted name already says where ("Гимназия № 7 г. Витебска")

    @property
    def name(self) -> str:
        """As the gold names it: "МБОУ «Гимназия № 4»"."""
        return f"{self.head} «{self.quoted}»"

    def form(self, case: str) -> str:
        """The name in ``case``: the legal form declines unless it is an abbreviation."""
        head = self.head if self.head.replace(" ", "").isupper() else inflect_phrase(self.head, case)
        return f"{head} «{self.quoted}»"


PERSONS_RU = ("П.И. Чайковского", "М.И. Глинки", "С.В. Рахманинова", "А.С. Пушкина", "Л.Н. Толстого",
              "А.Т. Твардовского", "М.В. Ломоносова", "Д.Д. Шостаковича", "И.С. Тургенева", "М.П. Мусоргского",
              "Г.В. Свиридова", "С.С. Прокофьева", "А.П. Чехова", "Н.В. Гоголя", "В.В. Маяковского")
PERSONS_BY = ("Я. Купалы", "Я. Коласа", "М. Богдановича", "Ф. Скорины", "П.Е. Кондратенко", "Л.Н. Филипенко")

#: Russian municipal institutions by sphere: (legal form, quoted name; {n} a number, {person} "им. …",
#: {adj_m}/{adj_f} the town's adjective).
RU_ORGS: dict[str, tuple[tuple[str, str], ...]] = {
    "culture": (("МБУДО", "Детская школа искусств № {n}"), ("МБУДО", "Детская школа искусств № {n} им. {person}"),
                ("МБУДО", "Детская музыкальная школа № {n}"), ("МБУДО", "Детская музыкальная школа им. {person}"),
                ("МБУДО", "Детская художественная школа"), ("МБУК", "Централизованная библиотечная система"),
                ("МБУК", "Культурно-досуговый центр"), ("МБУ", "Центр культуры и молодежной политики")),
    "education": (("МБОУ", "Средняя школа № {n}"), ("МБОУ", "СШ № {n}"), ("МБОУ", "Гимназия № {n}"),
                  ("МБОУ", "Лицей № {n}"), ("МАОУ", "Средняя общеобразовательная школа № {n}"),
                  ("МБОУ", "СШ № {n} с углубленным изучением иностранных языков"), ("МБОУ", "Гимназия им. {person}")),
    "sport": (("МБУ ДО", "Спортивная школа № {n}"), ("МБУ", "Спортивная школа олимпийского резерва"),
              ("МАУ ДО", "Детско-юношеская спортивная школа")),
    "youth": (("МБУ", "Молодежный центр"), ("МБУ", "Центр патриотического воспитания молодежи")),
    "social": (("ОГБУ", "{adj_m} КЦСОН"), ("ОГБУ", "{adj_m} комплексный центр социального обслуживания населения")),
    "health": (("ОГБУЗ", "{adj_f} центральная районная больница"), ("ОГБУЗ", "Городская поликлиника № {n}")),
    "memory": (("МБУК", "{adj_m} историко-краеведческий музей"), ("МБУ", "Центр патриотического воспитания")),
    "tourism": (("МБУ", "Туристско-информационный центр"),),
}
#: Regional institutions, named after the region's capital ({level}: "областной"/"краевой").
REGIONAL_ORGS: dict[str, tuple[tuple[str, str], ...]] = {
    "culture": (("ГБУК", "{adj_m} {level} центр народного творчества"),
                ("ОГБУК", "{adj_m} государственный музей-заповедник"), ("ОГБУК", "{adj_m} {level} театр кукол"),
                ("ГБУК", "{adj_f} {level_f} универсальная научная библиотека им. {person}")),
    "education": (("ГАУ ДПО", "{adj_m} {level} институт развития образования"),),
    "youth": (("ОГБУ", "{adj_m} {level} центр патриотического воспитания"),),
    "social": (("ОГБУ", "{adj_m} {level} геронтологический центр"),),
}
#: Belarusian and Kazakh institutions, the only foreign ones reports name by legal form.
FOREIGN_ORGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "BY": (("education", "ГУО", "Гимназия № {n} г. {gen}"), ("education", "ГУО", "Средняя школа № {n} г. {gen}"),
           ("education", "Государственное учреждение образования", "Средняя школа № {n} г. {gen}"),
           ("education", "ГУО", "Гимназия № {n} г. {gen} им. {by_person}"),
           ("culture", "ГУО", "Детская школа искусств № {n} г. {gen}"),
           ("culture", "Учреждение культуры", "{adj_m} городской центр культуры"),
           ("culture", "ГУК", "{adj_f} централизованная библиотечная система"),
           ("sport", "ГУ", "{adj_f} специализированная детско-юношеская школа олимпийского резерва"),
           ("economy", "ОАО", "{adj_m} мясокомбинат"), ("economy", "ОАО", "{adj_m} молочный комбинат"),
           ("economy", "ОАО", "{adj_m} станкостроительный завод"),
           ("social", "ГУ", "Территориальный центр социального обслуживания населения {district_gen}")),
    "KZ": (("education", "КГУ", "Общеобразовательная школа № {n} отдела образования города {gen}"),
           ("culture", "КГКП", "Детская музыкальная школа № {n} г. {gen}"),
           ("culture", "КГУ", "Централизованная библиотечная система г. {gen}")),
}
