"""The demo network's texts: organisations, places, services and rights around Gent, in
the five languages (invented names and phone numbers; Gent's streets, postcodes and stops).
Loaded by spelotheek/network/demo.py."""

from __future__ import annotations

from typing import Any

Texts = dict[str, str]

PARTNER_EMAIL = "partner@demo.spelotheek.be"
PARTNER_ORGANIZATION = "Welzijnsschakel De Brug"
GENT = ["9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"]
STALE_DAYS = 200  # older than six months: on the coordinator's list of entries to check


# -- short phrases, written once in every language and combined below ---------------------------
BRING: dict[str, Texts] = {
    "id": {
        "nl": "je identiteitskaart",
        "fr": "ta carte d'identité",
        "en": "your identity card",
        "ar": "بطاقة هويتك",
        "tr": "kimlik kartın",
    },
    "income": {
        "nl": "bewijs van je inkomen (loonbrief of uitkering) van de laatste 3 maanden",
        "fr": "une preuve de tes revenus (fiche de paie ou allocation) des 3 derniers mois",
        "en": "proof of your income (payslip or benefit) for the last 3 months",
        "ar": "إثبات دخلك (قسيمة الراتب أو الإعانة) لآخر 3 أشهر",
        "tr": "son 3 ayın gelir belgesi (maaş bordrosu veya yardım)",
    },
    "rent": {
        "nl": "je huurcontract",
        "fr": "ton contrat de location",
        "en": "your rental contract",
        "ar": "عقد الإيجار",
        "tr": "kira sözleşmen",
    },
    "bill": {
        "nl": "je laatste factuur van water of energie",
        "fr": "ta dernière facture d'eau ou d'énergie",
        "en": "your last water or energy bill",
        "ar": "آخر فاتورة للماء أو الطاقة",
        "tr": "son su veya enerji faturan",
    },
    "booklet": {
        "nl": "het boekje van je kind",
        "fr": "le carnet de ton enfant",
        "en": "your child's health booklet",
        "ar": "دفتر طفلك الصحي",
        "tr": "çocuğunun sağlık karnesi",
    },
    "health_card": {
        "nl": "je kaart of sticker van het ziekenfonds",
        "fr": "ta carte ou vignette de mutuelle",
        "en": "your health insurance card or sticker",
        "ar": "بطاقة أو ملصق التأمين الصحي",
        "tr": "sağlık sigortası kartın veya etiketin",
    },
    "letters": {
        "nl": "de brieven die je kreeg",
        "fr": "les lettres que tu as reçues",
        "en": "the letters you received",
        "ar": "الرسائل التي وصلتك",
        "tr": "aldığın mektuplar",
    },
    "bank": {
        "nl": "je bankkaart of rekeningnummer",
        "fr": "ta carte bancaire ou ton numéro de compte",
        "en": "your bank card or account number",
        "ar": "بطاقتك البنكية أو رقم حسابك",
        "tr": "banka kartın veya hesap numaran",
    },
    "school_letter": {
        "nl": "de brief of het rapport van de school",
        "fr": "la lettre ou le bulletin de l'école",
        "en": "the letter or report from the school",
        "ar": "رسالة المدرسة أو بطاقة النتائج",
        "tr": "okulun mektubu veya karnesi",
    },
    "bike": {
        "nl": "je fiets",
        "fr": "ton vélo",
        "en": "your bike",
        "ar": "درّاجتك",
        "tr": "bisikletin",
    },
    "nothing": {
        "nl": "niets, kom gewoon langs",
        "fr": "rien, passe simplement",
        "en": "nothing, just drop in",
        "ar": "لا شيء، تعال فقط",
        "tr": "hiçbir şey, sadece gel",
    },
}

AUDIENCE: dict[str, Texts] = {
    "everyone": {
        "nl": "Alle gezinnen.",
        "fr": "Toutes les familles.",
        "en": "All families.",
        "ar": "كل العائلات.",
        "tr": "Tüm aileler.",
    },
    "gent": {
        "nl": "Gezinnen die in Gent wonen.",
        "fr": "Les familles qui habitent à Gand.",
        "en": "Families who live in Ghent.",
        "ar": "العائلات التي تسكن في خنت.",
        "tr": "Gent'te yaşayan aileler.",
    },
    "low_income": {
        "nl": "Gezinnen met een klein inkomen of met een verhoogde tegemoetkoming.",
        "fr": "Les familles avec un petit revenu ou avec l'intervention majorée.",
        "en": "Families with a low income or with the increased allowance.",
        "ar": "العائلات ذات الدخل المحدود أو التي لديها التعويض المرتفع.",
        "tr": "Düşük gelirli veya artırılmış geri ödemesi olan aileler.",
    },
    "babies": {
        "nl": "Zwangere vrouwen en ouders van kinderen tot 3 jaar.",
        "fr": "Les femmes enceintes et les parents d'enfants jusqu'à 3 ans.",
        "en": "Pregnant women and parents of children up to 3.",
        "ar": "النساء الحوامل وآباء الأطفال حتى 3 سنوات.",
        "tr": "Hamile kadınlar ve 3 yaşına kadar çocuğu olan anne babalar.",
    },
    "young_children": {
        "nl": "Ouders met kinderen tot 12 jaar.",
        "fr": "Les parents d'enfants jusqu'à 12 ans.",
        "en": "Parents of children up to 12.",
        "ar": "آباء الأطفال حتى 12 سنة.",
        "tr": "12 yaşına kadar çocuğu olan anne babalar.",
    },
    "school_children": {
        "nl": "Ouders van kinderen die naar school gaan.",
        "fr": "Les parents d'enfants qui vont à l'école.",
        "en": "Parents of children who go to school.",
        "ar": "آباء الأطفال الذين يذهبون إلى المدرسة.",
        "tr": "Okula giden çocukların anne babaları.",
    },
    "job_seekers": {
        "nl": "Ouders die werk zoeken.",
        "fr": "Les parents qui cherchent du travail.",
        "en": "Parents who are looking for work.",
        "ar": "الآباء الذين يبحثون عن عمل.",
        "tr": "İş arayan anne babalar.",
    },
    "newcomers": {
        "nl": "Gezinnen die nog niet lang in België wonen.",
        "fr": "Les familles qui vivent en Belgique depuis peu.",
        "en": "Families who have not lived in Belgium for long.",
        "ar": "العائلات التي تعيش في بلجيكا منذ وقت قصير.",
        "tr": "Belçika'da kısa süredir yaşayan aileler.",
    },
    "parents": {
        "nl": "Moeders en vaders die het moeilijk hebben.",
        "fr": "Les mères et les pères qui traversent un moment difficile.",
        "en": "Mothers and fathers who are going through a hard time.",
        "ar": "الأمهات والآباء الذين يمرّون بوقت صعب.",
        "tr": "Zor bir dönem geçiren anneler ve babalar.",
    },
}

COST_DETAILS: dict[str, Texts] = {
    "income_rate": {
        "nl": "Je betaalt volgens je inkomen: tussen 2 en 32 euro per dag. Met een klein inkomen "
        "of een verhoogde tegemoetkoming betaal je minder.",
        "fr": "Tu paies selon tes revenus : entre 2 et 32 euros par jour. Avec un petit revenu "
        "ou l'intervention majorée, tu paies moins.",
        "en": "You pay according to your income: between 2 and 32 euros a day. With a low "
        "income or the increased allowance you pay less.",
        "ar": "تدفع حسب دخلك: بين 2 و32 يورو في اليوم. إذا كان دخلك محدوداً أو لديك التعويض "
        "المرتفع تدفع أقل.",
        "tr": "Gelirine göre ödersin: günde 2 ile 32 euro arası. Düşük gelirle veya artırılmış "
        "geri ödemeyle daha az ödersin.",
    },
    "pass": {
        "nl": "Met de UiTPAS met kansentarief betaal je 20 procent van de prijs.",
        "fr": "Avec l'UiTPAS au tarif réduit, tu paies 20 pour cent du prix.",
        "en": "With the UiTPAS at the reduced rate you pay 20 percent of the price.",
        "ar": "مع بطاقة UiTPAS بالسعر المخفّض تدفع 20 بالمئة من السعر.",
        "tr": "İndirimli UiTPAS ile fiyatın yüzde 20'sini ödersin.",
    },
    "bike_repair": {
        "nl": "Herstellen is gratis, je betaalt alleen de onderdelen. Een tweedehandsfiets kost "
        "25 euro, met de UiTPAS met kansentarief 5 euro.",
        "fr": "La réparation est gratuite, tu paies seulement les pièces. Un vélo d'occasion "
        "coûte 25 euros, 5 euros avec l'UiTPAS au tarif réduit.",
        "en": "Repairs are free, you only pay for the parts. A second-hand bike costs 25 euros, "
        "5 euros with the UiTPAS at the reduced rate.",
        "ar": "الإصلاح مجاني، تدفع فقط ثمن القطع. الدراجة المستعملة تكلف 25 يورو، و5 يورو مع "
        "بطاقة UiTPAS بالسعر المخفّض.",
        "tr": "Tamir ücretsiz, sadece parçaları ödersin. İkinci el bisiklet 25 euro, indirimli "
        "UiTPAS ile 5 euro.",
    },
    "shop": {
        "nl": "Je betaalt ongeveer de helft van de prijs in de winkel. Je krijgt een kaart van "
        "het Sociaal Huis of het CAW.",
        "fr": "Tu paies environ la moitié du prix en magasin. Tu reçois une carte du Sociaal "
        "Huis ou du centre d'aide sociale.",
        "en": "You pay about half the shop price. You get a card from the Sociaal Huis or the "
        "welfare centre.",
        "ar": "تدفع حوالي نصف سعر المتجر. تحصل على بطاقة من البيت الاجتماعي أو من مركز الرعاية.",
        "tr": "Mağaza fiyatının yaklaşık yarısını ödersin. Kartı Sosyal Ev'den veya refah "
        "merkezinden alırsın.",
    },
    "transit": {
        "nl": "Een jaarabonnement voor bus en tram kost 12 euro in plaats van 60 euro.",
        "fr": "Un abonnement annuel bus et tram coûte 12 euros au lieu de 60 euros.",
        "en": "A year pass for bus and tram costs 12 euros instead of 60 euros.",
        "ar": "الاشتراك السنوي للحافلة والترام يكلف 12 يورو بدلاً من 60 يورو.",
        "tr": "Otobüs ve tramvay için yıllık abonman 60 euro yerine 12 euro.",
    },
    "doctor": {
        "nl": "Ben je ingeschreven, dan betaal je niets bij de dokter: het ziekenfonds betaalt.",
        "fr": "Si tu es inscrit, tu ne paies rien chez le médecin : la mutuelle paie.",
        "en": "Once you are registered, you pay nothing at the doctor's: the health insurance "
        "pays.",
        "ar": "بعد التسجيل لا تدفع شيئاً عند الطبيب: التأمين الصحي يدفع.",
        "tr": "Kayıtlıysan doktorda hiçbir şey ödemezsin: sağlık sigortası öder.",
    },
    "midwife": {
        "nl": "Het ziekenfonds betaalt bijna alles terug. Je betaalt hoogstens 5 euro per bezoek.",
        "fr": "La mutuelle rembourse presque tout. Tu paies au maximum 5 euros par visite.",
        "en": "Health insurance pays back almost everything. You pay at most 5 euros a visit.",
        "ar": "التأمين الصحي يعيد لك كل شيء تقريباً. تدفع 5 يورو على الأكثر لكل زيارة.",
        "tr": "Sağlık sigortası neredeyse her şeyi geri öder. Ziyaret başına en fazla 5 euro "
        "ödersin.",
    },
    "therapy": {
        "nl": "Je betaalt 11 euro per gesprek, of 4 euro met een verhoogde tegemoetkoming.",
        "fr": "Tu paies 11 euros par entretien, ou 4 euros avec l'intervention majorée.",
        "en": "You pay 11 euros a talk, or 4 euros with the increased allowance.",
        "ar": "تدفع 11 يورو لكل جلسة، أو 4 يورو مع التعويض المرتفع.",
        "tr": "Görüşme başına 11 euro, artırılmış geri ödemeyle 4 euro ödersin.",
    },
    "playground": {
        "nl": "Een dag kost 6 euro; met de UiTPAS met kansentarief 1,20 euro.",
        "fr": "Une journée coûte 6 euros ; 1,20 euro avec l'UiTPAS au tarif réduit.",
        "en": "A day costs 6 euros; 1.20 euros with the UiTPAS at the reduced rate.",
        "ar": "اليوم الواحد يكلف 6 يورو؛ و1.20 يورو مع بطاقة UiTPAS بالسعر المخفّض.",
        "tr": "Bir gün 6 euro; indirimli UiTPAS ile 1,20 euro.",
    },
}

