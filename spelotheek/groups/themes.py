"""The standard session themes, in Dutch (the source) with their translations."""

from __future__ import annotations

# Dutch source text -> {language: translation}; see spelotheek/content.py.
THEME_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Kennismaken": {
        "fr": "Faire connaissance",
        "en": "Getting to know each other",
        "ar": "التعارف",
        "tr": "Tanışma",
    },
    "Gezond eten en bewegen": {
        "fr": "Bien manger et bouger",
        "en": "Eating well and moving",
        "ar": "الأكل الصحي والحركة",
        "tr": "İyi beslenmek ve hareket etmek",
    },
    "Hoe je baby groeit": {
        "fr": "Comment grandit le bébé",
        "en": "How the baby grows",
        "ar": "كيف ينمو الطفل",
        "tr": "Bebek nasıl büyür",
    },
    "Je goed voelen: stress, slaap, stemming": {
        "fr": "Se sentir bien : stress, sommeil, humeur",
        "en": "Feeling good: stress, sleep, mood",
        "ar": "الشعور بالراحة: التوتر والنوم والمزاج",
        "tr": "Kendini iyi hissetmek: stres, uyku, ruh hâli",
    },
    "Je baby voeden": {
        "fr": "Nourrir son bébé",
        "en": "Feeding your baby",
        "ar": "تغذية طفلك",
        "tr": "Bebeğini beslemek",
    },
    "Klaar voor de bevalling": {
        "fr": "Se préparer à l'accouchement",
        "en": "Getting ready for the birth",
        "ar": "الاستعداد للولادة",
        "tr": "Doğuma hazırlanmak",
    },
    "De bevalling: wat gebeurt er?": {
        "fr": "L'accouchement : ce qui se passe",
        "en": "The birth: what happens",
        "ar": "الولادة: ماذا يحدث؟",
        "tr": "Doğum: neler olur?",
    },
    "De eerste dagen thuis": {
        "fr": "Les premiers jours à la maison",
        "en": "The first days at home",
        "ar": "الأيام الأولى في البيت",
        "tr": "Evde ilk günler",
    },
    "Zorgen voor een pasgeboren baby, hulp rondom jou": {
        "fr": "Prendre soin d'un nouveau-né, l'aide autour de vous",
        "en": "Caring for a newborn, help around you",
        "ar": "رعاية المولود الجديد والمساعدة من حولك",
        "tr": "Yenidoğan bakımı, çevrendeki destek",
    },
    "Weerzien met de baby's": {
        "fr": "Retrouvailles avec les bébés",
        "en": "Reunion with the babies",
        "ar": "لقاء جديد مع الأطفال",
        "tr": "Bebeklerle yeniden buluşma",
    },
}
