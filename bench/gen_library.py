#!/usr/bin/env python3
"""gen_library.py — writes a fabrique bundle (docs/formats.md) holding one
public cycle and a large generated library, for bench/search.sh; and, next
to it, the search queries the benchmark rotates through.

    python3 bench/gen_library.py BUNDLE QUERIES [--items N] [--seed S] [--slug SLUG]

The text is French-like rather than French: titles of 3 to 8 words and
summaries of 1 to 3 sentences drawn from a vocabulary of a few thousand
words (a few hundred real ones, accented ones among the most frequent, such
as réseau, énergie, économie, société, numérique, écologie, then generated
words built from French syllables and endings), with frequencies that
follow Zipf's law so that the first words appear in a good share of the
items and the last ones in a handful. Items are spread evenly over the
eight library kinds and have uids b-000001, b-000002...

QUERIES receives one URL-encoded query per line (at least 50): single
words from the most common to the rarest, two-word queries, the same words
without accents, prefixes, upper case, and a word that matches nothing.

Everything is derived from the seed: the same arguments give the same
bytes. Standard library only.
"""
import argparse
import json
import random
import sys
import unicodedata
import urllib.parse

KINDS = ["signe", "signal", "reference", "inspiration", "contre_modele", "imaginaire",
         "question", "interview"]
STATUSES = ["a_surveiller", "observe", "confirme", "estompe"]

# Real words, most frequent first (their rank in the Zipf law is their
# place here). Accented words come early on purpose: they are the ones whose
# folding matters.
REAL = """
réseau énergie économie société numérique écologie territoire mobilité santé
éducation travail ville campagne climat données démocratie citoyen entreprise
alimentation logement transport université recherche industrie agriculture
collectivité association coopérative métropole région quartier village
habitant génération jeunesse vieillesse famille solidarité sécurité liberté
égalité fraternité justice médecine hôpital école lycée collège formation
emploi chômage salaire revenu impôt budget dépense investissement épargne
monnaie banque crédit marché commerce consommation production usine atelier
artisan paysan agriculteur forêt rivière océan montagne littoral désert
biodiversité pollution déchet recyclage réparation sobriété frugalité
résilience transition adaptation atténuation carbone charbon pétrole gaz
électricité batterie hydrogène nucléaire éolien solaire chaleur froid
sécheresse inondation tempête canicule incendie récolte semence irrigation
eau sol air lumière bruit silence espace temps mémoire patrimoine culture
musée théâtre cinéma musique littérature journal média information
plateforme algorithme intelligence artificielle robot automate capteur
satellite câble serveur logiciel application téléphone écran internet
cybersécurité vie privée surveillance identité confiance gouvernance
régulation législation norme contrat propriété commun bien partage
coopération concurrence monopole fiscalité subvention politique élection
vote parlement assemblée conseil maire ministre état nation europe monde
frontière migration exil accueil hospitalité voisinage communauté lien
isolement solitude loisir tourisme voyage vélo voiture train avion bateau
autoroute gare port aéroport route chemin piéton tramway métro bus
covoiturage livraison entrepôt logistique chaîne approvisionnement matière
ressource minerai métal lithium cuivre sable bois béton acier plastique
textile vêtement mode design architecture bâtiment rénovation isolation
chauffage climatisation cuisine repas viande légume fruit céréale pain
lait fromage vin bière marché primeur cantine restaurant épicerie
supermarché circuit court proximité autonomie dépendance vulnérabilité
précarité pauvreté richesse inégalité héritage transmission apprentissage
compétence métier profession vocation carrière retraite pension
protection sociale assurance mutuelle soin prévention épidémie vaccin
pandémie virus bactérie génome biotechnologie médicament pharmacie
laboratoire science savoir expertise ignorance rumeur controverse débat
délibération participation consultation concertation référendum pétition
manifestation grève syndicat patronat dialogue négociation compromis
conflit paix guerre défense armée crise catastrophe risque incertitude
scénario prospective futur avenir horizon tendance signal rupture
émergence innovation invention découverte expérimentation prototype
laboratoire vivant tiers-lieu friche jardin potager parc arbre haie
abeille oiseau insecte poisson animal élevage pêche chasse sauvage
domestique rural urbain périurbain banlieue centre périphérie
""".split()

# Grammatical glue, never indexed as a query (PostgreSQL's French
# configuration drops most of them as stop words anyway).
GLUE_DET = ["le", "la", "les", "un", "une", "des", "du", "ce", "cette", "leur", "notre"]
GLUE_PREP = ["de", "à", "dans", "pour", "sur", "avec", "sans", "entre", "par", "vers",
             "contre", "sous", "après", "avant", "chez", "selon"]
GLUE_CONJ = ["et", "ou", "mais", "donc", "car", "puis", "tandis que", "alors que"]
VERBS = """
transforme accélère ralentit réinvente menace soutient finance relie isole
protège fragilise révèle cache modifie déplace remplace prolonge interroge
bouscule renforce affaiblit mesure partage mutualise répare construit détruit
accompagne organise réorganise anticipe prépare redessine décentralise
""".split()

ONSETS = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "pr",
          "tr", "gr", "bl", "cl", "fr", "pl", "qu", "st", "br", "dr"]
VOWELS = ["a", "e", "i", "o", "u", "é", "è", "ou", "au", "ai", "an", "on", "in", "eu",
          "â", "ê", "ô", "î", "oi", "ien"]