TRANSIT: Texts = {
    "nl": "{mode} {line}, halte {stop}",
    "fr": "{mode} {line}, arrêt {stop}",
    "en": "{mode} {line}, stop {stop}",
    "ar": "{mode} {line}، محطة {stop}",
    "tr": "{mode} {line}, {stop} durağı",
}
MODES: dict[str, Texts] = {
    "tram": {"nl": "Tram", "fr": "Tram", "en": "Tram", "ar": "ترام", "tr": "Tramvay"},
    "bus": {"nl": "Bus", "fr": "Bus", "en": "Bus", "ar": "حافلة", "tr": "Otobüs"},
}
ACCESS_NOTES: dict[str, Texts] = {
    "lift": {
        "nl": "Ingang gelijkvloers en een lift; plaats voor de buggy.",
        "fr": "Entrée de plain-pied et un ascenseur ; de la place pour la poussette.",
        "en": "Entrance at street level and a lift; room for the pram.",
        "ar": "مدخل على مستوى الشارع ومصعد؛ ومكان لعربة الطفل.",
        "tr": "Giriş sokak seviyesinde ve asansör var; bebek arabası için yer var.",
    },
    "steps": {
        "nl": "Drie treden aan de ingang; bel aan, dan helpen we je binnen.",
        "fr": "Trois marches à l'entrée ; sonne et nous t'aidons à entrer.",
        "en": "Three steps at the entrance; ring the bell and we will help you in.",
        "ar": "ثلاث درجات عند المدخل؛ اضغط الجرس وسنساعدك على الدخول.",
        "tr": "Girişte üç basamak var; zili çal, içeri girmene yardım ederiz.",
    },
    "ground": {
        "nl": "Alles op het gelijkvloers, brede deur.",
        "fr": "Tout au rez-de-chaussée, porte large.",
        "en": "Everything on the ground floor, wide door.",
        "ar": "كل شيء في الطابق الأرضي، باب عريض.",
        "tr": "Her şey zemin katta, geniş kapı.",
    },
}


# -- organisations and their places -----------------------------------------------------------
# key: (name, what it is in five languages, phone, website)
ORGANIZATIONS: dict[str, tuple[str, Texts, str, str]] = {
    "sociaal_huis": (
        "Sociaal Huis Leiekant",
        {
            "nl": "Het sociaal huis van de stad: geld, premies, wonen en papieren.",
            "fr": "Le centre social de la ville : argent, primes, logement et papiers.",
            "en": "The city's social centre: money, allowances, housing and papers.",
            "ar": "المركز الاجتماعي للمدينة: المال والمنح والسكن والأوراق.",
            "tr": "Şehrin sosyal merkezi: para, primler, konut ve evraklar.",
        },
        "09 399 10 00",
        "https://sociaalhuis-leiekant.example",
    ),
    "huis_kind": (
        "Huis van het Kind De Wieg",
        {
            "nl": "Alles voor ouders met kleine kinderen onder één dak.",
            "fr": "Tout pour les parents de jeunes enfants sous un même toit.",
            "en": "Everything for parents of young children under one roof.",
            "ar": "كل ما يحتاجه آباء الأطفال الصغار تحت سقف واحد.",
            "tr": "Küçük çocuklu anne babalar için her şey tek çatı altında.",
        },
        "09 399 20 00",
        "https://dewieg.example",
    ),
    "caw": (
        "Welzijnscentrum Leie en Schelde",
        {
            "nl": "Het algemeen welzijnswerk: met elke vraag kan je hier terecht.",
            "fr": "L'aide sociale générale : tu peux venir ici avec chaque question.",
            "en": "General welfare work: you can come here with any question.",
            "ar": "العمل الاجتماعي العام: يمكنك المجيء إلى هنا بأي سؤال.",
            "tr": "Genel sosyal hizmet: her sorunla buraya gelebilirsin.",
        },
        "09 399 30 00",
        "https://leie-schelde.example",
    ),
    "nestje": (
        "Kinderopvang Het Nestje",
        {
            "nl": "Kinderopvang voor baby's en peuters, met een prijs volgens je inkomen.",
            "fr": "Accueil des bébés et des bambins, au prix selon tes revenus.",
            "en": "Childcare for babies and toddlers, priced by your income.",
            "ar": "حضانة للرضّع والأطفال الصغار بسعر حسب دخلك.",
            "tr": "Bebekler ve küçük çocuklar için gelirine göre ücretli bakım.",
        },
        "09 399 40 00",
        "https://hetnestje.example",
    ),
    "bib": (
        "Bibliotheek Lindenhof",
        {
            "nl": "De bibliotheek van de wijk: boeken, spelletjes, computers en hulp.",
            "fr": "La bibliothèque du quartier : livres, jeux, ordinateurs et aide.",
            "en": "The neighbourhood library: books, games, computers and help.",
            "ar": "مكتبة الحي: كتب وألعاب وحواسيب ومساعدة.",
            "tr": "Mahalle kütüphanesi: kitaplar, oyunlar, bilgisayarlar ve yardım.",
        },
        "09 399 50 00",
        "https://bib-lindenhof.example",
    ),
    "brug": (
        PARTNER_ORGANIZATION,
        {
            "nl": "Een vereniging waar mensen met weinig geld samenkomen en elkaar helpen.",
            "fr": "Une association où des personnes avec peu d'argent se retrouvent et "
            "s'entraident.",
            "en": "An association where people with little money meet and help each other.",
            "ar": "جمعية يلتقي فيها أشخاص لديهم القليل من المال ويساعدون بعضهم.",
            "tr": "Az parası olan insanların buluşup birbirine yardım ettiği bir dernek.",
        },
        "09 399 60 00",
        "https://debrug.example",
    ),
    "woon": (
        "Woonmaatschappij Leiestad",
        {
            "nl": "Sociale woningen huren in Gent.",
            "fr": "Louer un logement social à Gand.",
            "en": "Renting social homes in Ghent.",
            "ar": "استئجار سكن اجتماعي في خنت.",
            "tr": "Gent'te sosyal konut kiralama.",
        },
        "09 399 70 00",
        "https://leiestad-wonen.example",
    ),
    "energie": (
        "Energiepunt Gent",
        {
            "nl": "Advies en hulp om minder te betalen voor energie en water.",
            "fr": "Conseils et aide pour payer moins pour l'énergie et l'eau.",
            "en": "Advice and help to pay less for energy and water.",
            "ar": "نصائح ومساعدة لتدفع أقل مقابل الطاقة والماء.",
            "tr": "Enerji ve su için daha az ödemek üzere öneri ve yardım.",
        },
        "09 399 71 00",
        "https://energiepunt.example",
    ),
    "recht": (
        "Rechtswinkel Zuid",
        {
            "nl": "Gratis juridisch advies door vrijwillige juristen.",
            "fr": "Des conseils juridiques gratuits par des juristes bénévoles.",
            "en": "Free legal advice from volunteer lawyers.",
            "ar": "استشارات قانونية مجانية من حقوقيين متطوعين.",
            "tr": "Gönüllü hukukçulardan ücretsiz hukuki danışmanlık.",
        },
        "09 399 80 00",
        "https://rechtswinkel-zuid.example",
    ),
    "advocaten": (
        "Bureau Juridische Bijstand Oost",
        {
            "nl": "Hier vraag je een gratis of goedkope advocaat aan.",
            "fr": "Ici, tu demandes un avocat gratuit ou bon marché.",
            "en": "Where you ask for a free or low-cost lawyer.",
            "ar": "هنا تطلب محامياً مجانياً أو بسعر منخفض.",
            "tr": "Burada ücretsiz veya ucuz bir avukat istersin.",
        },
        "09 399 81 00",
        "https://bjb-oost.example",
    ),
    "school": (
        "Schoolbrug Gent",
        {
            "nl": "Een brug tussen ouders en school.",
            "fr": "Un pont entre les parents et l'école.",
            "en": "A bridge between parents and school.",
            "ar": "جسر بين الآباء والمدرسة.",
            "tr": "Anne babalarla okul arasında bir köprü.",
        },
        "09 399 82 00",
        "https://schoolbrug.example",
    ),
    "werk": (
        "Werkwinkel Rabot",
        {
            "nl": "Hulp bij werk zoeken, dicht bij huis.",
            "fr": "De l'aide pour chercher du travail, près de chez toi.",
            "en": "Help to find work, close to home.",
            "ar": "مساعدة في البحث عن عمل، قريباً من بيتك.",
            "tr": "Evine yakın, iş aramada yardım.",
        },
        "09 399 83 00",
        "https://werkwinkel-rabot.example",
    ),
    "vrije_tijd": (
        "Vrijetijdsloket Gent",
        {
            "nl": "Sport, cultuur en spelen voor iedereen, ook met een kleine portemonnee.",
            "fr": "Sport, culture et jeux pour tous, aussi avec un petit budget.",
            "en": "Sport, culture and play for everyone, also on a small budget.",
            "ar": "رياضة وثقافة ولعب للجميع، حتى بميزانية صغيرة.",
            "tr": "Herkes için spor, kültür ve oyun, küçük bütçeyle de.",
        },
        "09 399 84 00",
        "https://vrijetijd-gent.example",
    ),
    "fiets": (
        "Fietspunt Dampoort",
        {
            "nl": "Fietsen herstellen, kopen en leren fietsen.",
            "fr": "Réparer et acheter des vélos, et apprendre à rouler.",
            "en": "Repairing and buying bikes, and learning to ride.",
            "ar": "إصلاح الدراجات وشراؤها وتعلّم ركوبها.",
            "tr": "Bisiklet tamiri, satın alma ve bisiklet sürmeyi öğrenme.",
        },
        "09 399 85 00",
        "https://fietspunt-dampoort.example",
    ),
    "integratie": (
        "Integratiepunt Gent",
        {
            "nl": "Tolken, vertalen en hulp voor nieuwkomers.",
            "fr": "Interprétariat, traduction et aide pour les nouveaux arrivants.",
            "en": "Interpreting, translation and help for newcomers.",
            "ar": "ترجمة فورية وترجمة ومساعدة للقادمين الجدد.",
            "tr": "Yeni gelenler için tercümanlık, çeviri ve yardım.",
        },
        "09 399 86 00",
        "https://integratiepunt.example",
    ),
    "cgg": (
        "Centrum Ouder en Kind Welzijn",
        {
            "nl": "Geestelijke gezondheidszorg voor ouders en jonge kinderen.",
            "fr": "Des soins de santé mentale pour les parents et les jeunes enfants.",
            "en": "Mental health care for parents and young children.",
            "ar": "رعاية الصحة النفسية للآباء والأطفال الصغار.",
            "tr": "Anne babalar ve küçük çocuklar için ruh sağlığı hizmeti.",
        },
        "09 399 87 00",
        "https://ouderenkind.example",
    ),
    "vroedvrouw": (
        "Vroedvrouwenpraktijk De Levensboom",
        {
            "nl": "Vroedvrouwen voor, tijdens en na de geboorte.",
            "fr": "Des sages-femmes avant, pendant et après la naissance.",
            "en": "Midwives before, during and after the birth.",
            "ar": "قابلات قبل الولادة وأثناءها وبعدها.",
            "tr": "Doğumdan önce, doğum sırasında ve sonrasında ebeler.",
        },
        "09 399 88 00",
        "https://levensboom.example",
    ),
    "wgc": (
        "Wijkgezondheidscentrum De Kaai",
        {
            "nl": "Huisartsen, verpleging en kinesitherapie in de wijk.",
            "fr": "Médecins généralistes, soins infirmiers et kinésithérapie dans le quartier.",
            "en": "Family doctors, nursing and physiotherapy in the neighbourhood.",
            "ar": "أطباء عائلة وتمريض وعلاج طبيعي في الحي.",
            "tr": "Mahallede aile hekimleri, hemşirelik ve fizyoterapi.",
        },
        "09 399 89 00",
        "https://dekaai.example",
    ),
    "groeikans": (
        "Gezinsbijslagfonds Groeikans",
        {
            "nl": "Het fonds dat het Groeipakket (kinderbijslag) betaalt.",
            "fr": "La caisse qui paie le Groeipakket (allocations familiales).",
            "en": "The fund that pays the Growth Package (child benefit).",
            "ar": "الصندوق الذي يدفع حزمة النمو (الإعانات العائلية).",
            "tr": "Büyüme Paketi'ni (çocuk yardımı) ödeyen fon.",
        },
        "078 15 99 00",
        "https://groeikans.example",
    ),
}

