"""Pools that `seed_synthetic` draws names, places, sectors and companies from."""

# fmt: off
SWEDISH_FIRST = [
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Sofia",
    "Linnea", "Maja", "Elin", "Ida", "Hanna", "Johanna", "Frida", "Malin", "Åsa", "Ebba",
    "Lars", "Erik", "Anders", "Johan", "Per", "Karl", "Nils", "Mikael", "Jonas", "Oskar",
    "Gustav", "Emil", "Viktor", "Tobias", "Måns", "Björn", "Sven", "Olof", "Jörgen", "Axel",
]
SWEDISH_LAST = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Lindqvist", "Öberg", "Åberg", "Sjöberg", "Wikström", "Holm",
    "Berglund", "Sundin", "Nyström", "Hedlund", "Forsberg", "Marklund", "Ström", "Ek",
]
INTERNATIONAL_FIRST = [
    "Ahmed", "Fatima", "Mohammed", "Amira", "Ali", "Nour", "Omar", "Leila", "Hassan", "Yasmin",
    "Olena", "Dmytro", "Iryna", "Priya", "Rajesh", "Arjun", "Lan", "Minh", "Marco", "Giulia",
    "Ana", "João", "Lukas", "Anna-Lena", "Tomás", "Lucía", "Eleni", "Giorgos", "Tariq", "Samira",
]
INTERNATIONAL_LAST = [
    "Hassan", "Ali", "Mohammed", "Yusuf", "Haddad", "Khalil", "Rezaei", "Ahmadi", "Kovalenko",
    "Shevchenko", "Petrenko", "Kumar", "Sharma", "Nguyen", "Tran", "Rossi", "Bianchi",
    "Souza", "Silva", "Schneider", "Fischer", "García", "Martínez", "Papadopoulos", "Georgiou",
]
# Full names in other scripts with an ASCII form for the email address.
OTHER_SCRIPT_NAMES = [
    ("مريم حسن", "maryam.hassan"),
    ("نور خليل", "nour.khalil"),
    ("أحمد يوسف", "ahmed.yusuf"),
    ("Олена Коваленко", "olena.kovalenko"),
    ("Дмитрий Петров", "dmitrij.petrov"),
    ("Ірина Шевченко", "iryna.shevchenko"),
    ("Γιώργος Παπαδόπουλος", "giorgos.papadopoulos"),
    ("Ελένη Γεωργίου", "eleni.georgiou"),
]
SWEDISH_CITIES = [
    "Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås", "Örebro", "Linköping",
    "Helsingborg", "Norrköping", "Jönköping", "Umeå", "Lund", "Borås", "Sundsvall", "Gävle",
    "Falun", "Växjö", "Karlstad", "Luleå", "Södertälje",
]
# City weights: the big three dominate, like the interest found in the ESF+ survey.
SWEDISH_CITY_WEIGHTS = [20, 12, 10] + [3] * (len(SWEDISH_CITIES) - 3)
ABROAD = [
    ("Bologna", "Italien"), ("Lissabon", "Portugal"), ("Barcelona", "Spanien"),
    ("Berlin", "Tyskland"), ("Innsbruck", "Österrike"), ("Thessaloniki", "Grekland"),
    ("Hanoi", "Vietnam"), ("Dubai", "Förenade Arabemiraten"), ("Kraków", "Polen"),
    ("Helsingfors", "Finland"), ("Oslo", "Norge"), ("Manila", "Filippinerna"),
]
# Countries of ABROAD in the EU: their citizens need no work permit.
EU = {"Italien", "Portugal", "Spanien", "Tyskland", "Österrike", "Grekland", "Polen", "Finland"}
LANGUAGE_SETS = [
    ("svenska", "engelska"),
    ("svenska", "engelska", "tyska"),
    ("svenska", "engelska", "finska"),
    ("svenska", "arabiska", "engelska"),
    ("svenska", "persiska", "engelska"),
    ("ukrainska", "engelska", "svenska"),
    ("engelska", "svenska (grundläggande)"),
    ("somaliska", "svenska", "engelska"),
    ("spanska", "engelska"),
]
PARTNER_OCCUPATIONS = [
    "Sjuksköterska", "Lärare", "Undersköterska", "Ingenjör", "Snickare", "Ekonom",
    "Förskollärare", "Elektriker", "Läkare", "Kock", "Socionom", "Student",
]