ENDINGS = ["tion", "ité", "ement", "isme", "eur", "ique", "age", "ance", "oire", "iste",
           "ure", "ette", "ière", "ation", "ologie", "ence", "esque", "ail", "erie", "ade"]
ACCENTS = {"e": ["é", "è", "ê"], "a": ["à", "â"], "c": ["ç"], "o": ["ô"], "i": ["î"], "u": ["û"]}


def fold(word):
    """The word without diacritics (réseau -> reseau)."""
    nfd = unicodedata.normalize("NFD", word)
    return "".join(c for c in nfd if not unicodedata.combining(c))


def vocabulary(rng, size):
    """REAL followed by generated words, all distinct after folding."""
    words, seen = [], set()
    for w in REAL:
        if fold(w) not in seen:
            seen.add(fold(w))
            words.append(w)
    while len(words) < size:
        w = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(rng.randint(1, 3)))
        w += rng.choice(ENDINGS)
        if rng.random() < 0.2:
            # a few more accented letters: one plain letter gets an accent
            spots = [i for i, c in enumerate(w[:-1]) if c in ACCENTS]
            if spots:
                i = rng.choice(spots)
                w = w[:i] + rng.choice(ACCENTS[w[i]]) + w[i + 1:]
        f = fold(w)
        if f in seen or len(f) < 5:
            continue
        seen.add(f)
        words.append(w)
    return words


class Writer:
    def __init__(self, rng, words):
        self.rng = rng
        self.words = words
        # Zipf's law, s = 1, with a small offset so that the very first
        # words are common rather than in every item.
        self.cum = []
        total = 0.0
        for rank in range(len(words)):
            total += 1.0 / (rank + 8)
            self.cum.append(total)

    def content(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def title(self):
        rng = self.rng
        ws = self.content(rng.randint(2, 5))
        parts = [ws[0]]
        for w in ws[1:]:
            parts.append(rng.choice(GLUE_PREP + ["et"]) if rng.random() < 0.5 else rng.choice(GLUE_DET))
            parts.append(w)
        t = " ".join(parts)
        return t[0].upper() + t[1:]

    def sentence(self):
        rng = self.rng
        ws = self.content(rng.randint(4, 9))
        parts = [rng.choice(GLUE_DET), ws[0], rng.choice(VERBS)]
        for i, w in enumerate(ws[1:]):
            if i and rng.random() < 0.3:
                parts.append(rng.choice(GLUE_CONJ))
            parts.append(rng.choice(GLUE_PREP) if rng.random() < 0.6 else rng.choice(GLUE_DET))
            parts.append(w)
        s = " ".join(parts)
        s = s.replace("de le ", "du ").replace("à le ", "au ").replace("de les ", "des ")
        return s[0].upper() + s[1:] + rng.choice([".", ".", ".", " ?", " !"])

    def summary(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 3)))


def queries(words):
    """At least 50 queries spread over frequencies and forms."""
    common = words[:12]
    mid = words[150:156] + words[400:404]
    rare = words[1500:1503] + words[-5:]
    q = []
    q += common                                      # common words, accented
    q += [fold(w) for w in common[:6]]               # the same without accents
    q += mid + rare                                  # middle and rare words
    q += ["reseau energie", "économie société", "numerique ecologie", "réseau territoire",
          "santé éducation", "ville mobilité", "donnees democratie", "energie climat"]
    q += [f"{common[i]} {mid[i]}" for i in range(4)]  # common and middle
    q += [f"{mid[i]} {rare[i]}" for i in range(3)]    # middle and rare
    q += ["numer", "ecolo", "soci", "ener", "econ", "mobil", "terri", "démo", "res"]  # prefixes
    q += ["RÉSEAU", "Énergie Numérique"]             # case
    q += ["xylophonique"]                            # matches nothing
    return q


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bundle")
    ap.add_argument("queries")
    ap.add_argument("--items", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--slug", default="bench")
    ap.add_argument("--words", type=int, default=3000)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    words = vocabulary(rng, a.words)
    wr = Writer(rng, words)
    year0 = 2000
    with open(a.bundle, "w", encoding="utf-8") as out:
        head = {
            "format": "fabrique-bundle",
            "version": 1,
            "cycle": {
                "slug": a.slug,
                "title": "Banc d'essai de la recherche",
                "question": "Que trouve-t-on dans une grande bibliothèque ?",
                "description": f"{a.items} fiches générées (graine {a.seed}).",
                "horizon": 2050,
                "visibility": "public",
                "archived": False,
                "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z",
            },
            "phases": [], "members": [], "taxonomies": [], "templates": [],
        }
        # Written piece by piece: the library does not have to be held in
        # memory, and compact separators keep the file well under the
        # importer's 64 MB limit.
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
        out.write(text[:-1] + ',"library":[\n')
        for i in range(a.items):
            kind = KINDS[i % len(KINDS)]
            item = {
                "uid": f"b-{i + 1:06d}",
                "kind": kind,
                "title": wr.title(),
                "source": rng.choice(["", "", "Le Monde", "Usbek & Rica", "Futuribles",
                                      "France Stratégie", "Entretien", "Rapport"]),
                "date": f"{year0 + rng.randrange(27)}-{rng.randrange(1, 13):02d}",
                "summary": wr.summary(),
            }
            if kind == "signal":
                item["status"] = STATUSES[i // len(KINDS) % len(STATUSES)]
            out.write(("," if i else "") + json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        out.write('],"scenarios":[]}\n')

    with open(a.queries, "w", encoding="utf-8") as out:
        for q in queries(words):
            out.write(urllib.parse.quote(q, safe="") + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