# key: (organisation, name, address, postcode, latitude, longitude,
#       (mode, line, stop), step-free, access note)
Place = tuple[str, str, str, str, float, float, tuple[str, str, str], bool | None, str]
PLACES: dict[str, Place] = {
    "sh_rabot": ("sociaal_huis", "Sociaal Huis Rabot", "Rabotstraat 58", "9000",
                 51.0618, 3.7138, ("tram", "1", "Rabot"), True, "lift"),
    "sh_ledeberg": ("sociaal_huis", "Sociaal Huis Ledeberg", "Brusselsesteenweg 140", "9050",
                    51.0381, 3.7403, ("bus", "70", "Ledeberg Plein"), True, "ground"),
    "wieg": ("huis_kind", "Huis van het Kind De Wieg", "Sleepstraat 112", "9000",
             51.0622, 3.7230, ("bus", "5", "Sleepstraat"), True, "ground"),
    "caw": ("caw", "Onthaal Leie en Schelde", "Steendam 31", "9000",
            51.0576, 3.7288, ("bus", "3", "Steendam"), False, "steps"),
    "nestje": ("nestje", "Het Nestje", "Bevrijdingslaan 21", "9000",
               51.0552, 3.7008, ("tram", "1", "Bevrijdingslaan"), True, "ground"),
    "bib": ("bib", "Bibliotheek Lindenhof", "Wondelgemstraat 80", "9000",
            51.0660, 3.7157, ("bus", "6", "Wondelgemstraat"), True, "lift"),
    "bib_amand": ("bib", "Bibliotheek Lindenhof — filiaal Sint-Amandsberg",
                  "Antwerpsesteenweg 215", "9040", 51.0629, 3.7560,
                  ("tram", "4", "Heiveld"), None, "ground"),
    "brug": ("brug", "De Brug", "Dampoortstraat 44", "9000",
             51.0578, 3.7388, ("bus", "3", "Dampoort"), False, "steps"),
    "woon": ("woon", "Klantenkantoor Leiestad", "Kortrijksesteenweg 310", "9000",
             51.0400, 3.7065, ("tram", "2", "Kortrijksepoort"), True, "lift"),
    "energie": ("energie", "Energiepunt", "Hundelgemsesteenweg 95", "9050",
                51.0360, 3.7500, ("bus", "9", "Hundelgem"), True, "ground"),
    "recht": ("recht", "Rechtswinkel Zuid", "Sint-Pietersnieuwstraat 150", "9000",
              51.0437, 3.7240, ("tram", "4", "Sint-Pietersplein"), False, "steps"),
    "advocaten": ("advocaten", "Bureau Juridische Bijstand", "Nieuwewandeling 62", "9000",
                  51.0575, 3.7045, ("bus", "17", "Nieuwewandeling"), True, "lift"),
    "school": ("school", "Schoolbrug", "Tweebruggenstraat 12", "9000",
               51.0520, 3.7330, ("tram", "4", "Tweebruggen"), True, "ground"),
    "werk": ("werk", "Werkwinkel Rabot", "Gasmeterlaan 40", "9000",
             51.0650, 3.7090, ("tram", "1", "Gasmeterlaan"), True, "ground"),
    "vrije_tijd": ("vrije_tijd", "Vrijetijdsloket", "Zuidparklaan 8", "9000",
                   51.0470, 3.7310, ("bus", "5", "Zuid"), True, "lift"),
    "fiets": ("fiets", "Fietspunt Dampoort", "Land van Waaslaan 3", "9040",
              51.0562, 3.7418, ("bus", "3", "Dampoort station"), True, "ground"),
    "integratie": ("integratie", "Integratiepunt", "Keizer Karelstraat 40", "9000",
                   51.0555, 3.7345, ("tram", "2", "Keizer Karelstraat"), True, "lift"),
    "cgg": ("cgg", "Ouder en Kind Welzijn", "Tolhuislaan 18", "9000",
            51.0640, 3.7260, ("bus", "5", "Tolhuis"), False, "steps"),
    "vroedvrouw": ("vroedvrouw", "De Levensboom", "Meulestedesteenweg 120", "9000",
                   51.0780, 3.7220, ("bus", "6", "Meulestede"), True, "ground"),
    "wgc": ("wgc", "Wijkgezondheidscentrum De Kaai", "Ledebergplein 9", "9050",
            51.0385, 3.7370, ("bus", "70", "Ledeberg Plein"), True, "lift"),
    "groeikans": ("groeikans", "Groeikans Gent", "Martelaarslaan 200", "9000",
                  51.0530, 3.7050, ("tram", "1", "Martelaarslaan"), True, "lift"),
}  # fmt: skip