# Per sector: (weight for candidates, headlines, skills, trip title prefixes, employer words,
# hiring-need role titles)
SECTOR_POOLS: dict[str, dict] = {
    "ekonomi": {
        "weight": 12,
        "headlines": ["Redovisningskonsult", "Controller", "Ekonomiassistent", "Lönekonsult",
                      "Ekonomichef", "Revisor", "Skatterådgivare"],
        "skills": ["Visma", "Fortnox", "SAP", "K3", "IFRS", "bokslut", "Excel", "Power BI",
                   "moms", "budget"],
        "trip": ["Ekonomresan", "Siffror och fjäll", "Controllerresan"],
        "employer": ["Ekonomi", "Revision", "Redovisning", "Finans"],
        "roles": ["Redovisningskonsult", "Controller", "Lönespecialist", "Ekonomichef"],
    },
    "ingenjor-industri": {
        "weight": 14,
        "headlines": ["Elkraftingenjör", "Konstruktör", "Produktionstekniker",
                      "Automationsingenjör", "Underhållsingenjör", "Projektingenjör"],
        "skills": ["AutoCAD", "SolidWorks", "PLC", "Lean", "elkraft", "CE-märkning",
                   "underhåll", "projektledning"],
        "trip": ["Ingenjörsresan", "Industri och fjäll", "Teknikresan"],
        "employer": ["Teknik", "Industri", "Energi", "Verkstad"],
        "roles": ["Elkraftingenjör", "Konstruktör", "Automationstekniker", "Projektledare"],
    },
    "it": {
        "weight": 18,
        "headlines": ["Backendutvecklare", "Frontendutvecklare", "Fullstackutvecklare",
                      "DevOps-ingenjör", "Data engineer", "Systemarkitekt", "Testare",
                      "IT-säkerhetsspecialist"],
        "skills": ["Python", "Java", "C#", "TypeScript", "React", "Kubernetes", "PostgreSQL",
                   "AWS", "Azure", "Go", "Rust", "Django"],
        "trip": ["IT-resan", "Utvecklarresan", "Kod och fjäll"],
        "employer": ["Kod", "Data", "Digital", "Moln", "IT"],
        "roles": ["Backendutvecklare", "Fullstackutvecklare", "DevOps-ingenjör", "Tech lead"],
    },
    "vard-omsorg": {
        "weight": 16,
        "headlines": ["Undersköterska", "Sjuksköterska", "Vårdbiträde", "Stödassistent",
                      "Enhetschef, äldreomsorg"],
        "skills": ["demensvård", "palliativ vård", "läkemedelshantering", "LSS",
                   "hemtjänst"],
        "trip": ["Vårdresan", "Omsorgsresan"],
        "employer": ["Omsorg", "Vård", "Hemtjänst"],
        "roles": ["Undersköterska", "Sjuksköterska", "Stödassistent"],
    },
    "halso-sjukvard": {
        "weight": 6,
        "headlines": ["Specialistläkare, allmänmedicin", "ST-läkare", "Psykiatriker",
                      "Distriktsläkare"],
        "skills": ["allmänmedicin", "akutmedicin", "psykiatri", "handledning"],
        "trip": ["Läkarresan", "Doktorsresan"],
        "employer": ["Hälsa", "Läkarhus", "Vårdcentral"],
        "roles": ["Specialistläkare", "Distriktsläkare", "ST-läkare"],
    },
    "pedagogik": {
        "weight": 10,
        "headlines": ["Grundskollärare", "Förskollärare", "Gymnasielärare",
                      "Speciallärare", "Fritidspedagog"],
        "skills": ["matematik", "svenska som andraspråk", "NPF", "IKT", "läsinlärning"],
        "trip": ["Lärarresan", "Skolresan"],
        "employer": ["Skola", "Förskola", "Utbildning"],
        "roles": ["Grundskollärare", "Förskollärare", "Speciallärare"],
    },
    "restaurang-kock": {
        "weight": 10,
        "headlines": ["Kock", "Souschef", "Köksmästare", "Konditor", "Kallskänka"],
        "skills": ["à la carte", "storkök", "catering", "HACCP", "allergikost", "bakning"],
        "trip": ["Kockresan", "Fjällköket", "Smaka Jämtland"],
        "employer": ["Krog", "Kök", "Hotell", "Bistro"],
        "roles": ["Kock", "Souschef", "Köksmästare"],
    },
    "yrkesforare": {
        "weight": 8,
        "headlines": ["Lastbilschaufför CE", "Bussförare", "Timmerbilschaufför",
                      "Distributionsförare"],
        "skills": ["CE-behörighet", "YKB", "ADR", "kranbil", "D-behörighet"],
        "trip": ["Förarresan", "Vägen till Jämtland"],
        "employer": ["Åkeri", "Transport", "Buss", "Logistik"],
        "roles": ["Lastbilschaufför", "Bussförare", "Timmerbilschaufför"],
    },
    "ovrigt": {
        "weight": 6,
        "headlines": ["Elektriker", "Snickare", "Säljare", "Fastighetstekniker",
                      "Kommunikatör"],
        "skills": ["B-körkort", "kundservice", "elinstallation", "projektledning"],
        "trip": ["Jämtlandsresan", "Flytta norrut"],
        "employer": ["Service", "Bygg", "Handel", "Fastighet"],
        "roles": ["Elektriker", "Snickare", "Säljare"],
    },
}
PLACE_WORDS = [
    "Storsjö", "Frösö", "Jämt", "Fjäll", "Åre", "Oviks", "Brunflo", "Lits", "Hallens",
    "Krokoms", "Mittnorr", "Norrsken", "Indals", "Bydals", "Sylarna", "Ström", "Ragunda",
]
COMPANY_FORMS = ["AB", "AB", "AB", "i Jämtland AB", "& Co AB", "HB", "ek. för."]
MUNICIPALITIES = [
    "Östersunds kommun", "Åre kommun", "Krokoms kommun", "Strömsunds kommun",
    "Ragunda kommun", "Bräcke kommun", "Bergs kommun", "Härjedalens kommun",
]
BASE_LOCATIONS = [
    "Östersund, Åre", "Östersund, Frösön", "Åre, Duved", "Östersund, Bydalen",
    "Östersund, Storlien", "Funäsdalen, Östersund", "Östersund, Krokom", "Strömsund, Östersund",
]
MONTHS_SV = [
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
]
# fmt: on