# -- services ---------------------------------------------------------------------------------
# Each: where, which domains, the name and a plain description in five languages, who it is
# for, what it costs, what to bring, languages, walk-in or appointment, hours at every place.
# "dutch_bring": what to bring is left only in Dutch on purpose, so the marker shows.
SERVICES: list[dict[str, Any]] = [
    {
        "org": "sociaal_huis", "places": ("sh_rabot", "sh_ledeberg"),
        "domains": ("income", "papers"),
        "name": {
            "nl": "Onthaal Sociaal Huis",
            "fr": "Accueil du Sociaal Huis",
            "en": "Sociaal Huis front desk",
            "ar": "استقبال البيت الاجتماعي",
            "tr": "Sosyal Ev danışma",
        },
        "description": {
            "nl": "Heb je te weinig geld om rond te komen? Kom langs. We bekijken samen welke "
            "hulp en premies je kan krijgen.",
            "fr": "Tu n'as pas assez d'argent pour vivre ? Passe nous voir. Nous regardons "
            "ensemble quelle aide et quelles primes tu peux recevoir.",
            "en": "Not enough money to get by? Come and see us. Together we look at which help "
            "and allowances you can get.",
            "ar": "هل مالك لا يكفي للعيش؟ تعال إلينا. نبحث معاً عن المساعدة والمنح التي يمكنك "
            "الحصول عليها.",
            "tr": "Geçinmek için yeterli paran yok mu? Bize gel. Hangi yardımları ve primleri "
            "alabileceğine birlikte bakarız.",
        },
        "audience": "gent", "cost": "free", "bring": ("id", "income", "rent"),
        "languages": ["nl", "fr", "en"], "interpreter": True, "access": "walk_in",
        "hours": [(0, "09:00", "12:00"), (2, "09:00", "12:00"), (3, "13:30", "16:30")],
        "phone": "09 399 10 01",
    },
    {
        "org": "sociaal_huis", "places": ("sh_rabot",), "domains": ("income",),
        "name": {
            "nl": "Schuldhulp en budgetbegeleiding",
            "fr": "Aide aux dettes et accompagnement budgétaire",
            "en": "Debt help and budget coaching",
            "ar": "المساعدة في الديون وتنظيم الميزانية",
            "tr": "Borç yardımı ve bütçe danışmanlığı",
        },
        "description": {
            "nl": "Heb je schulden of rekeningen die je niet kan betalen? We maken samen een "
            "plan en praten met wie je geld moet krijgen.",
            "fr": "Tu as des dettes ou des factures que tu ne peux pas payer ? Nous faisons un "
            "plan ensemble et nous parlons avec tes créanciers.",
            "en": "Do you have debts or bills you cannot pay? We make a plan together and talk "
            "to the people you owe money.",
            "ar": "هل عليك ديون أو فواتير لا تستطيع دفعها؟ نضع خطة معاً ونتحدث مع الجهات التي "
            "تطالبك بالمال.",
            "tr": "Ödeyemediğin borçların veya faturaların mı var? Birlikte bir plan yaparız ve "
            "alacaklılarınla konuşuruz.",
        },
        "audience": "gent", "cost": "free", "bring": ("id", "income", "letters", "bank"),
        "languages": ["nl", "fr"], "interpreter": True, "access": "appointment",
        "hours": [(1, "09:00", "12:00"), (3, "09:00", "12:00")],
        "phone": "09 399 10 02", "stale": True,
    },
    {
        "org": "sociaal_huis", "places": ("sh_rabot", "sh_ledeberg"),
        "domains": ("income", "housing"),
        "name": {
            "nl": "Premieloket: water en energie",
            "fr": "Guichet des primes : eau et énergie",
            "en": "Allowance desk: water and energy",
            "ar": "شباك المنح: الماء والطاقة",
            "tr": "Prim masası: su ve enerji",
        },
        "description": {
            "nl": "Hier vraag je de waterpremie en de energiepremie van de stad aan. We kijken "
            "ook of je het sociaal tarief voor energie krijgt.",
            "fr": "Ici, tu demandes la prime eau et la prime énergie de la ville. Nous vérifions "
            "aussi si tu as droit au tarif social de l'énergie.",
            "en": "Here you apply for the city's water and energy allowances. We also check "
            "whether you get the social energy tariff.",
            "ar": "هنا تطلب منحة الماء ومنحة الطاقة من المدينة. ونتحقق أيضاً إن كان يحق لك "
            "السعر الاجتماعي للطاقة.",
            "tr": "Burada şehrin su ve enerji primine başvurursun. Sosyal enerji tarifesini "
            "alıp alamayacağına da bakarız.",
        },
        "audience": "low_income", "cost": "free", "bring": ("id", "income", "bill"),
        "languages": ["nl", "fr", "en"], "interpreter": True, "access": "walk_in",
        "hours": [(1, "13:30", "16:30"), (4, "09:00", "12:00")],
        "phone": "09 399 10 03",
    },
    {
        "org": "sociaal_huis", "places": ("sh_ledeberg",), "domains": ("mobility",),
        "name": {
            "nl": "Korting op bus en tram",
            "fr": "Réduction sur le bus et le tram",
            "en": "Discount on bus and tram",
            "ar": "تخفيض على الحافلة والترام",
            "tr": "Otobüs ve tramvayda indirim",
        },
        "description": {
            "nl": "Met een verhoogde tegemoetkoming krijg je een goedkoop abonnement voor bus "
            "en tram. We helpen je het aan te vragen.",
            "fr": "Avec l'intervention majorée, tu reçois un abonnement bon marché pour le bus "
            "et le tram. Nous t'aidons à le demander.",
            "en": "With the increased allowance you get a cheap pass for bus and tram. We help "
            "you apply.",
            "ar": "مع التعويض المرتفع تحصل على اشتراك رخيص للحافلة والترام. نساعدك في طلبه.",
            "tr": "Artırılmış geri ödemeyle otobüs ve tramvay için ucuz abonman alırsın. "
            "Başvurmana yardım ederiz.",
        },
        "audience": "low_income", "cost": "reduced", "cost_details": "transit",
        "price_cents": 1200, "bring": ("id", "health_card"), "dutch_bring": True,
        "languages": ["nl"], "interpreter": True, "access": "walk_in",
        "hours": [(2, "13:30", "16:00")],
        "phone": "09 399 10 04",
    },
    {
        "org": "huis_kind", "places": ("wieg",), "domains": ("health", "childcare"),
        "name": {
            "nl": "Consultatiebureau voor baby's en peuters",
            "fr": "Consultation pour bébés et bambins",
            "en": "Baby and toddler health clinic",
            "ar": "عيادة صحة الرضّع والأطفال الصغار",
            "tr": "Bebek ve küçük çocuk sağlık danışma merkezi",
        },
        "description": {
            "nl": "Een arts en een verpleegkundige volgen de groei van je kind en geven de "
            "vaccins. Je kan er ook al je vragen stellen. Het is gratis.",
            "fr": "Un médecin et une infirmière suivent la croissance de ton enfant et font les "
            "vaccins. Tu peux aussi poser toutes tes questions. C'est gratuit.",
            "en": "A doctor and a nurse follow how your child grows and give the vaccines. You "
            "can ask all your questions too. It is free.",
            "ar": "طبيب وممرضة يتابعان نمو طفلك ويعطيان اللقاحات. يمكنك أيضاً طرح كل أسئلتك. "
            "الخدمة مجانية.",
            "tr": "Bir doktor ve bir hemşire çocuğunun büyümesini takip eder ve aşılarını "
            "yapar. Tüm sorularını da sorabilirsin. Ücretsizdir.",
        },
        "audience": "babies", "cost": "free", "bring": ("booklet", "health_card"),
        "languages": ["nl", "fr", "en", "ar"], "interpreter": True, "access": "appointment",
        "hours": [(0, "13:30", "16:30"), (2, "09:00", "12:00"), (4, "13:30", "16:30")],
        "phone": "09 399 20 01", "ages": (0, 3),
    },
    {
        "org": "huis_kind", "places": ("wieg",), "domains": ("childcare", "social"),
        "name": {
            "nl": "Gezinscentrum De Wieg",
            "fr": "Centre familial De Wieg",
            "en": "De Wieg family centre",
            "ar": "مركز العائلة دي فيغ",
            "tr": "De Wieg aile merkezi",
        },
        "description": {
            "nl": "Een warme plek om te spelen met je kind en andere ouders te ontmoeten. Er is "
            "koffie en er is altijd iemand voor je vragen over opvoeden.",
            "fr": "Un lieu chaleureux pour jouer avec ton enfant et rencontrer d'autres "
            "parents. Il y a du café et toujours quelqu'un pour tes questions sur l'éducation.",
            "en": "A warm place to play with your child and meet other parents. There is coffee "
            "and always someone for your questions about raising children.",
            "ar": "مكان دافئ للعب مع طفلك ولقاء آباء آخرين. تجد القهوة ودائماً شخصاً يجيب عن "
            "أسئلتك حول التربية.",
            "tr": "Çocuğunla oynamak ve başka anne babalarla tanışmak için sıcak bir yer. Kahve "
            "var ve çocuk yetiştirme sorularına her zaman biri yardımcı olur.",
        },
        "audience": "young_children", "cost": "free", "bring": ("nothing",),
        "languages": ["nl", "fr", "ar", "tr"], "interpreter": False, "access": "walk_in",
        "hours": [(2, "14:00", "17:00"), (5, "09:30", "12:00")],
        "phone": "09 399 20 02", "ages": (0, 12),
    },
    {
        "org": "caw", "places": ("caw",), "domains": ("social", "housing"),
        "name": {
            "nl": "Onthaal welzijnscentrum: met al je vragen",
            "fr": "Accueil du centre d'aide sociale : pour toutes tes questions",
            "en": "Welfare centre front desk: with any question",
            "ar": "استقبال مركز الرعاية: لكل أسئلتك",
            "tr": "Refah merkezi danışma: her sorun için",
        },
        "description": {
            "nl": "Problemen thuis, geen dak boven je hoofd, ruzie, geweld of gewoon veel "
            "zorgen? Je kan hier anoniem en gratis praten. We zoeken samen een oplossing.",
            "fr": "Problèmes à la maison, pas de logement, disputes, violence ou beaucoup de "
            "soucis ? Tu peux parler ici, de façon anonyme et gratuite. Nous cherchons une "
            "solution ensemble.",
            "en": "Problems at home, nowhere to live, arguments, violence or just a lot of "
            "worries? You can talk here, anonymously and for free. We look for a way out "
            "together.",
            "ar": "مشاكل في البيت، لا مكان للسكن، خلافات، عنف أو هموم كثيرة؟ يمكنك التحدث هنا "
            "مجاناً ودون ذكر اسمك. نبحث معاً عن حل.",
            "tr": "Evde sorunlar, kalacak yerin yok, kavga, şiddet ya da çok fazla endişe mi? "
            "Burada isimsiz ve ücretsiz konuşabilirsin. Birlikte bir çözüm ararız.",
        },
        "audience": "everyone", "cost": "free", "bring": ("nothing",),
        "languages": ["nl", "fr", "en"], "interpreter": True, "access": "walk_in",
        "hours": [(0, "09:00", "12:30"), (1, "09:00", "12:30"), (3, "13:30", "17:00"),
                  (4, "09:00", "12:30")],
        "phone": "09 399 30 01",
    },
    {
        "org": "nestje", "places": ("nestje",), "domains": ("childcare", "work"),
        "name": {
            "nl": "Kinderopvang met prijs volgens inkomen",
            "fr": "Accueil d'enfants au tarif selon les revenus",
            "en": "Childcare priced by income",
            "ar": "حضانة أطفال بسعر حسب الدخل",
            "tr": "Gelire göre ücretli çocuk bakımı",
        },
        "description": {
            "nl": "Opvang voor baby's en peuters tot 3 jaar, op werkdagen. Je betaalt volgens "
            "je inkomen. Ouders die werk zoeken of een cursus volgen krijgen voorrang.",
            "fr": "Accueil des bébés et des enfants jusqu'à 3 ans, les jours de semaine. Tu "
            "paies selon tes revenus. Les parents qui cherchent du travail ou suivent un cours "
            "sont prioritaires.",
            "en": "Care for babies and toddlers up to 3, on weekdays. You pay according to your "
            "income. Parents looking for work or taking a course go first.",
            "ar": "رعاية للرضّع والأطفال حتى 3 سنوات في أيام العمل. تدفع حسب دخلك. الأولوية "
            "للآباء الذين يبحثون عن عمل أو يتابعون دورة.",
            "tr": "Hafta içi 3 yaşına kadar bebek ve küçük çocuk bakımı. Gelirine göre "
            "ödersin. İş arayan veya kursa giden anne babalara öncelik verilir.",
        },
        "audience": "babies", "cost": "reduced", "cost_details": "income_rate",
        "bring": ("id", "income", "booklet"),
        "languages": ["nl", "fr"], "interpreter": False, "access": "appointment",
        "hours": [(d, "07:00", "18:00") for d in range(5)],
        "phone": "09 399 40 01", "ages": (0, 3),
    },
    {
        "org": "bib", "places": ("bib", "bib_amand"), "domains": ("leisure", "learning"),
        "name": {
            "nl": "Boeken, spelletjes en voorleesuur",
            "fr": "Livres, jeux et heure du conte",
            "en": "Books, games and story time",
            "ar": "كتب وألعاب وساعة القراءة",
            "tr": "Kitaplar, oyunlar ve masal saati",
        },
        "description": {
            "nl": "Leen gratis boeken, strips en spelletjes voor je kinderen, ook in andere "
            "talen. Elke woensdag lezen we voor.",
            "fr": "Emprunte gratuitement des livres, des BD et des jeux pour tes enfants, aussi "
            "dans d'autres langues. Chaque mercredi, nous lisons des histoires.",
            "en": "Borrow books, comics and games for your children for free, also in other "
            "languages. Every Wednesday we read stories aloud.",
            "ar": "استعر مجاناً كتباً وقصصاً مصوّرة وألعاباً لأطفالك، بلغات أخرى أيضاً. كل "
            "أربعاء نقرأ القصص بصوت عالٍ.",
            "tr": "Çocukların için ücretsiz kitap, çizgi roman ve oyun ödünç al, başka "
            "dillerde de. Her çarşamba masal okuruz.",
        },
        "audience": "everyone", "cost": "free", "bring": ("id",),
        "languages": ["nl", "fr", "en", "tr"], "interpreter": False, "access": "walk_in",
        "hours": [(1, "10:00", "18:00"), (2, "10:00", "18:00"), (4, "10:00", "18:00"),
                  (5, "10:00", "13:00")],
        "phone": "09 399 50 01",
    },
    {
        "org": "bib", "places": ("bib",), "domains": ("papers", "learning"),
        "name": {
            "nl": "Digitaal spreekuur: hulp met computer en apps",
            "fr": "Permanence numérique : aide avec l'ordinateur et les applis",
            "en": "Digital help desk: computers and apps",
            "ar": "مكتب المساعدة الرقمية: الحاسوب والتطبيقات",
            "tr": "Dijital yardım saati: bilgisayar ve uygulamalar",
        },
        "description": {
            "nl": "Lukt het niet met itsme, je mails of een formulier op het internet? Een "
            "vrijwilliger helpt je stap voor stap.",
            "fr": "Tu as du mal avec itsme, tes e-mails ou un formulaire sur internet ? Un "
            "bénévole t'aide pas à pas.",
            "en": "Trouble with itsme, your e-mail or a form on the internet? A volunteer helps "
            "you step by step.",
            "ar": "هل تجد صعوبة مع itsme أو بريدك الإلكتروني أو استمارة على الإنترنت؟ يساعدك "
            "متطوع خطوة بخطوة.",
            "tr": "itsme, e-postaların veya internetteki bir formla sorun mu yaşıyorsun? Bir "
            "gönüllü adım adım yardım eder.",
        },
        "audience": "everyone", "cost": "free", "bring": ("id", "letters"),
        "dutch_bring": True,
        "languages": ["nl", "en"], "interpreter": False, "access": "walk_in",
        "hours": [(3, "14:00", "16:00")],
        "phone": "09 399 50 02",
    },
    {
        "org": "bib", "places": ("bib_amand",), "domains": ("learning",),
        "name": {
            "nl": "Huiswerkklas",
            "fr": "Classe de devoirs",
            "en": "Homework club",
            "ar": "نادي الواجبات المدرسية",
            "tr": "Ödev kulübü",
        },
        "description": {
            "nl": "Kinderen van de lagere school maken hier hun huiswerk, met hulp van "
            "vrijwilligers. Ouders mogen mee komen kijken.",
            "fr": "Les enfants de l'école primaire font leurs devoirs ici, avec l'aide de "
            "bénévoles. Les parents peuvent venir regarder.",
            "en": "Primary school children do their homework here, helped by volunteers. "
            "Parents are welcome to come and watch.",
            "ar": "يحلّ أطفال المدرسة الابتدائية واجباتهم هنا بمساعدة متطوعين. يمكن للآباء "
            "الحضور والمشاهدة.",
            "tr": "İlkokul çocukları ödevlerini burada gönüllülerin yardımıyla yapar. Anne "
            "babalar da gelip izleyebilir.",
        },
        "audience": "school_children", "cost": "free", "bring": ("school_letter",),
        "languages": ["nl"], "interpreter": False, "access": "walk_in",
        "hours": [(0, "16:00", "17:30"), (1, "16:00", "17:30"), (3, "16:00", "17:30")],
        "phone": "09 399 50 03", "ages": (6, 12), "stale": True,
    },
    {
        "org": "brug", "places": ("brug",), "domains": ("social",),
        "name": {
            "nl": "Ontmoetingsavond in De Brug",
            "fr": "Soirée de rencontre à De Brug",
            "en": "Meeting evening at De Brug",
            "ar": "أمسية لقاء في دي بروخ",
            "tr": "De Brug'da buluşma akşamı",
        },
        "description": {
            "nl": "Elke donderdag eten we samen en praten we over wat ons bezighoudt. Je bent "
            "welkom zoals je bent. Kinderen mogen mee.",
            "fr": "Chaque jeudi, nous mangeons ensemble et parlons de ce qui nous occupe. Tu es "
            "le bienvenu tel que tu es. Les enfants peuvent venir.",
            "en": "Every Thursday we eat together and talk about what is on our minds. You are "
            "welcome as you are. Children can come too.",
            "ar": "كل خميس نأكل معاً ونتحدث عمّا يشغلنا. أنت مرحَّب بك كما أنت. يمكن إحضار "
            "الأطفال.",
            "tr": "Her perşembe birlikte yemek yer ve aklımızdakileri konuşuruz. Olduğun gibi "
            "gel. Çocuklar da gelebilir.",
        },
        "audience": "everyone", "cost": "paid", "price_cents": 200,
        "bring": ("nothing",),
        "languages": ["nl", "fr", "ar"], "interpreter": False, "access": "walk_in",
        "hours": [(3, "18:00", "21:00")],
        "phone": "09 399 60 01",
    },
    {
        "org": "brug", "places": ("brug",), "domains": ("income", "social"),
        "name": {
            "nl": "Sociale kruidenier en kledingpunt",
            "fr": "Épicerie sociale et point vêtements",
            "en": "Social grocery and clothing point",
            "ar": "بقالة اجتماعية ونقطة ملابس",
            "tr": "Sosyal market ve giysi noktası",
        },
        "description": {
            "nl": "Koop voeding en verzorging voor minder geld, en haal gratis kleren voor je "
            "kinderen. Je hebt een kaart nodig van het Sociaal Huis of het welzijnscentrum.",
            "fr": "Achète de la nourriture et des produits d'hygiène moins chers, et prends des "
            "vêtements gratuits pour tes enfants. Il faut une carte du Sociaal Huis ou du "
            "centre d'aide sociale.",
            "en": "Buy food and toiletries for less money, and pick up free clothes for your "
            "children. You need a card from the Sociaal Huis or the welfare centre.",
            "ar": "اشترِ الطعام ومواد النظافة بسعر أقل، وخذ ملابس مجانية لأطفالك. تحتاج إلى "
            "بطاقة من البيت الاجتماعي أو مركز الرعاية.",
            "tr": "Gıda ve bakım ürünlerini daha ucuza al, çocukların için ücretsiz giysi al. "
            "Sosyal Ev'den veya refah merkezinden bir kart gerekir.",
        },
        "audience": "low_income", "cost": "reduced", "cost_details": "shop",
        "bring": ("id",), "dutch_bring": True,
        "languages": ["nl", "fr", "ar", "tr"], "interpreter": False, "access": "walk_in",
        "hours": [(1, "13:00", "17:00"), (4, "13:00", "17:00")],
        "phone": "09 399 60 02",
    },
    {
        "org": "woon", "places": ("woon",), "domains": ("housing",),
        "name": {
            "nl": "Inschrijven voor een sociale woning",
            "fr": "S'inscrire pour un logement social",
            "en": "Register for a social home",
            "ar": "التسجيل للحصول على سكن اجتماعي",
            "tr": "Sosyal konut için kayıt",
        },
        "description": {
            "nl": "Wil je een huis of appartement huren voor een lagere prijs? Schrijf je in. "
            "Je komt op een wachtlijst; we leggen uit hoe lang dat duurt.",
            "fr": "Tu veux louer une maison ou un appartement moins cher ? Inscris-toi. Tu es "
            "mis sur une liste d'attente ; nous t'expliquons combien de temps cela prend.",
            "en": "Want to rent a house or flat at a lower price? Register. You go on a waiting "
            "list; we explain how long that takes.",
            "ar": "هل تريد استئجار بيت أو شقة بسعر أقل؟ سجّل اسمك. ستوضع على قائمة انتظار؛ "
            "ونشرح لك كم يستغرق ذلك.",
            "tr": "Daha ucuza ev veya daire mi kiralamak istiyorsun? Kaydol. Bekleme listesine "
            "girersin; ne kadar süreceğini açıklarız.",
        },
        "audience": "low_income", "cost": "free", "bring": ("id", "income", "rent"),
        "languages": ["nl", "fr", "en"], "interpreter": True, "access": "both",
        "hours": [(0, "09:00", "12:00"), (2, "13:30", "16:00"), (4, "09:00", "12:00")],
        "phone": "09 399 70 01",
    },
    {
        "org": "energie", "places": ("energie",), "domains": ("housing", "income"),
        "name": {
            "nl": "Energiescan en advies aan huis",
            "fr": "Scan énergétique et conseils à domicile",
            "en": "Energy scan and advice at home",
            "ar": "فحص الطاقة ونصائح في البيت",
            "tr": "Evde enerji taraması ve danışmanlık",
        },
        "description": {
            "nl": "Iemand komt gratis bij je thuis kijken hoe je minder energie en water "
            "verbruikt. Je krijgt ook spaarlampen en een spaardouchekop.",
            "fr": "Quelqu'un vient gratuitement chez toi voir comment consommer moins d'énergie "
            "et d'eau. Tu reçois aussi des ampoules économiques et un pommeau de douche "
            "économique.",
            "en": "Someone comes to your home for free to see how you can use less energy and "
            "water. You also get energy-saving bulbs and a water-saving shower head.",
            "ar": "يأتي شخص مجاناً إلى بيتك ليرى كيف تستهلك طاقة وماء أقل. وتحصل أيضاً على "
            "مصابيح موفّرة ورأس دش موفّر للماء.",
            "tr": "Biri ücretsiz olarak evine gelip daha az enerji ve su kullanmanın yollarına "
            "bakar. Tasarruflu ampuller ve tasarruflu duş başlığı da alırsın.",
        },
        "audience": "gent", "cost": "free", "bring": ("bill",),
        "languages": ["nl", "tr"], "interpreter": False, "access": "appointment",
        "hours": [(1, "09:00", "16:00"), (3, "09:00", "16:00")],
        "phone": "09 399 71 01", "stale": True,
    },
    {
        "org": "recht", "places": ("recht",), "domains": ("papers",),
        "name": {
            "nl": "Gratis juridisch advies",
            "fr": "Conseil juridique gratuit",
            "en": "Free legal advice",
            "ar": "استشارة قانونية مجانية",
            "tr": "Ücretsiz hukuki danışmanlık",
        },
        "description": {
            "nl": "Een vraag over huur, werk, scheiding, schulden of een boete? Een jurist "
            "luistert en zegt wat je kan doen. Iedereen mag komen.",
            "fr": "Une question sur le loyer, le travail, un divorce, des dettes ou une amende ? "
            "Un juriste t'écoute et te dit ce que tu peux faire. Tout le monde peut venir.",
            "en": "A question about rent, work, divorce, debts or a fine? A lawyer listens and "
            "tells you what you can do. Everyone is welcome.",
            "ar": "سؤال عن الإيجار أو العمل أو الطلاق أو الديون أو غرامة؟ يستمع إليك حقوقي "
            "ويقول لك ما يمكنك فعله. الجميع مرحَّب بهم.",
            "tr": "Kira, iş, boşanma, borç veya ceza hakkında bir sorun mu var? Bir hukukçu "
            "dinler ve ne yapabileceğini söyler. Herkes gelebilir.",
        },
        "audience": "everyone", "cost": "free", "bring": ("id", "letters"),
        "languages": ["nl", "fr", "en"], "interpreter": False, "access": "walk_in",
        "hours": [(1, "18:00", "20:00"), (5, "10:00", "12:00")],
        "phone": "09 399 80 01",
    },
    {
        "org": "advocaten", "places": ("advocaten",), "domains": ("papers",),
        "name": {
            "nl": "Een pro-Deoadvocaat aanvragen",
            "fr": "Demander un avocat pro deo",
            "en": "Ask for a free (pro bono) lawyer",
            "ar": "طلب محامٍ مجاني",
            "tr": "Ücretsiz avukat talebi",
        },
        "description": {
            "nl": "Moet je naar de rechter of heb je een advocaat nodig? Met een klein inkomen "
            "betaal je niets of weinig. We kijken of je er recht op hebt.",
            "fr": "Tu dois aller au tribunal ou tu as besoin d'un avocat ? Avec un petit revenu, "
            "tu ne paies rien ou peu. Nous vérifions si tu y as droit.",
            "en": "Do you have to go to court or need a lawyer? With a low income you pay "
            "nothing or little. We check whether you have the right.",
            "ar": "هل عليك الذهاب إلى المحكمة أو تحتاج إلى محامٍ؟ إذا كان دخلك محدوداً لا تدفع "
            "شيئاً أو تدفع القليل. نتحقق إن كان يحق لك ذلك.",
            "tr": "Mahkemeye mi gitmen gerekiyor ya da avukata mı ihtiyacın var? Düşük gelirle "
            "hiç ya da az ödersin. Hakkın olup olmadığına bakarız.",
        },
        "audience": "low_income", "cost": "free", "bring": ("id", "income", "letters"),
        "languages": ["nl", "fr"], "interpreter": True, "access": "both",
        "hours": [(0, "09:00", "11:30"), (2, "09:00", "11:30"), (4, "09:00", "11:30")],
        "phone": "09 399 81 01",
    },
    {
        "org": "school", "places": ("school",), "domains": ("learning",),
        "name": {
            "nl": "Ouderspreekuur: vragen over school",
            "fr": "Permanence parents : questions sur l'école",
            "en": "Parents' desk: questions about school",
            "ar": "مكتب الآباء: أسئلة عن المدرسة",
            "tr": "Veli danışma saati: okul hakkında sorular",
        },
        "description": {
            "nl": "Een brief van school die je niet begrijpt, een gesprek met de juf, een "
            "school kiezen of inschrijven? We helpen je en gaan mee als je wil.",
            "fr": "Une lettre de l'école que tu ne comprends pas, un rendez-vous avec "
            "l'institutrice, choisir ou inscrire dans une école ? Nous t'aidons et venons avec "
            "toi si tu veux.",
            "en": "A letter from school you do not understand, a talk with the teacher, "
            "choosing a school or enrolling? We help you and come along if you like.",
            "ar": "رسالة من المدرسة لا تفهمها، لقاء مع المعلمة، اختيار مدرسة أو التسجيل فيها؟ "
            "نساعدك ونرافقك إن أردت.",
            "tr": "Anlamadığın bir okul mektubu, öğretmenle görüşme, okul seçimi veya kayıt mı? "
            "Yardım ederiz, istersen seninle geliriz.",
        },
        "audience": "school_children", "cost": "free", "bring": ("school_letter",),
        "languages": ["nl", "fr", "ar", "tr"], "interpreter": True, "access": "walk_in",
        "hours": [(0, "08:30", "10:00"), (3, "08:30", "10:00")],
        "phone": "09 399 82 01",
    },
    {
        "org": "school", "places": ("school",), "domains": ("learning", "income"),
        "name": {
            "nl": "Hulp bij schooltoeslag en studietoelage",
            "fr": "Aide pour l'allocation scolaire et d'études",
            "en": "Help with the school and study allowance",
            "ar": "المساعدة في منحة المدرسة ومنحة الدراسة",
            "tr": "Okul yardımı ve öğrenim bursu için yardım",
        },
        "description": {
            "nl": "We kijken of je schooltoeslag of een studietoelage krijgt en vullen de "
            "aanvraag samen in.",
            "fr": "Nous vérifions si tu reçois l'allocation scolaire ou une allocation d'études "
            "et remplissons la demande ensemble.",
            "en": "We check whether you get the school allowance or a study allowance and fill "
            "in the application together.",
            "ar": "نتحقق إن كنت تحصل على منحة المدرسة أو منحة الدراسة ونملأ الطلب معاً.",
            "tr": "Okul yardımı veya öğrenim bursu alıp alamayacağına bakar ve başvuruyu "
            "birlikte doldururuz.",
        },
        "audience": "school_children", "cost": "free", "bring": ("id", "income", "bank"),
        "languages": ["nl", "fr"], "interpreter": True, "access": "appointment",
        "hours": [(2, "13:30", "16:30")],
        "phone": "09 399 82 02",
    },
    {
        "org": "werk", "places": ("werk",), "domains": ("work",),
        "name": {
            "nl": "Werk zoeken met begeleiding",
            "fr": "Chercher du travail avec un accompagnement",
            "en": "Job search with a coach",
            "ar": "البحث عن عمل مع مرافقة",
            "tr": "Rehberlikle iş arama",
        },
        "description": {
            "nl": "Een begeleider helpt je een job zoeken die past bij je gezin: je cv, "
            "sollicitaties en opvang voor je kinderen.",
            "fr": "Un accompagnateur t'aide à trouver un emploi qui convient à ta famille : ton "
            "CV, tes candidatures et l'accueil de tes enfants.",
            "en": "A coach helps you find a job that fits your family: your CV, applications "
            "and care for your children.",
            "ar": "يساعدك مرافق في إيجاد عمل يناسب عائلتك: سيرتك الذاتية وطلبات العمل ورعاية "
            "أطفالك.",
            "tr": "Bir rehber, ailene uygun bir iş bulmana yardım eder: özgeçmişin, başvuruların "
            "ve çocuklarının bakımı.",
        },
        "audience": "job_seekers", "cost": "free", "bring": ("id",),
        "languages": ["nl", "en", "tr"], "interpreter": False, "access": "both",
        "hours": [(0, "09:00", "12:00"), (1, "13:00", "16:00"), (3, "09:00", "12:00")],
        "phone": "09 399 83 01",
    },
    {
        "org": "werk", "places": ("werk",), "domains": ("work", "learning"),
        "name": {
            "nl": "Nederlands oefenen voor je werk",
            "fr": "Pratiquer le néerlandais pour le travail",
            "en": "Practise Dutch for work",
            "ar": "التدرّب على الهولندية للعمل",
            "tr": "İş için Felemenkçe pratiği",
        },
        "description": {
            "nl": "In een kleine groep oefen je het Nederlands dat je nodig hebt op het werk. "
            "Er is opvang voor kleine kinderen tijdens de les.",
            "fr": "En petit groupe, tu pratiques le néerlandais dont tu as besoin au travail. "
            "Les petits enfants sont gardés pendant le cours.",
            "en": "In a small group you practise the Dutch you need at work. Young children are "
            "looked after during the lesson.",
            "ar": "في مجموعة صغيرة تتدرّب على الهولندية التي تحتاجها في العمل. يوجد من يعتني "
            "بالأطفال الصغار أثناء الدرس.",
            "tr": "Küçük bir grupta işte ihtiyacın olan Felemenkçeyi çalışırsın. Ders "
            "sırasında küçük çocuklara bakılır.",
        },
        "audience": "job_seekers", "cost": "free", "bring": ("nothing",),
        "languages": ["nl"], "interpreter": False, "access": "appointment",
        "hours": [(1, "09:00", "11:30"), (3, "09:00", "11:30")],
        "phone": "09 399 83 02",
    },
    {
        "org": "vrije_tijd", "places": ("vrije_tijd",), "domains": ("leisure",),
        "name": {
            "nl": "UiTPAS met kansentarief",
            "fr": "UiTPAS au tarif réduit",
            "en": "UiTPAS at the reduced rate",
            "ar": "بطاقة UiTPAS بالسعر المخفّض",
            "tr": "İndirimli UiTPAS",
        },
        "description": {
            "nl": "Met deze pas ga je voor veel minder geld zwemmen, naar de film, op kamp of "
            "naar de muziekschool. De pas zelf kost 1 euro.",
            "fr": "Avec cette carte, tu vas à la piscine, au cinéma, en stage ou à l'académie de "
            "musique pour beaucoup moins cher. La carte coûte 1 euro.",
            "en": "With this pass you go swimming, to the cinema, to camp or to music school for "
            "much less. The pass itself costs 1 euro.",
            "ar": "بهذه البطاقة تذهب إلى المسبح والسينما والمخيّم ومدرسة الموسيقى بسعر أقل "
            "بكثير. البطاقة نفسها تكلف 1 يورو.",
            "tr": "Bu kartla yüzmeye, sinemaya, kampa veya müzik okuluna çok daha ucuza "
            "gidersin. Kartın kendisi 1 euro.",
        },
        "audience": "low_income", "cost": "reduced", "cost_details": "pass",
        "price_cents": 100, "bring": ("id", "health_card"),
        "languages": ["nl", "fr", "en"], "interpreter": False, "access": "walk_in",
        "hours": [(1, "10:00", "12:30"), (2, "13:30", "17:00"), (5, "10:00", "12:00")],
        "phone": "09 399 84 01",
    },
    {
        "org": "vrije_tijd", "places": ("vrije_tijd",), "domains": ("leisure", "childcare"),
        "name": {
            "nl": "Speelpleinwerking in de vakanties",
            "fr": "Plaine de jeux pendant les vacances",
            "en": "Holiday play scheme",
            "ar": "ساحة اللعب في العطل",
            "tr": "Tatillerde oyun alanı etkinlikleri",
        },
        "description": {
            "nl": "Tijdens de schoolvakanties spelen kinderen van 3 tot 12 jaar een hele dag "
            "buiten met monitoren. Je hoeft niet vooraf in te schrijven.",
            "fr": "Pendant les vacances scolaires, les enfants de 3 à 12 ans jouent dehors toute "
            "la journée avec des animateurs. Pas besoin de s'inscrire à l'avance.",
            "en": "In the school holidays children aged 3 to 12 play outside all day with "
            "youth workers. No need to sign up in advance.",
            "ar": "خلال العطل المدرسية يلعب الأطفال من 3 إلى 12 سنة في الخارج طوال اليوم مع "
            "مشرفين. لا حاجة للتسجيل مسبقاً.",
            "tr": "Okul tatillerinde 3-12 yaş arası çocuklar bütün gün animatörlerle dışarıda "
            "oynar. Önceden kaydolmana gerek yok.",
        },
        "audience": "young_children", "cost": "reduced", "cost_details": "playground",
        "price_cents": 600, "bring": ("nothing",), "dutch_bring": True,
        "languages": ["nl"], "interpreter": False, "access": "walk_in",
        "hours": [(d, "09:00", "17:00") for d in range(5)],
        "phone": "09 399 84 02", "ages": (3, 12), "stale": True,
    },
    {
        "org": "fiets", "places": ("fiets",), "domains": ("mobility",),
        "name": {
            "nl": "Fietsherstelling en tweedehandsfietsen",
            "fr": "Réparation de vélos et vélos d'occasion",
            "en": "Bike repairs and second-hand bikes",
            "ar": "إصلاح الدراجات ودراجات مستعملة",
            "tr": "Bisiklet tamiri ve ikinci el bisikletler",
        },
        "description": {
            "nl": "Laat je fiets herstellen of leer het zelf. Je kan hier ook een goede "
            "tweedehandsfiets kopen, ook voor kinderen.",
            "fr": "Fais réparer ton vélo ou apprends à le faire toi-même. Tu peux aussi acheter "
            "ici un bon vélo d'occasion, aussi pour les enfants.",
            "en": "Have your bike repaired or learn to do it yourself. You can also buy a good "
            "second-hand bike here, for children too.",
            "ar": "أصلح درّاجتك أو تعلّم إصلاحها بنفسك. يمكنك هنا أيضاً شراء درّاجة مستعملة "
            "جيدة، للأطفال أيضاً.",
            "tr": "Bisikletini tamir ettir ya da kendin yapmayı öğren. Burada çocuklar için de "
            "iyi bir ikinci el bisiklet alabilirsin.",
        },
        "audience": "everyone", "cost": "reduced", "cost_details": "bike_repair",
        "bring": ("bike",),
        "languages": ["nl", "fr", "ar"], "interpreter": False, "access": "walk_in",
        "hours": [(1, "12:00", "18:00"), (3, "12:00", "18:00"), (5, "10:00", "14:00")],
        "phone": "09 399 85 01",
    },
    {
        "org": "fiets", "places": ("fiets",), "domains": ("mobility", "learning"),
        "name": {
            "nl": "Fietsles voor volwassenen",
            "fr": "Cours de vélo pour adultes",
            "en": "Cycling lessons for adults",
            "ar": "دروس ركوب الدراجة للكبار",
            "tr": "Yetişkinler için bisiklet dersi",
        },
        "description": {
            "nl": "Nooit leren fietsen? In tien lessen leer je veilig fietsen in de stad. Je "
            "krijgt een fiets en een helm te leen.",
            "fr": "Tu n'as jamais appris à faire du vélo ? En dix cours, tu apprends à rouler en "
            "sécurité en ville. On te prête un vélo et un casque.",
            "en": "Never learned to ride a bike? In ten lessons you learn to cycle safely in "
            "town. You borrow a bike and a helmet.",
            "ar": "لم تتعلّم ركوب الدراجة أبداً؟ في عشرة دروس تتعلّم القيادة بأمان في المدينة. "
            "نعيرك دراجة وخوذة.",
            "tr": "Hiç bisiklet sürmeyi öğrenmedin mi? On derste şehirde güvenle sürmeyi "
            "öğrenirsin. Bisiklet ve kask ödünç verilir.",
        },
        "audience": "everyone", "cost": "free", "bring": ("nothing",),
        "languages": ["nl", "ar", "tr"], "interpreter": False, "access": "appointment",
        "hours": [(2, "09:30", "11:30"), (5, "09:30", "11:30")],
        "phone": "09 399 85 02",
    },
    {
        "org": "integratie", "places": ("integratie",), "domains": ("papers", "social"),
        "name": {
            "nl": "Sociaal tolken en vertalen",
            "fr": "Interprétariat social et traduction",
            "en": "Community interpreting and translation",
            "ar": "الترجمة الفورية والترجمة الاجتماعية",
            "tr": "Sosyal tercümanlık ve çeviri",
        },
        "description": {
            "nl": "Een gesprek bij de dokter, op school of bij het Sociaal Huis? Vraag een "
            "tolk. De dienst vraagt hem aan; voor jou is het gratis.",
            "fr": "Un rendez-vous chez le médecin, à l'école ou au Sociaal Huis ? Demande un "
            "interprète. Le service le demande ; pour toi, c'est gratuit.",
            "en": "A talk at the doctor's, at school or at the Sociaal Huis? Ask for an "
            "interpreter. The service books one; for you it is free.",
            "ar": "موعد عند الطبيب أو في المدرسة أو في البيت الاجتماعي؟ اطلب مترجماً. الجهة "
            "تطلبه؛ وهو مجاني لك.",
            "tr": "Doktorda, okulda veya Sosyal Ev'de bir görüşme mi var? Tercüman iste. "
            "Kurum ayarlar; senin için ücretsizdir.",
        },
        "audience": "newcomers", "cost": "free", "bring": ("letters",),
        "languages": ["nl", "fr", "en", "ar", "tr"], "interpreter": True, "access": "appointment",
        "hours": [(d, "08:30", "16:30") for d in range(5)],
        "phone": "09 399 86 01",
    },
    {
        "org": "integratie", "places": ("integratie",), "domains": ("papers",),
        "name": {
            "nl": "Hulp met papieren: verblijf en inburgering",
            "fr": "Aide pour les papiers : séjour et intégration",
            "en": "Help with papers: residence and integration",
            "ar": "المساعدة في الأوراق: الإقامة والاندماج",
            "tr": "Evrak yardımı: oturum ve uyum",
        },
        "description": {
            "nl": "Vragen over je verblijfskaart, gezinshereniging of het inburgeringstraject? "
            "We leggen het uit in je eigen taal.",
            "fr": "Des questions sur ta carte de séjour, le regroupement familial ou le parcours "
            "d'intégration ? Nous t'expliquons dans ta langue.",
            "en": "Questions about your residence card, family reunification or the integration "
            "course? We explain it in your own language.",
            "ar": "أسئلة عن بطاقة الإقامة أو لمّ الشمل أو مسار الاندماج؟ نشرح لك بلغتك.",
            "tr": "Oturum kartın, aile birleşimi veya uyum programı hakkında soruların mı var? "
            "Kendi dilinde açıklarız.",
        },
        "audience": "newcomers", "cost": "free", "bring": ("id", "letters"),
        "languages": ["nl", "fr", "en", "ar", "tr"], "interpreter": True, "access": "both",
        "hours": [(1, "09:00", "12:00"), (3, "13:30", "16:30")],
        "phone": "09 399 86 02",
    },
    {
        "org": "cgg", "places": ("cgg",), "domains": ("health",),
        "name": {
            "nl": "Praten over hoe het met je gaat",
            "fr": "Parler de comment tu te sens",
            "en": "Talking about how you feel",
            "ar": "التحدث عن حالتك النفسية",
            "tr": "Nasıl hissettiğin hakkında konuşmak",
        },
        "description": {
            "nl": "Voel je je somber, moe of angstig sinds je kind er is? Een psycholoog "
            "luistert, ook samen met je baby of je partner.",
            "fr": "Tu te sens triste, fatigué ou anxieux depuis l'arrivée de ton enfant ? Un "
            "psychologue t'écoute, aussi avec ton bébé ou ton partenaire.",
            "en": "Feeling low, tired or anxious since your child arrived? A psychologist "
            "listens, also together with your baby or partner.",
            "ar": "هل تشعر بالحزن أو التعب أو القلق منذ وصول طفلك؟ يستمع إليك أخصائي نفسي، "
            "ويمكن أن يكون طفلك أو شريكك معك.",
            "tr": "Çocuğun doğduğundan beri kendini üzgün, yorgun veya kaygılı mı "
            "hissediyorsun? Bir psikolog seni dinler, bebeğin veya eşinle birlikte de olur.",
        },
        "audience": "parents", "cost": "reduced", "cost_details": "therapy",
        "price_cents": 1100, "bring": ("health_card",),
        "languages": ["nl", "fr", "en"], "interpreter": True, "access": "appointment",
        "hours": [(0, "09:00", "17:00"), (2, "09:00", "17:00"), (3, "12:00", "20:00")],
        "phone": "09 399 87 01",
    },
    {
        "org": "vroedvrouw", "places": ("vroedvrouw",), "domains": ("health",),
        "name": {
            "nl": "Vroedvrouw tijdens en na de zwangerschap",
            "fr": "Sage-femme pendant et après la grossesse",
            "en": "Midwife during and after pregnancy",
            "ar": "قابلة أثناء الحمل وبعده",
            "tr": "Hamilelik sırasında ve sonrasında ebe",
        },
        "description": {
            "nl": "Een vroedvrouw volgt je zwangerschap, helpt met borstvoeding en komt na de "
            "bevalling bij je thuis.",
            "fr": "Une sage-femme suit ta grossesse, t'aide pour l'allaitement et vient chez toi "
            "après l'accouchement.",
            "en": "A midwife follows your pregnancy, helps with breastfeeding and visits you at "
            "home after the birth.",
            "ar": "تتابع القابلة حملك وتساعدك في الرضاعة الطبيعية وتزورك في البيت بعد الولادة.",
            "tr": "Bir ebe hamileliğini takip eder, emzirmede yardım eder ve doğumdan sonra "
            "evine gelir.",
        },
        "audience": "babies", "cost": "reduced", "cost_details": "midwife",
        "bring": ("id", "health_card"), "dutch_bring": True,
        "languages": ["nl", "fr", "ar"], "interpreter": True, "access": "appointment",
        "hours": [(0, "09:00", "12:00"), (1, "13:00", "18:00"), (3, "09:00", "12:00")],
        "phone": "09 399 88 01",
    },
    {
        "org": "wgc", "places": ("wgc",), "domains": ("health",),
        "name": {
            "nl": "Huisarts en verpleging in de wijk",
            "fr": "Médecin généraliste et soins infirmiers dans le quartier",
            "en": "Family doctor and nursing in the neighbourhood",
            "ar": "طبيب عائلة وتمريض في الحي",
            "tr": "Mahallede aile hekimi ve hemşirelik",
        },
        "description": {
            "nl": "Schrijf je gezin in bij een vaste huisarts in de buurt. Je betaalt niets bij "
            "de dokter; het ziekenfonds betaalt het centrum.",
            "fr": "Inscris ta famille chez un médecin généraliste près de chez toi. Tu ne paies "
            "rien chez le médecin ; la mutuelle paie le centre.",
            "en": "Register your family with a regular family doctor nearby. You pay nothing at "
            "the doctor's; the health insurance pays the centre.",
            "ar": "سجّل عائلتك عند طبيب عائلة قريب. لا تدفع شيئاً عند الطبيب؛ التأمين الصحي "
            "يدفع للمركز.",
            "tr": "Aileni yakındaki sabit bir aile hekimine kaydet. Doktorda hiçbir şey "
            "ödemezsin; sağlık sigortası merkeze öder.",
        },
        "audience": "gent", "cost": "free", "cost_details": "doctor",
        "bring": ("id", "health_card"),
        "languages": ["nl", "fr", "en", "ar", "tr"], "interpreter": True, "access": "both",
        "hours": [(d, "08:00", "19:00") for d in range(5)],
        "phone": "09 399 89 01",
    },
    {
        "org": "groeikans", "places": ("groeikans",), "domains": ("income",),
        "name": {
            "nl": "Groeipakket: startbedrag en kinderbijslag",
            "fr": "Groeipakket : montant de naissance et allocations familiales",
            "en": "Growth Package: birth payment and child benefit",
            "ar": "حزمة النمو: منحة الولادة والإعانة العائلية",
            "tr": "Büyüme Paketi: doğum ödemesi ve çocuk yardımı",
        },
        "description": {
            "nl": "Voor elk kind krijg je elke maand geld. Bij de geboorte krijg je een "
            "startbedrag. We helpen je de aanvraag te doen.",
            "fr": "Pour chaque enfant, tu reçois de l'argent chaque mois. À la naissance, tu "
            "reçois un montant de départ. Nous t'aidons à faire la demande.",
            "en": "You get money every month for each child. At the birth you get a starting "
            "payment. We help you apply.",
            "ar": "تحصل كل شهر على مبلغ لكل طفل. وعند الولادة تحصل على منحة البداية. نساعدك في "
            "تقديم الطلب.",
            "tr": "Her çocuk için her ay para alırsın. Doğumda bir başlangıç ödemesi alırsın. "
            "Başvuruna yardım ederiz.",
        },
        "audience": "babies", "cost": "free", "bring": ("id", "bank"),
        "languages": ["nl", "fr", "en"], "interpreter": False, "access": "both",
        "hours": [(0, "09:00", "12:00"), (2, "09:00", "12:00"), (2, "13:00", "16:00")],
        "phone": "078 15 99 01",
    },
]  # fmt: skip

# -- rights -----------------------------------------------------------------------------------
LOW_INCOME = {
    "kind": "any_of",
    "conditions": [
        {"kind": "increased_allowance"},
        {"kind": "income_under", "monthly_euros": 2100},
    ],
}
IN_GENT = {"kind": "municipality", "postcodes": GENT}


def _case(expect: str, **answers: Any) -> dict[str, Any]:
    return {"answers": answers, "expect": expect}


# Each: code, domain, conditions, cases, the services (Dutch names) that realise it, title in
# five languages, who it is for (AUDIENCE), what it gives and how to claim it (nl, fr, en),
# what to bring (BRING).
RIGHTS: list[dict[str, Any]] = [
    {
        "code": "water-premium", "domain": "income", "conditions": [IN_GENT, LOW_INCOME],
        "services": ("Premieloket: water en energie",), "audience": "low_income",
        "bring": ("id", "income", "bill"),
        "title": {
            "nl": "Je krijgt van de stad een premie voor je waterfactuur.",
            "fr": "La ville te donne une prime pour ta facture d'eau.",
            "en": "The city gives you an allowance towards your water bill.",
            "ar": "تمنحك المدينة منحة لفاتورة الماء.",
            "tr": "Şehir su faturan için sana bir prim verir.",
        },
        "gives": {
            "nl": "Eén keer per jaar 80 euro, plus 20 euro per kind.",
            "fr": "Une fois par an 80 euros, plus 20 euros par enfant.",
            "en": "Once a year 80 euros, plus 20 euros per child.",
            "ar": "مرة في السنة 80 يورو، و20 يورو إضافية لكل طفل.",
            "tr": "Yılda bir kez 80 euro, ayrıca çocuk başına 20 euro.",
        },
        "how": {
            "nl": "Vraag het aan aan het premieloket van het Sociaal Huis, op dinsdagnamiddag "
            "of vrijdagvoormiddag. Elk jaar voor 31 oktober.",
            "fr": "Fais la demande au guichet des primes du Sociaal Huis, le mardi après-midi ou "
            "le vendredi matin. Chaque année avant le 31 octobre.",
            "en": "Apply at the Sociaal Huis allowance desk, on Tuesday afternoon or Friday "
            "morning. Every year before 31 October.",
            "ar": "قدّم الطلب في شباك المنح في البيت الاجتماعي، يوم الثلاثاء بعد الظهر أو الجمعة "
            "صباحاً. كل سنة قبل 31 أكتوبر.",
            "tr": "Sosyal Ev'in prim masasına salı öğleden sonra veya cuma sabahı başvur. Her yıl "
            "31 Ekim'den önce.",
        },
        "cases": [
            _case("likely", postcode="9000", increased_allowance=True),
            _case("likely", postcode="9050", increased_allowance=False, monthly_income=1800),
            _case("no", postcode="2800", increased_allowance=True),
            _case("no", postcode="9000", increased_allowance=False, monthly_income=3500),
            _case("maybe", postcode="9000"),
            _case("maybe", increased_allowance=True),
        ],
    },
    {
        "code": "energy-premium", "domain": "housing", "conditions": [IN_GENT, LOW_INCOME],
        "services": ("Premieloket: water en energie", "Energiescan en advies aan huis"),
        "audience": "low_income", "bring": ("id", "income", "bill"),
        "title": {
            "nl": "Je krijgt van de stad een premie om je energie te betalen.",
            "fr": "La ville te donne une prime pour payer ton énergie.",
            "en": "The city gives you an allowance to pay for your energy.",
            "ar": "تمنحك المدينة منحة لدفع فاتورة الطاقة.",
            "tr": "Şehir enerjini ödemen için sana bir prim verir.",
        },
        "gives": {
            "nl": "Eén keer per jaar 150 euro op je rekening.",
            "fr": "Une fois par an 150 euros sur ton compte.",
            "en": "Once a year 150 euros in your bank account.",
            "ar": "مرة في السنة 150 يورو في حسابك البنكي.",
            "tr": "Yılda bir kez banka hesabına 150 euro.",
        },
        "how": {
            "nl": "Vraag het aan aan het premieloket van het Sociaal Huis, samen met de "
            "waterpremie. Het Energiepunt helpt ook.",
            "fr": "Fais la demande au guichet des primes du Sociaal Huis, avec la prime eau. "
            "L'Energiepunt aide aussi.",
            "en": "Apply at the Sociaal Huis allowance desk, together with the water allowance. "
            "The Energiepunt helps too.",
            "ar": "قدّم الطلب في شباك المنح في البيت الاجتماعي، مع منحة الماء. مركز Energiepunt "
            "يساعد أيضاً.",
            "tr": "Sosyal Ev'in prim masasına su primiyle birlikte başvur. Energiepunt da yardım "
            "eder.",
        },
        "cases": [
            _case("likely", postcode="9040", monthly_income=1500),
            _case("no", postcode="1000", monthly_income=1500),
            _case("no", postcode="9040", increased_allowance=False, monthly_income=2500),
            _case("maybe", postcode="9040", increased_allowance=False),
            _case("maybe"),
        ],
    },
    {
        "code": "childcare-income-rate", "domain": "childcare",
        "conditions": [{"kind": "child_under", "years": 3}, LOW_INCOME],
        "services": ("Kinderopvang met prijs volgens inkomen",), "audience": "babies",
        "bring": ("id", "income"),
        "title": {
            "nl": "Je betaalt minder voor de kinderopvang als je inkomen klein is.",
            "fr": "Tu paies moins pour l'accueil des enfants si ton revenu est petit.",
            "en": "You pay less for childcare when your income is low.",
            "ar": "تدفع أقل مقابل الحضانة إذا كان دخلك محدوداً.",
            "tr": "Gelirin düşükse çocuk bakımı için daha az ödersin.",
        },
        "gives": {
            "nl": "Opvang voor 2 tot 6 euro per dag in plaats van de volle prijs.",
            "fr": "L'accueil pour 2 à 6 euros par jour au lieu du prix plein.",
            "en": "Care for 2 to 6 euros a day instead of the full price.",
            "ar": "حضانة بسعر من 2 إلى 6 يورو في اليوم بدلاً من السعر الكامل.",
            "tr": "Tam fiyat yerine günde 2 ile 6 euro arası bakım.",
        },
        "how": {
            "nl": "Vraag je inkomenstarief aan via Mijn Kind en Gezin of laat je helpen in de "
            "opvang. Doe het voor je kind begint.",
            "fr": "Demande ton tarif selon les revenus via Mijn Kind en Gezin ou fais-toi aider "
            "à la crèche. Fais-le avant que ton enfant commence.",
            "en": "Apply for your income rate through Mijn Kind en Gezin or get help at the "
            "childcare centre. Do it before your child starts.",
            "ar": "اطلب سعرك حسب الدخل عبر Mijn Kind en Gezin أو اطلب المساعدة في الحضانة. افعل "
            "ذلك قبل أن يبدأ طفلك.",
            "tr": "Gelire göre tarifeni Mijn Kind en Gezin üzerinden iste ya da kreşte yardım al. "
            "Çocuğun başlamadan önce yap.",
        },
        "cases": [
            _case("likely", children_ages=[1], monthly_income=2000),
            _case("likely", children_ages=[0, 4], increased_allowance=True),
            _case("no", children_ages=[5], increased_allowance=True),
            _case("no", children_ages=[1], increased_allowance=False, monthly_income=4000),
            _case("maybe", children_ages=[2]),
            _case("maybe", monthly_income=1500),
        ],
    },
    {
        "code": "birth-allowance", "domain": "income",
        "conditions": [
            {
                "kind": "any_of",
                "conditions": [{"kind": "expecting"}, {"kind": "child_under", "years": 1}],
            }
        ],
        "services": ("Groeipakket: startbedrag en kinderbijslag",), "audience": "babies",
        "bring": ("id", "bank"),
        "title": {
            "nl": "Je krijgt een startbedrag als er een baby komt.",
            "fr": "Tu reçois un montant de départ quand un bébé arrive.",
            "en": "You get a starting payment when a baby is on the way.",
            "ar": "تحصل على منحة البداية عندما يأتي طفل.",
            "tr": "Bebek geldiğinde bir başlangıç ödemesi alırsın.",
        },
        "gives": {
            "nl": "Ongeveer 1.300 euro, één keer, voor elk kind.",
            "fr": "Environ 1 300 euros, une fois, pour chaque enfant.",
            "en": "About 1,300 euros, once, for each child.",
            "ar": "حوالي 1300 يورو، مرة واحدة، لكل طفل.",
            "tr": "Her çocuk için bir kez, yaklaşık 1.300 euro.",
        },
        "how": {
            "nl": "Vraag het aan bij een gezinsbijslagfonds, zoals Groeikans, vanaf de zesde "
            "maand van je zwangerschap tot 5 jaar na de geboorte.",
            "fr": "Fais la demande auprès d'une caisse d'allocations familiales, comme "
            "Groeikans, dès le sixième mois de grossesse et jusqu'à 5 ans après la naissance.",
            "en": "Apply at a child benefit fund such as Groeikans, from the sixth month of "
            "pregnancy until 5 years after the birth.",
            "ar": "قدّم الطلب لدى صندوق الإعانات العائلية مثل Groeikans، من الشهر السادس من الحمل "
            "حتى 5 سنوات بعد الولادة.",
            "tr": "Groeikans gibi bir aile yardımı fonuna, hamileliğin altıncı ayından doğumdan 5 "
            "yıl sonrasına kadar başvur.",
        },
        "cases": [
            _case("likely", expecting=True),
            _case("likely", expecting=False, children_ages=[0]),
            _case("no", expecting=False, children_ages=[3]),
            _case("no", expecting=False, children_ages=[]),
            _case("maybe", children_ages=[4]),
            _case("maybe", expecting=False),
        ],
    },
    {
        "code": "school-allowance", "domain": "learning",
        "conditions": [{"kind": "child_under", "years": 25}, LOW_INCOME],
        "services": (
            "Hulp bij schooltoeslag en studietoelage",
            "Groeipakket: startbedrag en kinderbijslag",
        ),
        "audience": "school_children", "bring": ("id", "income"),
        "title": {
            "nl": "Je krijgt schooltoeslag voor je kinderen vanaf 3 jaar die naar school gaan.",
            "fr": "Tu reçois une allocation scolaire pour tes enfants de 3 ans et plus qui vont "
            "à l'école.",
            "en": "You get a school allowance for your children aged 3 and over who go to "
            "school.",
            "ar": "تحصل على منحة مدرسية لأطفالك من عمر 3 سنوات الذين يذهبون إلى المدرسة.",
            "tr": "Okula giden 3 yaş ve üstü çocukların için okul yardımı alırsın.",
        },
        "gives": {
            "nl": "Elk schooljaar tussen 100 en 1.300 euro per kind, volgens de school en je "
            "inkomen.",
            "fr": "Chaque année scolaire entre 100 et 1 300 euros par enfant, selon l'école et "
            "tes revenus.",
            "en": "Every school year between 100 and 1,300 euros per child, depending on the "
            "school and your income.",
            "ar": "كل سنة دراسية بين 100 و1300 يورو لكل طفل، حسب المدرسة ودخلك.",
            "tr": "Her öğretim yılı çocuk başına 100 ile 1.300 euro arası, okula ve gelirine göre.",
        },
        "how": {
            "nl": "Vaak krijg je het vanzelf via het Groeipakket. Kreeg je niets in oktober? "
            "Schoolbrug helpt je het aan te vragen.",
            "fr": "Souvent, tu le reçois automatiquement via le Groeipakket. Rien reçu en "
            "octobre ? Schoolbrug t'aide à le demander.",
            "en": "Often you get it automatically through the Growth Package. Nothing by "
            "October? Schoolbrug helps you apply.",
            "ar": "غالباً تحصل عليها تلقائياً عبر حزمة النمو. لم يصلك شيء في أكتوبر؟ Schoolbrug "
            "يساعدك في الطلب.",
            "tr": "Çoğu zaman Büyüme Paketi ile kendiliğinden alırsın. Ekim'de bir şey gelmedi "
            "mi? Schoolbrug başvurmana yardım eder.",
        },
        "cases": [
            _case("likely", children_ages=[6], monthly_income=1900),
            _case("likely", children_ages=[4, 9], increased_allowance=True),
            _case("no", children_ages=[], increased_allowance=True),
            _case("no", children_ages=[8], increased_allowance=False, monthly_income=5000),
            _case("maybe", children_ages=[7]),
        ],
    },
    {
        "code": "study-allowance", "domain": "learning",
        "conditions": [
            {"kind": "child_under", "years": 25},
            {"kind": "income_under", "monthly_euros": 3000},
        ],
        "services": ("Hulp bij schooltoeslag en studietoelage",), "audience": "school_children",
        "bring": ("id", "income", "bank"),
        "title": {
            "nl": "Je kind krijgt een studietoelage voor hoger onderwijs.",
            "fr": "Ton enfant reçoit une allocation d'études pour l'enseignement supérieur.",
            "en": "Your child gets a study allowance for higher education.",
            "ar": "يحصل طفلك على منحة دراسية للتعليم العالي.",
            "tr": "Çocuğun yükseköğretim için öğrenim bursu alır.",
        },
        "gives": {
            "nl": "Elk academiejaar tussen 300 en 5.000 euro, en minder inschrijvingsgeld.",
            "fr": "Chaque année académique entre 300 et 5 000 euros, et des frais "
            "d'inscription réduits.",
            "en": "Every academic year between 300 and 5,000 euros, and lower enrolment fees.",
            "ar": "كل سنة جامعية بين 300 و5000 يورو، ورسوم تسجيل أقل.",
            "tr": "Her akademik yıl 300 ile 5.000 euro arası ve daha düşük kayıt ücreti.",
        },
        "how": {
            "nl": "Je kind vraagt het zelf online aan bij Studietoelagen Vlaanderen, van augustus "
            "tot juni. Schoolbrug helpt met het formulier.",
            "fr": "Ton enfant la demande lui-même en ligne, d'août à juin. Schoolbrug aide avec "
            "le formulaire.",
            "en": "Your child applies online, from August to June. Schoolbrug helps with the "
            "form.",
            "ar": "يقدّم طفلك الطلب بنفسه عبر الإنترنت، من أغسطس إلى يونيو. Schoolbrug يساعد في "
            "الاستمارة.",
            "tr": "Çocuğun ağustostan hazirana kadar internetten kendisi başvurur. Schoolbrug "
            "formda yardım eder.",
        },
        "cases": [
            _case("likely", children_ages=[19], monthly_income=2400),
            _case("no", children_ages=[19], monthly_income=3600),
            _case("no", children_ages=[], monthly_income=1200),
            _case("maybe", children_ages=[18]),
            _case("maybe", monthly_income=1200),
        ],
    },
    {
        "code": "social-housing", "domain": "housing",
        "conditions": [{"kind": "income_under", "monthly_euros": 2900}],
        "services": ("Inschrijven voor een sociale woning",), "audience": "low_income",
        "bring": ("id", "income", "rent"),
        "title": {
            "nl": "Je kan je inschrijven voor een sociale woning.",
            "fr": "Tu peux t'inscrire pour un logement social.",
            "en": "You can register for a social home.",
            "ar": "يمكنك التسجيل للحصول على سكن اجتماعي.",
            "tr": "Sosyal konut için kaydolabilirsin.",
        },
        "gives": {
            "nl": "Een huis of appartement met een huur volgens je inkomen. Er is een "
            "wachtlijst.",
            "fr": "Une maison ou un appartement avec un loyer selon tes revenus. Il y a une "
            "liste d'attente.",
            "en": "A house or flat with a rent based on your income. There is a waiting list.",
            "ar": "بيت أو شقة بإيجار حسب دخلك. توجد قائمة انتظار.",
            "tr": "Kirası gelirine göre olan bir ev veya daire. Bekleme listesi var.",
        },
        "how": {
            "nl": "Schrijf je in bij Woonmaatschappij Leiestad, zonder afspraak op maandag- of "
            "vrijdagvoormiddag. Bevestig elk jaar dat je nog zoekt.",
            "fr": "Inscris-toi chez Woonmaatschappij Leiestad, sans rendez-vous le lundi ou le "
            "vendredi matin. Confirme chaque année que tu cherches encore.",
            "en": "Register at Woonmaatschappij Leiestad, no appointment needed on Monday or "
            "Friday morning. Confirm every year that you are still looking.",
            "ar": "سجّل لدى Woonmaatschappij Leiestad، دون موعد يوم الاثنين أو الجمعة صباحاً. "
            "أكّد كل سنة أنك ما زلت تبحث.",
            "tr": "Woonmaatschappij Leiestad'a pazartesi veya cuma sabahı randevusuz kaydol. Her "
            "yıl hâlâ aradığını onayla.",
        },
        "cases": [
            _case("likely", monthly_income=2000),
            _case("likely", monthly_income=2899),
            _case("no", monthly_income=2900),
            _case("no", monthly_income=4200, increased_allowance=True),
            _case("maybe", increased_allowance=True),
        ],
    },
    {
        "code": "participation-pass", "domain": "leisure",
        "conditions": [
            IN_GENT,
            {
                "kind": "any_of",
                "conditions": [
                    {"kind": "increased_allowance"},
                    {"kind": "income_under", "monthly_euros": 2000},
                ],
            },
        ],
        "services": (
            "UiTPAS met kansentarief",
            "Speelpleinwerking in de vakanties",
            "Fietsherstelling en tweedehandsfietsen",
        ),
        "audience": "low_income", "bring": ("id", "health_card"),
        "title": {
            "nl": "Je krijgt een UiTPAS met kansentarief: vrije tijd voor 20 procent van de prijs.",
            "fr": "Tu reçois une UiTPAS au tarif réduit : les loisirs à 20 pour cent du prix.",
            "en": "You get a UiTPAS at the reduced rate: leisure for 20 percent of the price.",
            "ar": "تحصل على بطاقة UiTPAS بالسعر المخفّض: أنشطة الفراغ بـ20 بالمئة من السعر.",
            "tr": "İndirimli UiTPAS alırsın: boş zaman etkinlikleri fiyatın yüzde 20'sine.",
        },
        "gives": {
            "nl": "Zwemmen, sport, kampen, film en muziekschool voor het hele gezin, voor 20 "
            "procent van de prijs.",
            "fr": "Piscine, sport, stages, cinéma et académie de musique pour toute la famille, "
            "à 20 pour cent du prix.",
            "en": "Swimming, sport, camps, cinema and music school for the whole family, for 20 "
            "percent of the price.",
            "ar": "السباحة والرياضة والمخيّمات والسينما ومدرسة الموسيقى لكل العائلة بـ20 بالمئة "
            "من السعر.",
            "tr": "Tüm aile için yüzme, spor, kamp, sinema ve müzik okulu, fiyatın yüzde 20'sine.",
        },
        "how": {
            "nl": "Haal de pas aan het Vrijetijdsloket. Breng je ziekenfondskaart mee: daarop "
            "staat of je een verhoogde tegemoetkoming hebt.",
            "fr": "Va chercher la carte au Vrijetijdsloket. Apporte ta carte de mutuelle : elle "
            "indique si tu as l'intervention majorée.",
            "en": "Collect the pass at the Vrijetijdsloket. Bring your health insurance card: it "
            "shows whether you have the increased allowance.",
            "ar": "استلم البطاقة من Vrijetijdsloket. أحضر بطاقة التأمين الصحي: عليها يظهر إن كان "
            "لديك التعويض المرتفع.",
            "tr": "Kartı Vrijetijdsloket'ten al. Sağlık sigortası kartını getir: artırılmış geri "
            "ödemen olup olmadığı üzerinde yazar.",
        },
        "cases": [
            _case("likely", postcode="9000", increased_allowance=True),
            _case("likely", postcode="9032", increased_allowance=False, monthly_income=1700),
            _case("no", postcode="9000", increased_allowance=False, monthly_income=2600),
            _case("no", postcode="9100", increased_allowance=True),
            _case("maybe", postcode="9000", increased_allowance=False),
        ],
    },
    {
        "code": "social-energy-tariff", "domain": "housing",
        "conditions": [{"kind": "increased_allowance"}],
        "services": ("Premieloket: water en energie", "Onthaal Sociaal Huis"),
        "audience": "low_income", "bring": ("bill", "health_card"),
        "title": {
            "nl": "Je betaalt het sociaal tarief voor gas en elektriciteit.",
            "fr": "Tu paies le tarif social pour le gaz et l'électricité.",
            "en": "You pay the social tariff for gas and electricity.",
            "ar": "تدفع السعر الاجتماعي للغاز والكهرباء.",
            "tr": "Gaz ve elektrik için sosyal tarifeyi ödersin.",
        },
        "gives": {
            "nl": "De laagste prijs voor energie, bij elke leverancier.",
            "fr": "Le prix le plus bas pour l'énergie, chez chaque fournisseur.",
            "en": "The lowest energy price, with any supplier.",
            "ar": "أرخص سعر للطاقة، مع أي مورّد.",
            "tr": "Her tedarikçide en düşük enerji fiyatı.",
        },
        "how": {
            "nl": "Meestal krijg je het vanzelf. Staat het niet op je factuur? Kom langs aan het "
            "premieloket; we kijken het samen na.",
            "fr": "En général, tu le reçois automatiquement. Il n'est pas sur ta facture ? "
            "Passe au guichet des primes ; nous vérifions ensemble.",
            "en": "Usually you get it automatically. Not on your bill? Come to the allowance "
            "desk; we check it together.",
            "ar": "عادةً تحصل عليه تلقائياً. ليس على فاتورتك؟ تعال إلى شباك المنح؛ نتحقق منه معاً.",
            "tr": "Genelde kendiliğinden alırsın. Faturanda yok mu? Prim masasına gel; birlikte "
            "kontrol ederiz.",
        },
        "cases": [
            _case("likely", increased_allowance=True),
            _case("likely", increased_allowance=True, monthly_income=2500),
            _case("no", increased_allowance=False, monthly_income=1000),
            _case("maybe"),
        ],
    },
    {
        "code": "child-health-consultations", "domain": "health",
        "conditions": [
            {
                "kind": "any_of",
                "conditions": [{"kind": "expecting"}, {"kind": "child_under", "years": 3}],
            }
        ],
        "services": ("Consultatiebureau voor baby's en peuters",), "audience": "babies",
        "bring": ("booklet", "health_card"),
        "title": {
            "nl": "Je kind wordt gratis gevolgd en gevaccineerd op het consultatiebureau.",
            "fr": "Ton enfant est suivi et vacciné gratuitement à la consultation.",
            "en": "Your child is checked and vaccinated for free at the health clinic.",
            "ar": "يُتابَع طفلك ويُلقَّح مجاناً في عيادة صحة الطفل.",
            "tr": "Çocuğun sağlık danışma merkezinde ücretsiz takip edilir ve aşılanır.",
        },
        "gives": {
            "nl": "Gratis controles, vaccins en advies over voeding en slapen.",
            "fr": "Des contrôles, des vaccins et des conseils sur l'alimentation et le sommeil, "
            "gratuitement.",
            "en": "Free check-ups, vaccines and advice about feeding and sleep.",
            "ar": "فحوص ولقاحات ونصائح عن التغذية والنوم، مجاناً.",
            "tr": "Ücretsiz kontroller, aşılar ve beslenme ile uyku hakkında öneriler.",
        },
        "how": {
            "nl": "Maak een afspraak bij het Huis van het Kind De Wieg. Na de geboorte belt een "
            "verpleegkundige je ook zelf.",
            "fr": "Prends rendez-vous au Huis van het Kind De Wieg. Après la naissance, une "
            "infirmière t'appelle aussi.",
            "en": "Make an appointment at Huis van het Kind De Wieg. After the birth a nurse "
            "also calls you.",
            "ar": "احجز موعداً في Huis van het Kind De Wieg. بعد الولادة تتصل بك ممرضة أيضاً.",
            "tr": "Huis van het Kind De Wieg'den randevu al. Doğumdan sonra bir hemşire de seni "
            "arar.",
        },
        "cases": [
            _case("likely", children_ages=[1]),
            _case("likely", expecting=True, children_ages=[]),
            _case("no", expecting=False, children_ages=[4, 7]),
            _case("maybe", expecting=False),
            _case("maybe", children_ages=[5]),
        ],
    },
    {
        "code": "free-legal-advice", "domain": "papers", "conditions": [],
        "services": ("Gratis juridisch advies",), "audience": "everyone",
        "bring": ("id", "letters"),
        "title": {
            "nl": "Je krijgt gratis een eerste juridisch advies.",
            "fr": "Tu reçois gratuitement un premier conseil juridique.",
            "en": "You get first legal advice for free.",
            "ar": "تحصل مجاناً على استشارة قانونية أولى.",
            "tr": "İlk hukuki danışmanlığı ücretsiz alırsın.",
        },
        "gives": {
            "nl": "Een gesprek met een jurist of advocaat over je vraag.",
            "fr": "Un entretien avec un juriste ou un avocat sur ta question.",
            "en": "A talk with a lawyer about your question.",
            "ar": "جلسة مع حقوقي أو محامٍ حول سؤالك.",
            "tr": "Sorunla ilgili bir hukukçu veya avukatla görüşme.",
        },
        "how": {
            "nl": "Kom zonder afspraak naar de Rechtswinkel Zuid op dinsdagavond of "
            "zaterdagvoormiddag.",
            "fr": "Viens sans rendez-vous à la Rechtswinkel Zuid le mardi soir ou le samedi "
            "matin.",
            "en": "Drop in at Rechtswinkel Zuid on Tuesday evening or Saturday morning.",
            "ar": "تعال دون موعد إلى Rechtswinkel Zuid مساء الثلاثاء أو صباح السبت.",
            "tr": "Salı akşamı veya cumartesi sabahı randevusuz Rechtswinkel Zuid'e gel.",
        },
        "cases": [
            _case("likely"),
            _case("likely", postcode="2800", monthly_income=6000, increased_allowance=False),
            _case("likely", children_ages=[], expecting=False),
            _case("likely", single_parent=True, children_ages=[2, 5]),
        ],
    },
    {
        "code": "pro-deo-lawyer", "domain": "papers",
        "conditions": [
            {
                "kind": "any_of",
                "conditions": [
                    {"kind": "increased_allowance"},
                    {"kind": "income_under", "monthly_euros": 2000},
                ],
            }
        ],
        "services": ("Een pro-Deoadvocaat aanvragen",), "audience": "low_income",
        "bring": ("id", "income", "letters"),
        "title": {
            "nl": "Je krijgt een gratis of goedkope advocaat (pro Deo).",
            "fr": "Tu reçois un avocat gratuit ou bon marché (pro deo).",
            "en": "You get a free or low-cost lawyer (pro bono).",
            "ar": "تحصل على محامٍ مجاني أو بسعر منخفض.",
            "tr": "Ücretsiz veya ucuz bir avukat alırsın.",
        },
        "gives": {
            "nl": "Een advocaat die je helpt tot het einde van je zaak; je betaalt niets of een "
            "klein bedrag.",
            "fr": "Un avocat qui t'aide jusqu'à la fin de ton affaire ; tu ne paies rien ou un "
            "petit montant.",
            "en": "A lawyer who helps you until your case is over; you pay nothing or a small "
            "amount.",
            "ar": "محامٍ يساعدك حتى نهاية قضيتك؛ لا تدفع شيئاً أو تدفع مبلغاً صغيراً.",
            "tr": "Davan bitene kadar sana yardım eden bir avukat; hiçbir şey ya da küçük bir "
            "tutar ödersin.",
        },
        "how": {
            "nl": "Ga naar het Bureau Juridische Bijstand op maandag-, woensdag- of "
            "vrijdagvoormiddag.",
            "fr": "Va au Bureau Juridische Bijstand le lundi, le mercredi ou le vendredi matin.",
            "en": "Go to the Bureau Juridische Bijstand on Monday, Wednesday or Friday morning.",
            "ar": "اذهب إلى Bureau Juridische Bijstand يوم الاثنين أو الأربعاء أو الجمعة صباحاً.",
            "tr": "Pazartesi, çarşamba veya cuma sabahı Bureau Juridische Bijstand'a git.",
        },
        "cases": [
            _case("likely", increased_allowance=True),
            _case("likely", increased_allowance=False, monthly_income=1500),
            _case("no", increased_allowance=False, monthly_income=2800),
            _case("maybe", increased_allowance=False),
            _case("maybe", single_parent=True),
        ],
    },
]  # fmt: skip
