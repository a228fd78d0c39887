"""Synthetic data at any size, deterministic for a seed and written as a stream.

Two generators:

- exports (:func:`write_synthetic_export`), for load benchmarks and tests: the export
  contract with about 50 statements per document, 3 per sentence, a few hundred distinct
  predicates with a long tail, entities of the usual spaCy types and non-entity arguments
  (concepts); some statements negated, attributed or hedged;
- news articles (:func:`write_articles`), for the throughput benchmark: realistic prose
  (people with titles, organisations, places, quotes and reported speech, negation,
  modality, dates) from combinatorial templates over a recurring cast.

``python -m kg.synthetic DIR TRIPLES [SEED]`` writes an export;
``python -m kg.synthetic articles --n 1000 --seed 1 --out DIR [--format txt]`` articles.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import string
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kg.export import DOCUMENTS, ENTITIES, TRIPLES
from kg.ids import entity_id, triple_id

__all__ = [
    "ARTICLES_JSONL",
    "SyntheticArticle",
    "SyntheticSizes",
    "iter_articles",
    "main",
    "make_article",
    "write_articles",
    "write_synthetic_export",
]

_TYPES = ("PERSON", "PERSON", "ORG", "ORG", "GPE", "NORP")
_VERBS = (
    "say warn reject accuse deny confirm announce meet visit lead head fund sue ask tell "
    "call close open order investigate inspect report blame support oppose join leave "
    "approve block sign plan expect consider urge praise criticise discuss publish reveal "
    "charge arrest release hire fire appoint replace pay owe buy sell build repair test"
).split()
_PARTICLES = ("", "", "", " out", " up", " off", " down", " over", " of", " to", " with")
_WORDS = (
    "river spill plant company valve report ministry border fish barge inquiry alarm "
    "solvent sample police court official minister commission vessel ban fund water "
    "tank lock safety leak warning deadline compensation investigation statement"
).split()


@dataclass(frozen=True, slots=True)
class SyntheticSizes:
    """How much a synthetic export of ``triples`` statements contains."""

    triples: int
    documents: int
    entities: int
    concepts: int
    predicates: int
    per_document: int = 50
    per_sentence: int = 3

    @classmethod
    def for_triples(cls, triples: int) -> SyntheticSizes:
        return cls(
            triples=triples,
            documents=max(1, -(-triples // 50)),
            entities=max(10, triples // 20),
            concepts=max(10, triples // 5),
            predicates=max(5, min(400, triples // 100)),
        )


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False) + "\n"


def _entity_name(i: int, type_: str) -> str:
    return f"{type_.title()} {i:07d}"


def write_synthetic_export(directory: Path, triples: int, seed: int = 7) -> SyntheticSizes:
    """Write ``documents.jsonl``, ``entities.jsonl`` and ``triples.jsonl`` into
    ``directory`` with ``triples`` statements (one relationship each, barring the rare
    random repeat); returns the sizes used."""
    sizes = SyntheticSizes.for_triples(triples)
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    doc_ids = [f"doc-{i:07d}" for i in range(sizes.documents)]

    with (directory / DOCUMENTS).open("w", encoding="utf-8") as handle:
        for i, doc in enumerate(doc_ids):
            handle.write(
                _line(
                    {
                        "id": doc,
                        "source": f"synthetic/{doc}.txt",
                        "title": f"Synthetic article {i}",
                        "outlet": f"Outlet {i % 17}",
                        "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "url": f"https://example.org/synthetic/{doc}",
                        "chars": sizes.per_document * 60,
                    }
                )
            )

    types = [_TYPES[i % len(_TYPES)] for i in range(sizes.entities)]
    names = [_entity_name(i, t) for i, t in enumerate(types)]
    ids = [entity_id(t, n.lower()) for t, n in zip(types, names, strict=True)]
    with (directory / ENTITIES).open("w", encoding="utf-8") as handle:
        for i in range(sizes.entities):
            surname = names[i].rsplit(" ", 1)[-1]
            handle.write(
                _line(
                    {
                        "id": ids[i],
                        "name": names[i],
                        "type": types[i],
                        "aliases": [surname] if i % 3 == 0 else [],
                        "mentions": 1 + i % 9,
                        "sources": sorted(set(rng.sample(doc_ids, min(len(doc_ids), 1 + i % 4)))),
                        "titles": ["Minister"] if i % 11 == 0 else [],
                    }
                )
            )

    predicates = sorted({v + p for v in _VERBS for p in _PARTICLES})
    rng.shuffle(predicates)
    predicates = predicates[: sizes.predicates]
    weights = [1.0 / (rank + 1) for rank in range(len(predicates))]  # Zipf-like long tail
    concepts = [f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {i}" for i in range(sizes.concepts)]

    def argument() -> tuple[str, str | None, str | None]:
        if rng.random() < 0.5:
            i = rng.randrange(sizes.entities)
            return names[i], ids[i], types[i]
        return rng.choice(concepts), None, None

    with (directory / TRIPLES).open("w", encoding="utf-8") as handle:
        for n in range(triples):
            doc = doc_ids[n // sizes.per_document]
            index = (n % sizes.per_document) // sizes.per_sentence
            start = index * 60
            subject, subject_id, subject_type = argument()
            obj, object_id, object_type = argument()
            predicate = rng.choices(predicates, weights)[0]
            negated = rng.random() < 0.05
            draw = rng.random()
            modality = ("reported", "possible", "planned")[int(draw * 30)] if draw < 0.1 else None
            attribution = names[rng.randrange(sizes.entities)] if rng.random() < 0.15 else None
            word = _WORDS[(n // sizes.per_document + index) % len(_WORDS)]
            sentence = f"Sentence {index} of {doc}: {word} news."
            handle.write(
                _line(
                    {
                        "id": triple_id(doc, index, n),
                        "subject": subject,
                        "subject_id": subject_id,
                        "subject_type": subject_type,
                        "predicate": predicate,
                        "object": obj,
                        "object_id": object_id,
                        "object_type": object_type,
                        "negated": negated,
                        "modality": modality,
                        "attribution": attribution,
                        "confidence": round(0.5 + rng.random() * 0.45, 3),
                        "source": f"synthetic/{doc}.txt",
                        "doc_id": doc,
                        "sentence": sentence,
                        "sentence_index": index,
                        "start": start,
                        "end": start + len(sentence),
                        "subject_text": subject,
                        "predicate_text": predicate,
                        "object_text": obj,
                        "rule": "synthetic",
                    }
                )
            )
    return sizes


# --------------------------------------------------------------------------- articles
#
# Synthetic news articles for the throughput benchmark (and anything else that needs a
# corpus of any size): realistic prose from combinatorial templates. A "world" derived
# from the seed holds recurring people and organisations (drawn with a heavy-tailed
# distribution, so a few recur in many articles and most in few, and the number of
# distinct entities keeps growing with the corpus like a real archive); each article
# is one story of one of ten kinds, told in 300-700 words with reported speech, quotes,
# negation, modality, passives, relative clauses, dates and figures.
#
# Article ``i`` depends only on (seed, i): the first 100 articles of a 1,000-article
# corpus are the 100-article corpus, and the same seed always gives the same bytes.

ARTICLES_JSONL = "articles.jsonl"
MIN_WORDS, MAX_WORDS = 300, 700


def _pool(text: str) -> tuple[str, ...]:
    """A comma-separated pool (names may contain spaces: "de Jong", "Rio de Janeiro")."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass(frozen=True, slots=True)
class _Culture:
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    surname_first: bool = False  # "Wang Wei", "Kim Min-jun"


_CULTURES: dict[str, _Culture] = {
    "en": _Culture(
        _pool(
            "James, John, Robert, Michael, David, William, Richard, Thomas, Daniel, Matthew, "
            "Andrew, Paul, Mark, Steven, Kevin, Brian, George, Edward, Peter, Simon, Oliver, "
            "Harry, Jack, Samuel, Nathan, Graham, Colin, Neil"
        ),
        _pool(
            "Mary, Patricia, Jennifer, Linda, Elizabeth, Susan, Sarah, Karen, Emily, Rachel, "
            "Laura, Helen, Claire, Emma, Charlotte, Hannah, Rebecca, Catherine, Fiona, Joanna, "
            "Alice, Lucy, Victoria, Megan, Gillian, Deborah, Siobhan, Abigail"
        ),
        _pool(
            "Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright, "
            "Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, "
            "Harris, Lewis, Bennett, Fletcher, Hughes, Palmer, Morrison, Doyle, Gallagher, "
            "Murphy, Kennedy, O'Brien, Sullivan, Barnes, Foster, Reynolds, Mitchell, Campbell, "
            "Stewart, Henderson, Whitaker, Ashworth, Pemberton, Caldwell"
        ),
    ),
    "de": _Culture(
        _pool(
            "Thomas, Michael, Andreas, Stefan, Matthias, Jürgen, Klaus, Wolfgang, Markus, "
            "Tobias, Florian, Jan, Lukas, Felix, Sebastian, Christian, Dirk, Uwe, Bernd, "
            "Rainer, Günter, Holger"
        ),
        _pool(
            "Sabine, Claudia, Petra, Anja, Katrin, Julia, Anna, Lena, Birgit, Ursula, Monika, "
            "Heike, Susanne, Franziska, Johanna, Miriam, Ines, Nicole, Karin, Silke, Dörte"
        ),
        _pool(
            "Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, "
            "Hoffmann, Koch, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, "
            "Braun, Krüger, Hartmann, Lange, Werner, Krause, Lehmann, Köhler, Vogel, Brandt, "
            "Kaiser, Berger, Winkler, Roth, Beck, Lorenz, Baumann, Sommer, Engel, Huber, "
            "Steiner, Gruber, Eberhardt"
        ),
    ),
    "fr": _Culture(
        _pool(
            "Jean, Pierre, Michel, Philippe, Alain, Nicolas, François, Laurent, Julien, "
            "Antoine, Mathieu, Olivier, Thierry, Sébastien, Guillaume, Étienne, Benoît, Rémi, "
            "Yves, Hugo, Arnaud"
        ),
        _pool(
            "Marie, Nathalie, Isabelle, Sylvie, Catherine, Sophie, Céline, Aurélie, Camille, "
            "Élodie, Julie, Chloé, Margaux, Hélène, Valérie, Émilie, Léa, Pauline, Agnès, "
            "Delphine, Solène"
        ),
        _pool(
            "Martin, Bernard, Dubois, Robert, Richard, Petit, Durand, Leroy, Moreau, Lefebvre, "
            "Garcia, Bertrand, Roux, Vincent, Fournier, Morel, Girard, André, Mercier, Dupont, "
            "Lambert, Bonnet, Legrand, Garnier, Faure, Rousseau, Blanc, Guérin, Henry, "
            "Roussel, Perrin, Chevalier, Lemaire, Marchand, Boucher, Dumont"
        ),
    ),
    "es": _Culture(
        _pool(
            "José, Antonio, Manuel, Francisco, Javier, Carlos, Miguel, Alejandro, Luis, Pablo, "
            "Sergio, Jorge, Alberto, Diego, Andrés, Fernando, Raúl, Ricardo, Eduardo, Rafael, "
            "Gonzalo, Ignacio"
        ),
        _pool(
            "María, Carmen, Ana, Laura, Lucía, Isabel, Elena, Marta, Cristina, Paula, Sofía, "
            "Patricia, Rosa, Teresa, Beatriz, Gabriela, Valentina, Daniela, Natalia, Mercedes, "
            "Ximena, Lorena"
        ),
        _pool(
            "García, Fernández, González, Rodríguez, López, Martínez, Sánchez, Pérez, Gómez, "
            "Jiménez, Ruiz, Hernández, Díaz, Moreno, Álvarez, Muñoz, Romero, Alonso, "
            "Gutiérrez, Navarro, Torres, Domínguez, Vázquez, Ramos, Ramírez, Serrano, Molina, "
            "Morales, Suárez, Ortega, Delgado, Castro, Ortiz, Rubio, Iglesias, Medina, "
            "Castillo, Herrera, Vargas, Mendoza, Rojas, Aguilar, Salazar, Cabrera"
        ),
    ),
    "it": _Culture(
        _pool(
            "Giuseppe, Giovanni, Antonio, Mario, Luigi, Francesco, Angelo, Vincenzo, Marco, "
            "Andrea, Alessandro, Matteo, Lorenzo, Davide, Stefano, Paolo, Roberto, Luca, "
            "Fabio, Simone"
        ),
        _pool(
            "Giulia, Francesca, Chiara, Sara, Valentina, Alessandra, Federica, Elisa, Martina, "
            "Silvia, Elena, Paola, Roberta, Laura, Cristina, Giorgia, Beatrice, Serena, "
            "Ilaria, Donatella"
        ),
        _pool(
            "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, "
            "Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, "
            "Barbieri, Fontana, Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, "
            "Leone, Longo, Gentile"
        ),
    ),
    "pt": _Culture(
        _pool(
            "João, Pedro, Lucas, Gabriel, Rafael, Tiago, Rodrigo, Bruno, Gustavo, Felipe, "
            "Ricardo, André, Paulo, Marcelo, Henrique, Diogo, Vinícius, Leonardo, Caio, Fábio"
        ),
        _pool(
            "Ana, Beatriz, Mariana, Juliana, Fernanda, Camila, Larissa, Letícia, Inês, "
            "Catarina, Rita, Joana, Luísa, Patrícia, Carolina, Renata, Adriana, Vanessa, "
            "Tatiana, Raquel"
        ),
        _pool(
            "Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, "
            "Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, "
            "Rocha, Dias, Nascimento, Andrade, Moreira, Nunes, Marques, Machado, Mendes, "
            "Freitas, Cardoso, Teixeira, Azevedo"
        ),
    ),
    "pl": _Culture(
        _pool(
            "Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Marcin, Michał, Łukasz, Grzegorz, "
            "Jakub, Adam, Marek, Wojciech, Rafał, Kamil, Bartosz, Mateusz, Dariusz"
        ),
        _pool(
            "Anna, Katarzyna, Małgorzata, Agnieszka, Barbara, Ewa, Magdalena, Joanna, "
            "Aleksandra, Monika, Dorota, Beata, Karolina, Natalia, Zofia, Justyna"
        ),
        _pool(
            "Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, "
            "Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, "
            "Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Pawłowski, Michalski, Zając, Król, "
            "Wieczorek, Jabłoński"
        ),
    ),
    "nl": _Culture(
        _pool(
            "Jan, Pieter, Dirk, Bas, Joost, Maarten, Sander, Thijs, Ruud, Wouter, Bram, Koen, "
            "Erik, Hendrik, Willem, Lars"
        ),
        _pool(
            "Anouk, Femke, Sanne, Lotte, Marieke, Eva, Esther, Ingrid, Annelies, Saskia, "
            "Fleur, Noor, Daphne, Mirjam, Ilse, Wendy"
        ),
        _pool(
            "de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Visser, Smit, Meijer, "
            "de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, "
            "Brouwer, de Wit, Dijkstra, Smits, de Graaf, van der Meer, Kok, Vermeulen"
        ),
    ),
    "nordic": _Culture(
        _pool(
            "Erik, Lars, Anders, Johan, Magnus, Henrik, Nils, Olof, Karl, Sven, Mikael, Jonas, "
            "Oskar, Mats, Fredrik, Jesper, Rasmus, Mikkel, Sindre, Eirik"
        ),
        _pool(
            "Anna, Eva, Maria, Karin, Sara, Emma, Ingrid, Astrid, Linnea, Maja, Sofie, Ida, "
            "Freja, Sigrid, Hanna, Kristin, Liv, Camilla, Mette, Helle"
        ),
        _pool(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, "
            "Svensson, Lindberg, Lindqvist, Berg, Hansen, Johansen, Olsen, Nielsen, Jensen, "
            "Pedersen, Kristiansen, Halvorsen, Lund, Dahl, Holm, Virtanen, Korhonen, Mäkinen, "
            "Nieminen, Lindström, Sandberg"
        ),
    ),
    "tr": _Culture(
        _pool(
            "Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Emre, Burak, Kemal, "
            "Serkan, Cem, Tolga, Onur, Volkan"
        ),
        _pool(
            "Ayşe, Fatma, Emine, Zeynep, Elif, Merve, Özlem, Derya, Selin, Ebru, Gül, Deniz, "
            "Esra, Aylin, Seda, Büşra"
        ),
        _pool(
            "Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, "
            "Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Erdem, "
            "Güneş, Aksoy"
        ),
    ),
    "ar": _Culture(
        _pool(
            "Mohammed, Ahmed, Omar, Youssef, Khaled, Hassan, Karim, Tarek, Samir, Walid, "
            "Nabil, Hisham, Adel, Rami, Ziad, Faisal, Hamza, Bilal"
        ),
        _pool(
            "Fatima, Aisha, Leila, Nour, Rania, Salma, Yasmin, Mariam, Hana, Dina, Amira, "
            "Samira, Huda, Lina, Rasha, Noura"
        ),
        _pool(
            "Haddad, Mansour, Khalil, Nasser, Saleh, Hamdan, Aziz, Farouk, Mahmoud, Hussein, "
            "Sabry, Darwish, Qasim, Rashid, Suleiman, Othman, Karam, Abboud, Jaber, Saadi, "
            "Tawfiq, Zaki, El-Sayed, Benali, Alaoui, Bennani, Tazi"
        ),
    ),
    "in": _Culture(
        _pool(
            "Rahul, Amit, Vikram, Arjun, Sanjay, Rajesh, Anil, Suresh, Ravi, Karan, Rohan, "
            "Aditya, Manoj, Deepak, Nikhil, Pranav, Vivek, Harish"
        ),
        _pool(
            "Priya, Anjali, Sunita, Kavita, Neha, Pooja, Divya, Meera, Lakshmi, Aarti, Shreya, "
            "Nisha, Radhika, Swati, Deepa, Ananya, Rekha, Shalini"
        ),
        _pool(
            "Sharma, Verma, Patel, Gupta, Singh, Kumar, Reddy, Iyer, Nair, Menon, Rao, Joshi, "
            "Mehta, Desai, Chatterjee, Banerjee, Mukherjee, Das, Pillai, Kapoor, Malhotra, "
            "Bose, Agarwal, Choudhury, Kulkarni, Bhat, Sinha, Mishra"
        ),
    ),
    "zh": _Culture(
        _pool(
            "Wei, Jun, Hao, Lei, Qiang, Jian, Ming, Tao, Yong, Bo, Peng, Gang, Hui, Zhiwei, "
            "Jianguo, Haoran, Yifan"
        ),
        _pool(
            "Na, Jing, Fang, Yan, Xiu, Mei, Ling, Hua, Xiaoling, Yuxin, Lan, Min, Juan, Ying, "
            "Hong, Xue, Qing"
        ),
        _pool(
            "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, "
            "Guo, He, Lin, Gao, Luo, Zheng, Liang, Xie, Song, Tang, Han, Feng, Deng, Cao"
        ),
        surname_first=True,
    ),
    "ja": _Culture(
        _pool(
            "Hiroshi, Takashi, Kenji, Satoshi, Daisuke, Kazuo, Makoto, Yuki, Haruto, Ren, "
            "Sota, Takumi, Kaito, Shota, Naoki, Masato"
        ),
        _pool(
            "Yuko, Keiko, Akiko, Naomi, Yumi, Sakura, Hana, Aoi, Yui, Mai, Ayumi, Haruka, Emi, "
            "Rina, Mayumi, Noriko"
        ),
        _pool(
            "Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura, Kobayashi, "
            "Kato, Yoshida, Yamada, Sasaki, Yamaguchi, Matsumoto, Inoue, Kimura, Hayashi, "
            "Shimizu, Mori, Abe, Ikeda, Hashimoto, Ishikawa, Ogawa, Fujita, Okada"
        ),
    ),
    "ko": _Culture(
        _pool(
            "Min-jun, Seo-jun, Ji-hoon, Hyun-woo, Dong-hyun, Sung-min, Jae-won, Young-ho, "
            "Tae-yang, Joon-ho, Sang-woo, Kyung-soo"
        ),
        _pool(
            "Ji-yeon, Seo-yeon, Min-seo, Ha-eun, Soo-jin, Eun-ji, Hye-jin, Yoon-ah, Ji-woo, "
            "Da-eun, Mi-rae, Su-bin"
        ),
        _pool(
            "Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Oh, Seo, Shin, Kwon, "
            "Hwang, Ahn, Song, Ryu, Hong"
        ),
        surname_first=True,
    ),
    "wa": _Culture(
        _pool(
            "Chukwuemeka, Oluwaseun, Adebayo, Babatunde, Emeka, Ifeanyi, Kwame, Kofi, Yaw, "
            "Kwabena, Ibrahim, Musa, Tunde, Segun, Obinna, Nnamdi"
        ),
        _pool(
            "Ngozi, Chiamaka, Adaeze, Funmilayo, Yetunde, Folake, Amaka, Abena, Akosua, Ama, "
            "Efua, Halima, Zainab, Bisi, Temitope, Ifeoma"
        ),
        _pool(
            "Okafor, Adeyemi, Okonkwo, Eze, Nwosu, Balogun, Olawale, Ogunleye, Obi, Chukwu, "
            "Mensah, Owusu, Boateng, Asante, Osei, Agyeman, Danjuma, Bello, Abubakar, "
            "Nwachukwu, Ibekwe"
        ),
    ),
    "ea": _Culture(
        _pool(
            "David, Peter, Joseph, Samuel, Daniel, James, Brian, Kevin, Dennis, Collins, "
            "Otieno, Kamau, Baraka, Juma, Jabari, Tumaini"
        ),
        _pool(
            "Grace, Faith, Mercy, Joyce, Esther, Wanjiru, Akinyi, Njeri, Atieno, Wambui, "
            "Naliaka, Zawadi, Imani, Nafula"
        ),
        _pool(
            "Otieno, Kamau, Mwangi, Odhiambo, Wanjiku, Kiprop, Cheruiyot, Njoroge, Ochieng, "
            "Mutua, Kariuki, Kimani, Onyango, Wafula, Chebet, Korir, Kiplagat, Omondi, "
            "Nyambura, Macharia"
        ),
    ),
    "ua": _Culture(
        _pool(
            "Oleksandr, Andriy, Serhiy, Dmytro, Mykola, Volodymyr, Yuriy, Taras, Bohdan, Ivan, "
            "Pavlo, Oleh, Viktor, Mykhailo, Vitaliy, Roman"
        ),
        _pool(
            "Olena, Iryna, Natalia, Tetiana, Oksana, Yulia, Kateryna, Svitlana, Halyna, Mariya, "
            "Anastasia, Viktoriya, Liudmyla, Daria, Yana, Alina"
        ),
        _pool(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Oliynyk, Melnyk, Koval, "
            "Boyko, Savchenko, Rudenko, Marchenko, Lysenko, Moroz, Polishchuk, Kovalchuk, "
            "Petrenko, Ponomarenko, Levchenko, Hrytsenko, Sydorenko, Karpenko, Zinchenko"
        ),
    ),
    "gr": _Culture(
        _pool(
            "Giorgos, Dimitris, Nikos, Konstantinos, Yannis, Kostas, Christos, Panagiotis, "
            "Vasilis, Spyros, Andreas, Michalis, Stavros, Thanos"
        ),
        _pool(
            "Maria, Eleni, Katerina, Vasiliki, Sofia, Georgia, Anna, Despina, Ioanna, Dimitra, "
            "Christina, Fotini, Angeliki, Zoe"
        ),
        _pool(
            "Papadopoulos, Papageorgiou, Oikonomou, Georgiou, Nikolaidis, Vlachos, Antoniou, "
            "Pappas, Karagiannis, Alexiou, Dimitriou, Makris, Konstantinou, Christodoulou, "
            "Ioannou, Angelopoulos, Stavrou, Lambrou, Vasileiou, Athanasiou"
        ),
    ),
}


@dataclass(frozen=True, slots=True)
class _Country:
    name: str  # as in running text: "the Netherlands"
    adj: str  # "Dutch"
    culture: str
    currency: tuple[str, str]  # (prefix, suffix): ("€", "") or ("", " rupees")
    cities: tuple[str, ...]  # capital first

    @property
    def Name(self) -> str:  # sentence-initial form
        return self.name[:1].upper() + self.name[1:]


def _country(name: str, adj: str, culture: str, currency: str, cities: str) -> _Country:
    pair = (currency, "") if len(currency) <= 2 or currency.endswith("$") else ("", f" {currency}")
    return _Country(name, adj, culture, pair, _pool(cities))


_COUNTRIES: tuple[_Country, ...] = (
    _country(
        "the United Kingdom",
        "British",
        "en",
        "£",
        "London, Manchester, Birmingham, Leeds, Glasgow, Bristol, Cardiff, Edinburgh",
    ),
    _country("Ireland", "Irish", "en", "€", "Dublin, Cork, Galway, Limerick"),
    _country(
        "the United States",
        "American",
        "en",
        "$",
        "Washington, Chicago, Houston, Boston, Atlanta, Denver, Seattle, Philadelphia",
    ),
    _country("Canada", "Canadian", "en", "C$", "Ottawa, Toronto, Montreal, Vancouver, Calgary"),
    _country(
        "Australia",
        "Australian",
        "en",
        "A$",
        "Canberra, Sydney, Melbourne, Brisbane, Perth, Adelaide",
    ),
    _country(
        "South Africa", "South African", "en", "rand", "Pretoria, Johannesburg, Cape Town, Durban"
    ),
    _country(
        "Germany",
        "German",
        "de",
        "€",
        "Berlin, Hamburg, Munich, Cologne, Frankfurt, Stuttgart, Leipzig, Dresden, Hanover",
    ),
    _country("Austria", "Austrian", "de", "€", "Vienna, Graz, Linz, Salzburg, Innsbruck"),
    _country("Switzerland", "Swiss", "de", "Swiss francs", "Bern, Zurich, Geneva, Basel, Lausanne"),
    _country(
        "France",
        "French",
        "fr",
        "€",
        "Paris, Lyon, Marseille, Toulouse, Lille, Bordeaux, Nantes, Strasbourg",
    ),
    _country("Belgium", "Belgian", "fr", "€", "Brussels, Antwerp, Ghent, Liège, Bruges"),
    _country(
        "Spain",
        "Spanish",
        "es",
        "€",
        "Madrid, Barcelona, Valencia, Seville, Bilbao, Zaragoza, Málaga",
    ),
    _country(
        "Mexico", "Mexican", "es", "pesos", "Mexico City, Guadalajara, Monterrey, Puebla, Tijuana"
    ),
    _country("Argentina", "Argentine", "es", "pesos", "Buenos Aires, Córdoba, Rosario, Mendoza"),
    _country("Colombia", "Colombian", "es", "pesos", "Bogotá, Medellín, Cali, Barranquilla"),
    _country(
        "Italy",
        "Italian",
        "it",
        "€",
        "Rome, Milan, Naples, Turin, Bologna, Florence, Genoa, Palermo",
    ),
    _country("Portugal", "Portuguese", "pt", "€", "Lisbon, Porto, Braga, Coimbra, Faro"),
    _country(
        "Brazil",
        "Brazilian",
        "pt",
        "reais",
        "Brasília, São Paulo, Rio de Janeiro, Belo Horizonte, Salvador, Recife",
    ),
    _country("Poland", "Polish", "pl", "zlotys", "Warsaw, Kraków, Gdańsk, Wrocław, Poznań, Łódź"),
    _country(
        "the Netherlands",
        "Dutch",
        "nl",
        "€",
        "Amsterdam, Rotterdam, The Hague, Utrecht, Eindhoven, Groningen",
    ),
    _country("Sweden", "Swedish", "nordic", "kronor", "Stockholm, Gothenburg, Malmö, Uppsala"),
    _country("Norway", "Norwegian", "nordic", "kroner", "Oslo, Bergen, Trondheim, Stavanger"),
    _country("Denmark", "Danish", "nordic", "kroner", "Copenhagen, Aarhus, Odense, Aalborg"),
    _country("Finland", "Finnish", "nordic", "€", "Helsinki, Tampere, Turku, Oulu"),
    _country("Turkey", "Turkish", "tr", "lira", "Ankara, Istanbul, Izmir, Bursa, Antalya"),
    _country("Egypt", "Egyptian", "ar", "Egyptian pounds", "Cairo, Alexandria, Giza, Port Said"),
    _country("Morocco", "Moroccan", "ar", "dirhams", "Rabat, Casablanca, Marrakesh, Tangier, Fez"),
    _country("Jordan", "Jordanian", "ar", "dinars", "Amman, Zarqa, Irbid, Aqaba"),
    _country(
        "India",
        "Indian",
        "in",
        "rupees",
        "New Delhi, Mumbai, Bengaluru, Chennai, Kolkata, Hyderabad, Pune",
    ),
    _country(
        "China", "Chinese", "zh", "yuan", "Beijing, Shanghai, Guangzhou, Shenzhen, Chengdu, Wuhan"
    ),
    _country("Japan", "Japanese", "ja", "yen", "Tokyo, Osaka, Yokohama, Nagoya, Sapporo, Fukuoka"),
    _country("South Korea", "South Korean", "ko", "won", "Seoul, Busan, Incheon, Daegu, Daejeon"),
    _country("Nigeria", "Nigerian", "wa", "naira", "Abuja, Lagos, Kano, Ibadan, Port Harcourt"),
    _country("Ghana", "Ghanaian", "wa", "cedis", "Accra, Kumasi, Tamale, Takoradi"),
    _country("Kenya", "Kenyan", "ea", "shillings", "Nairobi, Mombasa, Kisumu, Nakuru, Eldoret"),
    _country("Ukraine", "Ukrainian", "ua", "hryvnias", "Kyiv, Lviv, Kharkiv, Odesa, Dnipro"),
    _country("Greece", "Greek", "gr", "€", "Athens, Thessaloniki, Patras, Heraklion"),
)

_BRAND_HEADS = _pool(
    "Nor, Vel, Kor, Tri, Alt, Bel, Cas, Dor, Ever, Fal, Gran, Hel, Ister, Jun, Kal, Lum, Mar, "
    "Nex, Orb, Pan, Quar, Ros, Sol, Tor, Ul, Var, Wes, Xen, Yor, Zen, Arc, Bro, Cel, Dra, Ems, "
    "Fen, Gal, Hav, Ivo, Lin"
)
_BRAND_TAILS = _pool(
    "tek, vex, ano, ora, ion, ex, ica, ium, aro, enta, is, on, ada, ux, amar, el, ino, ostra, "
    "ward, field, gate, line"
)
_LEGAL = _pool("AG, SA, Ltd, Inc., plc, NV, SpA, GmbH, AB, ASA")
_SECTORS: dict[str, tuple[str, ...]] = {
    "transport": _pool("Rail, Logistics, Airways, Shipping, Ports, Freight"),
    "industry": _pool("Steel, Chemicals, Motors, Industries, Engineering, Materials"),
    "energy": _pool("Energy, Power, Gas, Renewables, Utilities"),
    "finance": _pool("Bank, Capital, Insurance, Financial, Securities"),
    "tech": _pool("Systems, Telecom, Software, Networks, Digital, Data"),
    "construction": _pool("Construction, Building, Infrastructure, Contractors"),
    "consumer": _pool("Foods, Retail, Brands, Pharmaceuticals, Beverages"),
}
# Unions: (sector key, name part, workers as in running text)
_UNIONS = (
    ("transport", "Rail Workers", "rail workers"),
    ("transport", "Dockworkers", "dockworkers"),
    ("transport", "Cabin Crew", "cabin crew"),
    ("industry", "Steelworkers", "steelworkers"),
    ("industry", "Metalworkers", "assembly-line workers"),
    ("industry", "Chemical Workers", "chemical plant workers"),
    ("consumer", "Warehouse Workers", "warehouse staff"),
    ("energy", "Energy Workers", "power station staff"),
)
_INSTITUTES = (
    "the University of {city}",
    "{city} University",
    "the {city} Institute for Economic Research",
    "the {adj} Institute of International Affairs",
    "the {city} School of Economics",
    "the Centre for Public Policy in {city}",
    "{brand} Research",
)
_NGOS = _pool(
    "Transparency Watch, Clean Rivers Alliance, Open Budget Initiative, Citizens for Integrity, "
    "Green Future Network, Fair Work Coalition, Digital Rights Forum, Patients First, "
    "Consumer Action, Climate Justice Now, Public Money Watch, Safe Water Coalition"
)
_PARTY_ADJ = _pool(
    "Social Democratic, Conservative, Liberal, Green, People's, Labour, Christian Democratic, "
    "Progressive, National, Reform, Civic, Centre"
)
_PARTY_NOUN = _pool("Party, Alliance, Movement, Union, Front")
_OUTLET_TAILS = _pool(
    "Herald, Times, Post, Ledger, Observer, Chronicle, Gazette, Courier, Tribune, Journal, "
    "Standard, Despatch, Independent, Examiner, Record"
)
_OUTLET_ALONE = _pool(
    "The Daily Wire Service, Continental Business Review, The Evening Bulletin, Global Affairs "
    "Weekly, The Morning Register, Northern Business Times, The World Desk, Capital Report"
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = _pool(
    "January, February, March, April, May, June, July, August, September, October, November, "
    "December"
)
_NUMBER_WORDS = _pool("two, three, four, five, six, seven, eight, nine, ten, eleven, twelve")


@dataclass(frozen=True, slots=True)
class _Identity:
    first: str
    last: str
    female: bool
    surname_first: bool

    @property
    def name(self) -> str:
        return f"{self.last} {self.first}" if self.surname_first else f"{self.first} {self.last}"


def _identity(rng: random.Random, culture_key: str) -> _Identity:
    culture = _CULTURES[culture_key]
    female = rng.random() < 0.45
    first = rng.choice(culture.female if female else culture.male)
    last = rng.choice(culture.surnames)
    if female and culture_key == "pl" and last.endswith(("ski", "cki", "dzki")):
        last = last[:-1] + "a"
    if female and culture_key == "gr":
        for male_end, female_end in (("os", "ou"), ("as", "a"), ("is", "i")):
            if last.endswith(male_end):
                last = last[: -len(male_end)] + female_end
                break
    return _Identity(first, last, female, culture.surname_first)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Actor:
    """A person in one article: the first reference introduces them with their title,
    later ones use the surname (so paragraphs can come in any order)."""

    def __init__(self, ident: _Identity, title: str, role: str) -> None:
        self.ident = ident
        self.title = title  # before the name: "Interior Minister", "Norvatek chief executive"
        self.role_text = role  # apposition: "the interior minister of France"
        self.seen = False

    def _first(self) -> bool:
        first = not self.seen
        self.seen = True
        return first

    @property
    def ref(self) -> str:
        if self._first():
            return f"{self.title} {self.ident.name}" if self.title else self.ident.name
        return self.ident.last

    @property
    def Ref(self) -> str:
        return _cap(self.ref)

    @property
    def refa(self) -> str:
        """Subject position with an apposition on first mention: "Ana Kovač, the ...,"."""
        if self._first():
            return f"{self.ident.name}, {self.role_text},"
        return self.ident.last

    @property
    def Refa(self) -> str:
        return _cap(self.refa)

    @property
    def name(self) -> str:
        self.seen = True
        return self.ident.name

    @property
    def last(self) -> str:
        return self.ident.last if self.seen else self.ref

    @property
    def Last(self) -> str:
        return _cap(self.last)

    @property
    def role(self) -> str:
        return self.role_text

    @property
    def he(self) -> str:
        return "she" if self.ident.female else "he"

    @property
    def He(self) -> str:
        return _cap(self.he)

    @property
    def his(self) -> str:
        return "her" if self.ident.female else "his"

    @property
    def His(self) -> str:
        return _cap(self.his)

    @property
    def him(self) -> str:
        return "her" if self.ident.female else "him"


class _Org:
    """An organisation in one article: full name first, then its short form."""

    def __init__(self, name: str, short: str, acronym: str | None = None) -> None:
        self.full = name
        self.short_text = short
        self.acronym = acronym
        self.seen = False

    @property
    def ref(self) -> str:
        if not self.seen:
            self.seen = True
            return f"{self.full} ({self.acronym})" if self.acronym else self.full
        return self.acronym or self.short_text

    @property
    def Ref(self) -> str:
        return _cap(self.ref)

    @property
    def name(self) -> str:
        self.seen = True
        return self.full

    @property
    def Name(self) -> str:
        return _cap(self.name)

    @property
    def short(self) -> str:
        return (self.acronym or self.short_text) if self.seen else self.ref

    @property
    def Short(self) -> str:
        return _cap(self.short)


class _Draw:
    """A slot that draws a fresh value each time it is formatted ("{pct}", "{money}")."""

    def __init__(self, draw: Callable[[], str]) -> None:
        self.draw = draw

    def __format__(self, spec: str) -> str:
        return self.draw()


def _acronym(name: str) -> str:
    words = [w for w in name.replace("the ", "").split() if w[:1].isupper()]
    return "".join(w[0] for w in words)


class _World:
    """The recurring cast of a corpus, derived from the seed: entity ``k`` of a kind is
    always the same, and ``k`` is drawn heavy-tailed (a few recur everywhere)."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def _rng(self, *key: object) -> random.Random:
        return random.Random(":".join(map(str, (self.seed, *key))))

    @staticmethod
    def rank(rng: random.Random, alpha: float, scale: float = 1.0, cap: int = 1_000_000) -> int:
        """A heavy-tailed index: Pareto(``alpha``) shifted to 0 and stretched by ``scale``
        (``scale`` 1: index 0 most of the time, for office holders; larger: flatter head)."""
        return min(int((rng.paretovariate(alpha) - 1.0) * scale), cap)

    def culture(self, rng: random.Random, country: _Country) -> str:
        return country.culture if rng.random() < 0.85 else rng.choice(sorted(_CULTURES))

    def person(
        self,
        rng: random.Random,
        country: _Country,
        key: str,
        recur: float,
        alpha: float = 2.0,
        scale: float = 1.0,
    ) -> _Identity:
        """A person of ``country``; with probability ``recur`` a recurring one of ``key``
        (by default the usual holder of an office: the same one about 3 times in 4)."""
        if rng.random() < recur:
            k = self.rank(rng, alpha, scale)
            own = self._rng("person", country.adj, key, k)
            return _identity(own, self.culture(own, country))
        return _identity(rng, self.culture(rng, country))

    def brand(self, rng: random.Random) -> str:
        if rng.random() < 0.2:
            culture = _CULTURES[rng.choice(sorted(_CULTURES))]
            a, b = rng.sample(culture.surnames, 2)
            return rng.choice((f"{a} & {b}", a, f"{a}-{b}"))
        return rng.choice(_BRAND_HEADS) + rng.choice(_BRAND_TAILS)

    def company(self, rng: random.Random, sector: str) -> _Org:
        """A company of a sector, recurring (heavy-tailed) or one-off."""
        recurring = rng.random() < 0.7
        own = self._rng("company", sector, self.rank(rng, 1.0, 30.0)) if recurring else rng
        brand = self.brand(own)
        name = f"{brand} {own.choice(_SECTORS[sector])}"
        if own.random() < 0.3:
            name = f"{name} {own.choice(_LEGAL)}"
        return _Org(name, brand)

    def institute(self, rng: random.Random, country: _Country) -> str:
        template = rng.choice(_INSTITUTES)
        name = template.format(
            city=rng.choice(country.cities), adj=country.adj, brand=self.brand(rng)
        )
        return name.replace("the The ", "the ")  # "the The Hague Institute ..."

    def party(self, rng: random.Random, country: _Country, k: int) -> _Org:
        own = self._rng("party", country.adj, k)
        name = f"the {own.choice(_PARTY_ADJ)} {own.choice(_PARTY_NOUN)}"
        return _Org(name, "the party", _acronym(name) if own.random() < 0.3 else None)


# ---- story slots shared by every kind of story


class _Story:
    """Everything one article's templates can refer to."""

    def __init__(self, world: _World, rng: random.Random, published: date) -> None:
        self.world, self.rng, self.published = world, rng, published
        self.K = rng.choice(_COUNTRIES)
        self.K2 = rng.choice([c for c in _COUNTRIES if c is not self.K])
        self.X, self.Y = rng.sample(self.K.cities, 2)
        self.X2 = rng.choice(self.K2.cities)
        self.slots: dict[str, object] = {}
        event = published - timedelta(days=rng.choice((0, 0, 1, 1, 2)))
        weekday = _WEEKDAYS[event.weekday()]
        self.slots.update(
            K=self.K, K2=self.K2, X=self.X, Y=self.Y, X2=self.X2,
            weekday=weekday, prevday=_WEEKDAYS[(event.weekday() - 1) % 7],
            nextday=_WEEKDAYS[(event.weekday() + rng.choice((2, 3, 4))) % 7],
            month=_Draw(lambda: rng.choice(_MONTHS)),
            nextmonth=_MONTHS[(published.month + rng.choice((0, 1, 2))) % 12],
            year=_Draw(lambda: str(published.year - rng.randint(2, 14))),
            lastyear=str(published.year - 1),
            futureyear=_Draw(lambda: str(published.year + rng.randint(1, 3))),
            date=_Draw(self._recent_date),
            pct=_Draw(self._pct), smallpct=_Draw(lambda: self._pct(0.2, 6.0)),
            num=_Draw(lambda: f"{rng.choice((1, 2, 3, 5, 8, 12, 20)) * rng.randint(60, 450):,}"),
            few=_Draw(lambda: rng.choice(_NUMBER_WORDS)),
            money=_Draw(lambda: self._money(1, 950, "million")),
            bigmoney=_Draw(lambda: self._money(1.1, 38, "billion")),
            smallmoney=_Draw(lambda: self._money(20, 900, "thousand")),
        )  # fmt: skip

    def _recent_date(self) -> str:
        day = self.published - timedelta(days=self.rng.randint(3, 80))
        return f"{day.day} {_MONTHS[day.month - 1]}"

    def _pct(self, low: float = 1.0, high: float = 35.0) -> str:
        value = round(self.rng.uniform(low, high), 1)
        return f"{value:g}{self.rng.choice(('%', ' percent', ' per cent'))}"

    def _money(self, low: float, high: float, unit: str) -> str:
        value = self.rng.uniform(low, high)
        amount = f"{value:.1f}" if value < 10 else f"{value:.0f}"
        prefix, suffix = self.K.currency
        return f"{prefix}{amount} {unit}{suffix}"

    # people and organisations

    def actor(self, ident: _Identity, title: str, role: str) -> _Actor:
        return _Actor(ident, title, role)

    def minister(self, portfolio: str, country: _Country | None = None) -> _Actor:
        country = country or self.K
        ident = self.world.person(self.rng, country, f"minister-{portfolio}", 0.9)
        title = f"{portfolio.title()} Minister"
        if country is not self.K or self.rng.random() < 0.4:
            title = f"{country.adj} {title}"
        return self.actor(ident, title, f"{country.adj} {portfolio} minister")

    def official(
        self, title: str, role: str, key: str, recur: float = 0.6, scale: float = 1.0
    ) -> _Actor:
        """A person in an office of the story's country (``scale`` > 1: one of many)."""
        ident = self.world.person(self.rng, self.K, key, recur, 1.5 if scale > 1 else 2.0, scale)
        return self.actor(ident, title, role)

    def expert(self, country: _Country | None = None) -> _Actor:
        country = country or self.K
        institute = self.world.institute(self.rng, country)
        field_, noun = self.rng.choice(
            (("economist", "an economist"), ("analyst", "an analyst"),
             ("professor", "a professor"), ("researcher", "a senior researcher"))
        )  # fmt: skip
        ident = self.world.person(self.rng, country, f"expert-{field_}", 0.5, 1.1, 15.0)
        return self.actor(ident, "", f"{noun} at {institute}")

    def executive(self, company: _Org, key: str = "ceo") -> _Actor:
        ident = self.world.person(self.rng, self.K, f"{key}-{company.full}", 0.95, alpha=3.0)
        title, role = self.rng.choice(
            (("chief executive", "the chief executive of"), ("chairman", "the chairman of"),
             ("CEO", "the chief executive of"), ("managing director", "the managing director of"))
        )  # fmt: skip
        if title == "chairman" and ident.female:
            title, role = "chairwoman", "the chairwoman of"
        return self.actor(ident, f"{company.short_text} {title}", f"{role} {company.full}")

    def spokesperson(self, org: _Org) -> _Actor:
        ident = self.world.person(self.rng, self.K, f"spokes-{org.full}", 0.5, 1.5, 3.0)
        noun = "spokeswoman" if ident.female else "spokesman"
        return self.actor(
            ident, f"{_cap(org.short_text.removeprefix('the '))} {noun}", f"a {noun} for {org.full}"
        )

    def agency(self, kind: str, short: str) -> _Org:
        name = f"the {self.K.adj} {kind}"
        return _Org(
            name, short, _acronym(f"{self.K.adj} {kind}") if self.rng.random() < 0.3 else None
        )


# ---- the kinds of story: who is in it, and what can be said


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    cast: Callable[[_Story], dict[str, object]]
    headlines: tuple[str, ...]
    leads: tuple[str, ...]
    body: tuple[str, ...]


def _strike_cast(s: _Story) -> dict[str, object]:
    sector, part, workers = s.rng.choice(_UNIONS)
    union_name = f"the {s.K.adj} {part} Union"
    union = _Org(union_name, "the union", _acronym(union_name))
    company = s.world.company(s.rng, sector)
    leader = s.official(f"{_cap(part)} Union leader", f"the head of {union_name}", f"union-{part}")
    return dict(
        O1=union, O2=company, A=leader, B=s.executive(company), C=s.minister("labour"),
        D=s.expert(), E=s.spokesperson(company), workers=workers,
    )  # fmt: skip


_STRIKE = _Kind(
    "strike",
    _strike_cast,
    (
        "{workers:cap} at {O2.short} walk out over pay",
        "Strike at {O2.short} spreads to {Y} as talks stall",
        "Union rejects {O2.short} pay offer, threatens longer stoppage",
        "{K.adj} {workers} strike as {O2.short} pay talks collapse",
    ),
    (
        "Thousands of {workers} at {O2.ref} walked off the job on {weekday}, halting "
        "[operations|work|services] in {X} and {Y} after talks over pay and working hours broke "
        "down [late on {prevday}|over the weekend|after three weeks].",
        "A strike by {workers} at {O2.ref} [entered its second day|began] on {weekday} after "
        '{O1.ref} rejected what it called an "insulting" pay offer, [disrupting|paralysing] '
        "operations across {K.name}.",
    ),
    (
        '{A.Ref} said the strike would continue until the company improved its offer. "[We '
        "are not asking for luxury, we are asking for a wage people can live on|Our members "
        'have been patient for years, and their patience has run out]," {A.he} told '
        "[reporters|a rally of several hundred workers] outside the company's headquarters in {X}.",
        "{O2.Ref} said it had offered a pay rise of {smallpct} over two years and described the "
        'walkout as unnecessary. {E.Ref} said the company was "disappointed" but remained '
        "open to talks.",
        "The dispute has disrupted [deliveries|supplies|shipments] across {K.name}, and business "
        "groups warned that a long stoppage could cost the economy {money} a day.",
        "{C.Ref} urged both sides to return to the negotiating table and did not rule out "
        'appointing a mediator. "Nobody wins a strike that drags on for weeks," {C.he} said.',
        "Union members voted by a large majority to reject the offer, which would have raised "
        "basic wages by {smallpct} this year, according to figures published by {O1.short}.",
        "{B.Ref} has not commented publicly on the strike. In an internal memo seen by "
        'reporters, {B.he} wrote that the company could not afford "demands that would put '
        'jobs at risk".',
        "The company is considering hiring temporary staff to keep [its busiest sites|the main "
        "plant|key services] running, [two people familiar with the matter said|according to "
        "people familiar with its plans], although no decision has been made.",
        "{D.Refa} said the strike reflected years of wages that had not kept up with prices. "
        '{D.He} expected the company to improve its offer "within days rather than weeks".',
        "The last major strike at {O2.short}, in {year}, lasted {few} days and ended with a deal "
        "that was brokered by the labour ministry.",
        'Workers on the picket line in {Y} said they felt ignored. "We kept this company '
        'running through the pandemic, and now they tell us there is no money," said one '
        "[technician|driver|worker], who asked not to be named.",
        "{O1.Ref} said further stoppages were planned for next week if the company did not "
        "present a new offer by {nextday}.",
        "{O2.Ref}, which employs about {num} people in {K.name}, reported a profit of {money} "
        "last year. The union says the figure shows that the company can pay more; the "
        "company says most of it must be invested.",
        "{A.Ref} and {B.ref} are expected to meet on {nextday}, a spokesperson for the labour "
        "ministry said, but neither side has confirmed the meeting.",
        "Management and union representatives met for [five|seven|nine] hours on {prevday} "
        "without reaching an agreement, and each side blamed the other for the breakdown.",
        "{O1.Ref} is demanding a rise of {pct} and a shorter working week, which {O2.short} says "
        "would add {money} to its annual wage bill.",
        "Customers were told to expect delays of up to {few} days, and the company said it could "
        "not guarantee [deliveries|services|shipments] in {Y} before the end of the month.",
        'Some strikers said they were prepared to stay out for weeks. "[We have nothing left to '
        'lose|If we give in now, we will never get another chance]," said a worker who has been '
        "with the company for {few} years.",
        "The walkout is the [largest|longest|most disruptive] in the sector since {year}, and "
        "business leaders fear that it could spread to suppliers and subcontractors.",
    ),
)


def _merger_cast(s: _Story) -> dict[str, object]:
    sector = s.rng.choice(sorted(_SECTORS))
    buyer, target = s.world.company(s.rng, sector), s.world.company(s.rng, sector)
    regulator = s.agency("Competition Authority", "the regulator")
    return dict(
        O1=buyer, O2=target, O3=regulator, A=s.executive(buyer), B=s.executive(target),
        C=s.expert(), D=s.spokesperson(regulator), E=s.minister("economy"),
        bank=s.world.company(s.rng, "finance"),
    )  # fmt: skip


_MERGER = _Kind(
    "merger",
    _merger_cast,
    (
        "{O1.short} agrees to buy {O2.short} for {bigmoney}",
        "{O1.short} bid for rival {O2.short} faces competition review",
        "{O2.short} board backs {bigmoney} takeover by {O1.short}",
    ),
    (
        "{O1.Ref} has agreed to buy its smaller rival {O2.ref} in a deal worth {bigmoney}, the "
        "companies said on {weekday}, creating one of the largest groups of its kind in {K.name}.",
        "The board of {O2.ref} on {weekday} recommended a takeover offer from {O1.ref} that "
        "values the company at {bigmoney}, ending [months of speculation|a long search for "
        "a buyer].",
    ),
    (
        '{A.Ref} said the combination would save {money} in annual costs by {futureyear}. "[This '
        "deal makes us stronger in every market we serve|Together we can invest more and move "
        'faster than either company could alone]," {A.he} said in a statement.',
        "Shareholders of {O2.short} will receive a premium of {pct} to the closing price on "
        "{prevday}, according to the companies.",
        "The deal must still be approved by {O3.ref}, which blocked a similar merger in {year}. "
        "{D.Ref} said the authority had not yet received a formal notification and declined to "
        "comment further.",
        '{C.Refa} said the price was high but not unreasonable. "[The real question is '
        "whether the regulator will accept it|They are paying for growth they could not build "
        'on their own]," {C.he} said.',
        "{B.Ref}, who has led {O2.short} since {year} and is expected to join the combined "
        'company\'s board, said the two firms shared "the same culture and the same customers".',
        "Unions at {O2.short} said they feared job cuts at the company's site in {Y}, which "
        "employs about {num} people. The companies did not say how many jobs could be lost.",
        "{E.Ref} said the government would examine the deal closely and could impose conditions "
        "to protect jobs and research in {K.name}.",
        "Shares in {O2.short} rose {pct} in {X}, while {O1.short} shares fell {smallpct}.",
        "The takeover is expected to close in the second half of {futureyear}, subject to "
        "approval by regulators in {K.name} and {K2.name}.",
        "{O1.Ref} was advised by {bank.ref}, according to people familiar with the matter, who "
        "spoke on condition of anonymity because the details have not been made public.",
        "It is not the first time {O1.short} has tried to buy its rival: a bid in {year} was "
        "rejected by the board of {O2.short}, which said it undervalued the company.",
        "Analysts said the deal could prompt further consolidation in the industry, which has "
        "been squeezed by rising costs and competition from {K2.adj} companies.",
        "The combined company would have annual sales of about {bigmoney} and more than {num} "
        "employees, and it would have its headquarters in {X}, the companies said.",
        "{A.Ref} will lead the merged group, while {B.ref} is expected to become deputy chair. "
        "The new board will have [nine|eleven|twelve] members, [four|five] of them from "
        "{O2.short}.",
        "Some investors were less enthusiastic. One of the ten largest shareholders of {O2.short} "
        'said it would vote against the offer, which it called "opportunistic", according to a '
        "letter that was seen by reporters.",
        "The deal will be financed with cash and new debt, {O1.short} said, adding that it did "
        "not plan to sell new shares to pay for it.",
        "Consumer groups warned that prices could rise if the two companies were allowed to "
        'combine. "[Fewer competitors always means higher prices in the end|Customers will pay '
        'for this deal]," said a spokesperson for a consumer organisation in {X}.',
    ),
)


def _corruption_cast(s: _Story) -> dict[str, object]:
    office = _Org(f"the {s.X} public prosecutor's office", "the prosecutor's office")
    company = s.world.company(s.rng, "construction")
    party = s.world.party(s.rng, s.K, s.rng.randint(0, 4))
    former = s.rng.choice(
        (f"former {s.X} Mayor", "former Deputy Transport Minister", "former Health Minister",
         "former Regional Governor", "former Infrastructure Minister")
    )  # fmt: skip
    defendant = s.official(former, former.replace("Mayor", "mayor"), "accused", 0.2, 20.0)
    return dict(
        O1=company, O2=office, O3=party, P=party, A=s.official(
            "Chief Prosecutor", f"the chief prosecutor in {s.X}", f"prosecutor-{s.X}"),
        B=defendant, C=s.official("defence lawyer", "a defence lawyer", "lawyer", 0.3, 5.0),
        D=s.official("opposition leader", "the leader of the opposition", "opposition", 0.8),
        E=s.minister("justice"), F=s.official("", f"the director of {s.rng.choice(_NGOS)}",
                                              "ngo", 0.5, 5.0),
    )  # fmt: skip


_CORRUPTION = _Kind(
    "corruption",
    _corruption_cast,
    (
        "Prosecutors charge {B.name} over public contracts",
        "{B.name} denies taking bribes from {O1.short}",
        "Bribery inquiry widens as prosecutors question {O1.short} managers",
    ),
    (
        "Prosecutors in {X} on {weekday} charged {B.ref} with accepting bribes in exchange for "
        "[road-building|hospital|waste-collection] contracts worth {bigmoney}, in one of the "
        "largest corruption cases in {K.name} in years.",
        "{B.Ref} was questioned for [six|eight|nine] hours by prosecutors in {X} on {weekday} "
        "over payments from {O1.ref}, a construction company that won a string of public "
        "contracts while {B.he} was in office.",
    ),
    (
        "{A.Ref} said investigators had traced payments of more than {money} from {O1.ref} to "
        'accounts controlled by relatives of {B.last}. "[The money did not disappear; it '
        'changed hands|We have followed every payment, and we will follow them to the end]," '
        "{A.he} told a news conference.",
        "{B.Last} denies wrongdoing. {C.Ref}, who represents {B.him}, said {B.his} client had "
        "never received money from the company and would prove {B.his} innocence in court.",
        "{O1.Ref}, which won {few} public contracts between {year} and {lastyear}, said it was "
        "cooperating fully with the investigation. It did not confirm that any payments had "
        "been made.",
        "Several of the company's former managers were detained in raids in {month}, according "
        "to {O2.ref}, and two of them are cooperating with investigators.",
        "The case has shaken {P.ref}, which faces a general election next year. {D.Ref} called "
        'for the government to resign. "[This is not one rotten apple; it is the whole '
        'orchard|People are tired of being told that nobody is responsible]," {D.he} said.',
        "If convicted, {B.last} could face up to {few} years in prison. A first hearing is "
        "expected in {nextmonth}.",
        '{E.Ref} said the government would not interfere in the case. "The courts must be '
        'allowed to do their work," {E.he} said, adding that nobody was above the law.',
        "Anti-corruption campaigners said the case showed how weak the oversight of public "
        'procurement remained. "[Contracts of this size should never be awarded behind closed '
        'doors|Every one of these contracts should have been put out to tender]," said '
        "{F.name}, {F.role}.",
        "The contracts were awarded without open tenders, according to a report by the national "
        "audit office published in {year}, which found that prices had been inflated by as much "
        "as {pct}.",
        "{B.Last}, who was first elected in {year}, resigned last year after the investigation "
        "became public but has remained a member of {P.short}.",
        "Investigators are also examining whether officials in {Y} were aware of the payments, "
        "two people with knowledge of the inquiry said. Prosecutors have not named any other "
        "suspects.",
        "The investigation began in {year} after a whistleblower inside {O1.short} handed "
        "documents to prosecutors, according to court papers that were seen by reporters.",
        "Police searched {B.last}'s home in {Y} and the offices of {O1.short} on {prevday}, "
        "seizing computers and documents, {O2.ref} said.",
        "{B.Last} was released after questioning but was ordered to surrender {B.his} passport, "
        "and {B.he} is not allowed to leave {K.name} while the investigation continues.",
        "{P.Ref} said it would not comment on an ongoing investigation, but several of its "
        "lawmakers have called on {B.last} to step aside.",
        "The company's former chief financial officer has told investigators that the payments "
        "were disguised as consulting fees, two people familiar with the testimony said.",
    ),
)


def _flood_cast(s: _Story) -> dict[str, object]:
    mayor = s.official(f"{s.X} Mayor", f"the mayor of {s.X}", f"mayor-{s.X}", 0.9)
    service = s.agency("Weather Service", "the weather service")
    relief = _Org(
        s.rng.choice(
            (
                f"the {s.K.adj} Red Cross",
                "the civil protection agency",
                f"the {s.K.adj} Emergency Management Agency",
            )
        ),
        "the agency",
    )
    return dict(
        A=mayor, B=s.minister("interior"), C=s.expert(), D=s.spokesperson(relief),
        O1=service, O2=relief, O3=s.world.company(s.rng, "finance"),
        event=s.rng.choice(("flooding", "the floods", "the storm")),
        river=s.rng.choice(("river", "canal", "harbour")),
    )  # fmt: skip


_FLOOD = _Kind(
    "flood",
    _flood_cast,
    (
        "Floods force thousands from their homes in {X}",
        "{X} counts the cost as flood waters recede",
        "Storm leaves {few} dead and thousands without power in {K.name}",
    ),
    (
        "Heavy rain flooded large parts of {X} on {weekday}, forcing about {num} people from "
        "their homes and cutting power to [tens of thousands of households|much of the old "
        "town], officials said.",
        "Emergency services in {K.name} were searching for missing people on {weekday} after "
        "a storm brought the worst flooding in decades to {X} and the surrounding region.",
    ),
    (
        '{A.Ref} said the city had never seen water levels like it. "[We prepared for the '
        "worst, and the worst is what we got|Whole streets have disappeared under water]. "
        'Our priority now is to get people to safety," {A.he} told [local radio|reporters].',
        "{O1.Ref} had issued its highest warning level on {prevday} evening, but residents in "
        "several districts said they received no alert. The service said it was reviewing what "
        "had happened.",
        '{B.Ref} visited the city on {weekday} and promised emergency aid of {money}. "No '
        'family will be left alone with this," {B.he} said, although {B.he} did not say when '
        "the money would be paid.",
        "{C.Refa} said the rainfall was consistent with what climate models predicted for the "
        'region. "[Events that used to happen once in a century are now happening every few '
        'years|We should stop calling these floods exceptional]," {C.he} said.',
        "{D.Ref} said more than {num} volunteers had been deployed and that shelters had been "
        "opened in schools and sports halls in {X} and {Y}.",
        "Train services between {X} and {Y} were suspended, and the main motorway was closed "
        "after part of it was washed away, according to the transport ministry.",
        "Insurers have not yet estimated the damage, but {O3.ref} said early claims suggested "
        "losses could exceed {money}.",
        "Residents who returned to their homes on {weekday} found cellars filled with mud. "
        '"Everything we had downstairs is gone," said a woman who has lived by the {river} '
        "for thirty years.",
        "The opposition accused the government of failing to invest in flood defences that "
        "were promised after similar floods in {year}. The interior ministry said the work "
        "had been delayed by legal challenges.",
        "Forecasters warned that more rain was expected later in the week and that water "
        "levels could rise again, particularly downstream of {Y}.",
        "The army was deployed to help evacuate a hospital and two care homes, which were cut "
        "off by the water on {prevday} night.",
        "In the old town of {X}, water reached the first floor of some buildings, and residents "
        "were rescued from rooftops by boat and helicopter, according to the fire service.",
        "More rain fell in [two days|48 hours|a single night] than usually falls in a month, "
        "{O1.ref} said, and the {river} burst its banks in at least {few} places.",
        "{B.Ref} said the government would consider asking for international assistance if the "
        "damage exceeded {bigmoney}, and that a special fund for reconstruction could be set up.",
        'Farmers said large parts of the harvest had been lost. "[The fields are lakes now|We '
        "will not bring in anything this year],\" said the head of a regional farmers' "
        "association near {Y}.",
        "Officials said {few} people were still missing on {weekday} night. Rescue teams with "
        "dogs were searching collapsed buildings on the outskirts of {X}.",
    ),
)


def _pollution_cast(s: _Story) -> dict[str, object]:
    company = s.world.company(s.rng, s.rng.choice(("industry", "energy")))
    agency = s.agency("Environment Agency", "the agency")
    ngo = _Org(s.rng.choice(_NGOS), "the group")
    return dict(
        O1=company, O2=agency, O3=ngo, A=s.minister("environment"), B=s.executive(company),
        C=s.expert(), D=s.official("campaigner", f"a campaigner with {ngo.full}", "ngo", 0.4, 5.0),
        E=s.spokesperson(company),
        substance=s.rng.choice(("solvent", "diesel", "ammonia", "cyanide", "oil", "fertiliser")),
        water=s.rng.choice(("river", "lake", "estuary", "bay")),
    )  # fmt: skip


_POLLUTION = _Kind(
    "pollution",
    _pollution_cast,
    (
        "{substance:cap} leak at {O1.short} plant kills fish near {X}",
        "Authorities investigate {O1.short} over {substance} spill",
        "{O1.short} says sorry for {substance} leak but denies negligence",
    ),
    (
        "Thousands of dead fish were found in a {water} near {X} on {weekday}, two days after "
        "a {substance} leak at a plant run by {O1.ref}, officials said.",
        "{O2.Ref} has opened an investigation into {O1.ref} after {substance} leaked from "
        "one of its sites near {X}, [polluting a stretch of the {water}|forcing the closure of "
        "beaches and fisheries], the agency said on {weekday}.",
    ),
    (
        '{A.Ref} said the company had waited too long before alerting the authorities. "[A '
        "delay like this is simply not acceptable|We expect to be told within minutes, not "
        'hours]," {A.he} said.',
        "{B.Ref} apologised to residents but denied that the company had been negligent. "
        '"We are sorry for the worry this has caused," {B.he} said. "But the leak was '
        'detected and stopped by our own staff."',
        "Samples taken by {O2.short} on {weekday} showed concentrations of {substance} well "
        "above safe limits, according to a statement published by the agency.",
        '{C.Refa} said it could take months for the ecosystem to recover. "[The fish we can '
        "count; the damage to the rest of the food chain we cannot|The real test is what we "
        'find in the sediment]," {C.he} said.',
        '{D.Ref} said the plant had been cited for safety failures before. "[This was a '
        'warning that nobody wanted to hear|They knew the tank was old and they did nothing]," '
        "{D.he} said, calling for the site to be closed until an independent inspection was "
        "carried out.",
        "Fishing and drinking water extraction were banned along the {water} until further "
        "notice. Farmers in the area were told not to irrigate their fields.",
        "{E.Ref} said the leak had been caused by a faulty valve that was installed in {year} "
        "and had been inspected last year. The company did not say how much {substance} had "
        "escaped.",
        "{O1.Ref}, which employs about {num} people at the site, could face fines of up to "
        "{money} if it is found to have broken environmental law.",
        'Residents in {Y} said they had noticed a strong smell on {prevday}. "Nobody told us '
        'anything until the fish started floating," said one of them.',
        "The agency said it was also examining whether the leak had been reported late. A "
        'spokesperson for the company said the authorities had been informed "as soon as the '
        'scale of the incident was clear".',
        "It is the second incident at the plant in {few} years. In {year}, the company was "
        "fined {smallmoney} after a smaller leak that was blamed on human error.",
        "The plant, which was built in {year} and produces [plastics|fertiliser|industrial "
        "coatings|batteries], lies about {few} kilometres upstream of {X}.",
        "{O2.Ref} said it had ordered the company to stop production at the affected unit until "
        "further notice and to present a clean-up plan within {few} days.",
        "Environmental groups have filed a criminal complaint against the company's management, "
        "{D.ref} said on {weekday}. Prosecutors have not said whether they will open a case.",
        "Water companies downstream closed their intakes as a precaution, and drinking water was "
        "brought to {num} households by tanker.",
        "{A.Ref} said the government could tighten the rules for industrial sites near rivers and "
        "is considering higher fines for companies that report incidents late.",
    ),
)


def _trade_cast(s: _Story) -> dict[str, object]:
    federation = _Org(
        f"the {s.K.adj} Federation of Industry",
        "the federation",
        s.rng.choice((None, _acronym(f"{s.K.adj} Federation of Industry"))),
    )
    exporter = s.world.company(s.rng, s.rng.choice(("industry", "consumer", "tech")))
    return dict(
        A=s.minister("trade"), B=s.minister("foreign", s.K2), C=s.expert(),
        D=s.official("", f"the president of {federation.full}", "federation", 0.7, 2.0),
        O1=federation, O2=exporter, O3=s.rng.choice(
            (_Org("the World Trade Organization", "the WTO", "WTO"),
             _Org("the European Commission", "the commission"),
             _Org("the International Monetary Fund", "the IMF", "IMF"))),
        E=s.executive(exporter),
        goods=s.rng.choice(("steel", "cars", "solar panels", "wine", "pharmaceuticals",
                            "semiconductors", "grain", "beef")),
    )  # fmt: skip


_TRADE = _Kind(
    "trade",
    _trade_cast,
    (
        "{K.Name} threatens tariffs on {K2.adj} {goods}",
        "{K.adj} and {K2.adj} ministers fail to settle {goods} dispute",
        "{K2.Name} rejects {K.adj} accusations of unfair trade",
    ),
    (
        "{K.Name} said on {weekday} that it was considering tariffs of up to {pct} on {goods} "
        "from {K2.name}, escalating a dispute that has [soured relations between the two "
        "countries|weighed on exporters] for months.",
        "Talks between {K.name} and {K2.name} over {goods} ended without agreement in {X} on "
        "{weekday}, raising the prospect of new tariffs within weeks.",
    ),
    (
        '{A.Ref} accused {K2.name} of flooding the market with subsidised {goods}. "[We '
        "believe in open markets, but open markets need fair rules|We will not stand by while "
        'our industry is undercut]," {A.he} told reporters after the talks.',
        '{B.Ref} rejected the accusation and said {K2.name} would respond "proportionately" '
        "to any new duties. {B.He} did not say which products could be targeted.",
        "{O3.Ref} has been asked to examine the dispute, according to officials in {X}, but a "
        "ruling is not expected before {futureyear}.",
        '{C.Refa} said a trade war would hurt both sides. "[The exporters who cheer today '
        "will be the ones who pay tomorrow|Tariffs are a tax that consumers end up "
        'paying]," {C.he} said.',
        "{D.Ref} said companies were already delaying investment decisions because of the "
        "uncertainty. {O1.Ref} estimates that {num} jobs depend on exports to {K2.name}.",
        "Trade between the two countries was worth {bigmoney} last year, according to official "
        "figures, and {goods} accounted for about {pct} of it.",
        "{E.Ref} said {O2.short} was preparing for the worst but hoped that a deal could be "
        'reached. "We have customers on both sides of this argument," {E.he} said.',
        "The two ministers are expected to meet again in {X2} next month, a diplomat familiar "
        "with the talks said, although the date has not been confirmed.",
        "The dispute began in {year}, when {K2.name} introduced export subsidies that "
        "{K.adj} producers say allow their rivals to sell below cost.",
        'Officials in {K2.name} have not ruled out taking the case to court. "Every option '
        'remains on the table," one official said, speaking on condition of anonymity.',
        "The {goods} industry employs about {num} people in {K.name}, many of them in and around "
        "{Y}, where unions have staged protests against cheap imports.",
        "Diplomats said a compromise could involve quotas rather than tariffs, but neither "
        "government has publicly confirmed that such an option is being discussed.",
        "{K2.adj} exporters have already begun to look for other markets, according to {C.ref}, "
        "who said that shipments to {K.name} fell by {pct} in the first half of the year.",
        "The tariffs would not apply to contracts signed before the end of the year, {A.ref} "
        "said, in an apparent attempt to reassure importers.",
        "Retailers in {K.name} warned that shoppers would pay more if the tariffs were "
        "introduced, and some said they had already been told by suppliers to expect higher "
        "prices.",
    ),
)


def _election_cast(s: _Story) -> dict[str, object]:
    governing, challenger = s.world.party(s.rng, s.K, 0), s.world.party(s.rng, s.K, 1)
    pollster = _Org(f"{s.world.brand(s.rng)} Research", "the polling firm")
    return dict(
        P=governing, Q=challenger, O1=governing, O2=challenger, O3=pollster,
        A=s.official("Prime Minister", f"the prime minister of {s.K.name}", "pm", 0.95),
        B=s.official("opposition leader", f"the leader of {challenger.full}", "opposition", 0.9),
        C=s.expert(),
        D=s.official("", f"the head of polling at {pollster.full}", "pollster", 0.5, 3.0),
        E=s.official("", "the chair of the electoral commission", "electoral", 0.8),
    )  # fmt: skip


_ELECTION = _Kind(
    "election",
    _election_cast,
    (
        "Polls tighten as {K.name} heads to the ballot box",
        "{B.name} closes gap on governing party before vote",
        "{A.name} promises tax cuts in final campaign push",
    ),
    (
        "{A.Ref} made a final appeal to voters in {X} on {weekday}, promising lower taxes and "
        "more money for hospitals as polls showed {P.ref} losing ground before {K.name}'s "
        "general election.",
        "The race for {K.name}'s next government has tightened sharply, with {Q.ref} now level "
        "with the governing party, according to a poll published on {weekday}.",
    ),
    (
        "{B.Ref}, whose party has gained {smallpct} in a month, told supporters in {Y} that "
        'the country needed a fresh start. "[They have had their chance, and they have wasted '
        'it|People are not asking for miracles, they are asking for competence]," {B.he} said.',
        "A survey by {O3.ref} put {P.short} on {pct} and {Q.short} on {pct}, with a margin of "
        "error of three points. {D.Ref} said many voters had not yet made up their minds.",
        '{A.Ref} dismissed the polls. "The only poll that counts is the one on election '
        'day," {A.he} said, adding that {A.his} government had created {num} jobs since '
        "{year}.",
        '{C.Refa} said the campaign had been dominated by the cost of living. "[Whoever '
        "convinces people that they can bring prices down will win|Nobody is talking about "
        'anything else]," {C.he} said.',
        "{B.Ref} has ruled out forming a coalition with the far right but has not said whether "
        "{B.he} would seek the support of smaller parties after the vote.",
        "{E.Ref} said more than {num} postal ballots had already been returned and that "
        "turnout could be the highest since {year}.",
        "The campaign was briefly suspended on {prevday} after a candidate was attacked while "
        "handing out leaflets in {Y}. Police said a man had been arrested.",
        "Both parties have promised to raise spending on defence, although neither has said "
        "how it would be paid for, according to an analysis by economists in {X}.",
        "{Q.Ref} was founded in {year} and won {few} seats at the last election. It is "
        "expected to do particularly well among younger voters in the cities.",
        "Results are expected to be announced on the night of the vote, and the new parliament "
        "is due to meet for the first time in {nextmonth}.",
        "Turnout at the last election, in {year}, was the lowest in a generation, and both "
        "parties have spent heavily on efforts to bring voters to the polls.",
        "{A.Ref} has promised to hold a referendum on [electoral reform|the pension system|a new "
        'constitution] if {A.he} is re-elected, an idea that {B.ref} has called "a distraction".',
        "A televised debate between the two leaders on {prevday} was watched by more than {few} "
        "million people, according to the broadcaster. Snap polls were split on who had won.",
        "Smaller parties could decide the outcome. {Q.Ref} would probably need the support of at "
        "least two of them to form a government, according to {C.ref}.",
        "Campaign finance has also become an issue after it emerged that {P.short} received "
        "donations of {smallmoney} from a property developer in {Y}. The party said the donations "
        "were legal and had been declared.",
    ),
)


def _infrastructure_cast(s: _Story) -> dict[str, object]:
    builder = s.world.company(s.rng, "construction")
    agency = s.agency(
        s.rng.choice(("Rail Infrastructure Agency", "Roads Agency", "Transport Authority")),
        "the agency",
    )
    audit = _Org(f"the {s.K.adj} National Audit Office", "the audit office")
    return dict(
        O1=builder, O2=agency, O3=audit, A=s.minister("transport"), B=s.executive(builder),
        C=s.official(f"{s.Y} Mayor", f"the mayor of {s.Y}", f"mayor-{s.Y}", 0.9),
        D=s.expert(), E=s.spokesperson(agency),
        project=s.rng.choice(("high-speed rail line", "bridge", "metro line", "tunnel",
                              "motorway bypass", "airport terminal")),
    )  # fmt: skip


_INFRASTRUCTURE = _Kind(
    "infrastructure",
    _infrastructure_cast,
    (
        "Cost of {X} {project} soars to {bigmoney}",
        "{project:cap} between {X} and {Y} delayed again",
        "Auditors criticise {O1.short} over {project} overruns",
    ),
    (
        "The {project} linking {X} and {Y} will cost {bigmoney}, far more than first planned, "
        "and will not open before {futureyear}, the government said on {weekday}.",
        "Auditors said on {weekday} that the planning of the {project} in {X} had been "
        '"seriously flawed", blaming both the government and {O1.ref} for years of delays.',
    ),
    (
        '{A.Ref} said the government remained committed to the project. "[Nobody said '
        "building it would be easy, but it will serve the country for a century|Stopping now "
        'would cost more than finishing]," {A.he} told parliament.',
        "{O3.Ref} found that the original budget had been drawn up before the route was "
        "surveyed, and that contracts were changed more than {num} times.",
        "{B.Ref} said the company had delivered what it was asked to deliver and blamed "
        'repeated design changes by the client. "[We have been building a moving '
        'target|Every change request costs time and money]," {B.he} said.',
        "{C.Ref}, whose city would be served by the new link, said residents had waited long "
        'enough. "[Every year of delay costs us businesses and jobs|We were promised this '
        'when my children were at school]," {C.he} said.',
        "The contract was awarded to {O1.ref} in {year} after a tender that was challenged in "
        "court by two of its rivals. The challenge was rejected.",
        '{D.Refa} said large projects were routinely underestimated. "[The first budget is '
        "always a political number, not an engineering one|Optimism is built into the "
        'planning]," {D.he} said.',
        "{E.Ref} said the agency had already reorganised its project management and would "
        "publish a new timetable by {nextmonth}.",
        "Work on the {project} was halted for {few} months last year after cracks were found "
        "in a section near {Y}, which had been built by a subcontractor.",
        "The opposition called for an independent inquiry and said the minister should appear "
        "before the transport committee. The ministry did not respond to a request for comment.",
        "About {num} workers are employed on the site, and the project is expected to cut the "
        "journey time between {X} and {Y} by almost half.",
        "When the project was approved in {year}, the government promised that it would cost no "
        "more than {money} and would be finished within {few} years.",
        "Residents along the route have complained for years about noise and dust from the "
        "building sites, and some have taken the agency to court.",
        "{O1.Ref} said it had been asked to redesign [the foundations|two stations|the "
        "ventilation system] after new safety rules came into force in {year}.",
        "Part of the project is financed by a loan of {money} from a development bank, which said "
        "it was monitoring the delays and could review its terms.",
        "{A.Ref} has appointed a special commissioner to oversee the project and report to "
        "parliament every six months, the transport ministry said on {weekday}.",
    ),
)


def _health_cast(s: _Story) -> dict[str, object]:
    hospital = _Org(
        s.rng.choice(
            (
                f"{s.X} General Hospital",
                f"{s.X} University Hospital",
                f"St Mary's Hospital in {s.X}",
            )
        ),
        "the hospital",
    )
    institute = s.agency("Public Health Institute", "the institute")
    who = _Org("the World Health Organization", "the WHO", "WHO")
    return dict(
        O1=hospital, O2=institute, O3=who, A=s.minister("health"),
        B=s.official("Dr", f"the medical director of {hospital.full}", f"doctor-{hospital.full}"),
        C=s.expert(), D=s.spokesperson(institute),
        E=s.actor(s.world.person(s.rng, s.K2, "who", 0.8), "",
                  "a senior official at the World Health Organization"),
        disease=s.rng.choice(("measles", "cholera", "legionella", "dengue fever",
                              "a drug-resistant infection", "bird flu", "hepatitis A")),
    )  # fmt: skip


_HEALTH = _Kind(
    "health",
    _health_cast,
    (
        "{disease:cap} outbreak in {X} prompts vaccination drive",
        "Health officials race to contain {disease} in {X}",
        "{K.Name} confirms {num} cases of {disease}",
    ),
    (
        "Health authorities in {K.name} said on {weekday} that {few} people had died and "
        "{num} had fallen ill in an outbreak of {disease} centred on {X}.",
        "{O1.Ref} has stopped admitting non-urgent patients after an outbreak of {disease}, "
        "health officials said on {weekday}, as they tried to trace the source of the infection.",
    ),
    (
        '{A.Ref} said the situation was serious but under control. "[There is no reason to '
        'panic, but there is every reason to be careful|We know how to stop this, and we will]," '
        "{A.he} told a news conference in {X}.",
        "{B.Refa} said the hospital had isolated the patients and that staff were being tested. "
        '"[Our teams have been working around the clock|We saw the first cases on {prevday} '
        'and acted within hours]," {B.he} said.',
        "{O2.Ref} said the source of the outbreak had not been confirmed. Samples were being "
        "analysed in its laboratories, and results were expected within days.",
        '{C.Refa} said the number of cases could rise further before it fell. "[The next two '
        "weeks will tell us whether the measures are working|What matters now is tracing every "
        'contact]," {C.he} said.',
        "{D.Ref} urged people who had been in contact with patients to stay at home and call "
        "their doctor rather than going to an emergency department.",
        "{O3.Ref} said it was in contact with the {K.adj} authorities and had offered "
        "support. {E.Refa} said the risk to other countries was considered low.",
        "Vaccination rates in the region have fallen to about {pct} in recent years, according "
        "to official data, well below the level needed to prevent outbreaks.",
        "The government is considering making vaccination compulsory for health workers, "
        "officials said, although no decision is expected before {nextmonth}.",
        "Schools in two districts of {X} were closed as a precaution, and a concert that was "
        "planned for the weekend was cancelled by the organisers.",
        "The last comparable outbreak, in {year}, infected more than {num} people and was "
        "blamed on contaminated water in {Y}.",
        "Most of the patients are elderly, and {few} of them are being treated in intensive care, "
        "according to the hospital.",
        "Investigators are examining [the hospital's water system|a cooling tower|food served at "
        "a wedding|a public swimming pool] as a possible source, {D.ref} said.",
        "{B.Ref} said staff shortages had made the situation harder to manage. The hospital has "
        "been short of several hundred nurses since {year}, according to the nurses' union.",
        "Pharmacies in {X} reported a rush on [masks|hand sanitiser|vaccines], and some ran out "
        "on {weekday}.",
        "The health ministry has set up a telephone hotline and said it would publish the number "
        "of cases every day until the outbreak was over.",
    ),
)


def _cyber_cast(s: _Story) -> dict[str, object]:
    victim = s.world.company(s.rng, s.rng.choice(("finance", "tech", "consumer", "energy")))
    agency = s.agency("National Cyber Security Centre", "the centre")
    security = _Org(f"{s.world.brand(s.rng)} Security", "the firm")
    return dict(
        O1=victim, O2=agency, O3=security, A=s.executive(victim),
        B=s.official("", f"the director of {agency.full}", f"cyber-{s.K.adj}", 0.9),
        C=s.official("", f"a researcher at {security.full}", "security-researcher", 0.4, 5.0),
        D=s.official("Data Protection Commissioner",
                     f"{s.K.name}'s data protection commissioner", "dpc", 0.9),
        E=s.minister("digital"),
        data=s.rng.choice(("customer records", "bank details", "medical records",
                           "passport numbers", "email addresses and passwords")),
    )  # fmt: skip


_CYBER = _Kind(
    "cyber",
    _cyber_cast,
    (
        "{O1.short} admits hackers stole {data}",
        "Cyberattack on {O1.short} exposes data of {num} customers",
        "{O1.short} refuses to pay ransom after cyberattack",
    ),
    (
        "{O1.Ref} said on {weekday} that hackers had stolen {data} belonging to about {num} "
        "customers, in one of the largest data breaches in {K.name} this year.",
        "Systems at {O1.ref} remained offline on {weekday}, {few} days after a ransomware "
        'attack that the company said was "sophisticated and carefully planned".',
    ),
    (
        '{A.Ref} apologised to customers and said the company would not pay a ransom. "[We '
        'will not reward criminals|Paying would only invite the next attack]," {A.he} said in '
        "a video message.",
        "{O2.Ref} said it was helping the company to restore its systems. {B.Refa} said "
        "there was no evidence that the attackers had reached other networks.",
        "{C.Refa} said the attack bore the hallmarks of a group that had targeted companies "
        'in {K2.name} last year. "[They get in through one weak password and move '
        'quietly|The tools are the same, only the victims change]," {C.he} said.',
        "{D.Ref} has opened an inquiry into whether the company protected its customers' data "
        "adequately. Companies can be fined up to {pct} of their annual turnover.",
        "The company did not confirm how the attackers had entered its network, and it "
        "declined to say whether any data had been published online.",
        "{E.Ref} said the government was considering new rules that would oblige companies to "
        'report attacks within 24 hours. "[Too many incidents are still kept quiet|We need to '
        'know, and we need to know fast]," {E.he} said.',
        "Customers were advised to change their passwords and to be wary of emails that "
        "appeared to come from {O1.short}, which could be used by criminals to steal more data.",
        "Shares in {O1.short} fell {smallpct} in {X} on {weekday}. Analysts said the cost of "
        "the attack could reach {money}, including compensation and lost business.",
        "The attack was first noticed on {prevday} morning, when employees in {Y} were unable "
        "to log in to their computers, according to a person familiar with the matter.",
        "It is one of {few} major attacks on {K.adj} companies this year, according to "
        "figures compiled by {O2.short}, which says ransomware has become the most serious "
        "threat.",
        "The attackers demanded a ransom of {money} in cryptocurrency, according to a person "
        "familiar with the matter. The company did not comment on the figure.",
        "{O1.Ref} said its [payment services|online shop|customer app] had been partly restored "
        "on {weekday}, but that some functions could remain unavailable for days.",
        "Police have opened a criminal investigation and are working with the authorities in "
        "{K2.name}, where some of the servers used in the attack are believed to be located.",
        "It is not the first time the company has been targeted. In {year}, a smaller attack "
        "exposed the email addresses of about {num} customers.",
        "Lawyers in {X} said they were preparing a class action on behalf of customers whose data "
        "had been stolen, and that hundreds had already signed up.",
    ),
)


def _economy_cast(s: _Story) -> dict[str, object]:
    bank = _Org(f"the Central Bank of {s.K.name}", "the central bank")
    lender = s.world.company(s.rng, "finance")
    stats = s.agency("Statistics Office", "the statistics office")
    return dict(
        O1=bank, O2=lender, O3=stats,
        A=s.official("Governor", f"the governor of {bank.full}", "governor", 0.95),
        B=s.minister("finance"), C=s.actor(s.world.person(s.rng, s.K, "bank-economist", 0.5),
                                           f"{lender.short_text} economist",
                                           f"chief economist at {lender.full}"),
        D=s.official("opposition finance spokesperson",
                     "the opposition's finance spokesperson", "opposition-finance", 0.7),
        E=s.expert(),
    )  # fmt: skip


_ECONOMY = _Kind(
    "economy",
    _economy_cast,
    (
        "{K.adj} central bank raises rates to fight inflation",
        "{K.adj} central bank holds rates as economy slows",
        "Inflation in {K.name} falls to {pct}",
    ),
    (
        "{O1.Ref} raised its main interest rate by a quarter of a point on {weekday}, its "
        "[third|fourth|fifth] increase this year, saying inflation remained too high.",
        "Inflation in {K.name} eased to {smallpct} in {month}, {O3.ref} said on {weekday}, "
        "raising hopes that the central bank could start cutting interest rates.",
    ),
    (
        '{A.Ref} said the bank was prepared to act again if prices kept rising. "[Our job is '
        "not finished until inflation is back at target|We would rather do too much now than "
        'too little]," {A.he} told reporters in {X}.',
        "{B.Ref} welcomed the decision but said the government would not change its budget "
        'plans. "We will not borrow our way out of this," {B.he} said.',
        "{C.Ref} said the bank was likely to keep rates on hold for the rest of the year. "
        '"[The economy is already slowing, and the full effect of past increases has not yet '
        'been felt|Markets are ahead of the bank, as usual]," {C.he} said.',
        '{D.Ref} accused the government of failing households. "[Families are paying the '
        "price for the government's mistakes|Mortgage payments have doubled and the minister "
        'has nothing to say]," {D.he} said.',
        "Figures published by {O3.ref} showed that the economy grew by only {smallpct} in the "
        "last quarter, and that unemployment rose to {smallpct}.",
        "{E.Refa} said food and energy prices were still driving inflation. {E.He} did not "
        "expect prices to fall before {futureyear}.",
        "The currency rose against the dollar after the announcement, while shares in {X} "
        "fell slightly. Banks, including {O2.ref}, are expected to pass the increase on to "
        "borrowers within weeks.",
        "The decision was not unanimous: two of the bank's policymakers voted to keep rates "
        "unchanged, according to minutes that were published alongside it.",
        "Business groups said higher borrowing costs were already hitting investment. A "
        "survey of {num} companies found that one in four had postponed plans to expand.",
        "The next rate decision is due in {nextmonth}. Most economists polled by {O2.short} "
        "expect no change.",
        "The bank also cut its forecast for economic growth this year and said the risk of a "
        "recession could not be ruled out, although it was not its central scenario.",
        "{A.Ref} said the labour market remained tight, with wages rising faster than prices for "
        "the first time in {few} years.",
        "Economists at {O2.ref} said the bank was caught between slowing growth and stubborn "
        'inflation. "[There is no painless way out|Every option has a cost]," they wrote in a '
        "note to clients.",
        "Mortgage rates have roughly doubled since {year}, and house prices in {X} and {Y} have "
        "fallen for {few} consecutive months, according to industry figures.",
        "The government is expected to present its budget for next year in {nextmonth}, and "
        "{B.ref} has promised that it will include help for households with high energy bills.",
    ),
)

_KINDS: tuple[_Kind, ...] = (
    _STRIKE,
    _MERGER,
    _CORRUPTION,
    _FLOOD,
    _POLLUTION,
    _TRADE,
    _ELECTION,
    _INFRASTRUCTURE,
    _HEALTH,
    _CYBER,
    _ECONOMY,
)

# Paragraphs any story can use (slots every cast has: A, B, C, O1, O2, K, K2, X, Y).
_GENERIC = (
    "{A.Ref} did not respond to further questions on {weekday} evening, and {B.ref} declined "
    "to comment.",
    'Asked whether {A.he} had spoken to {B.ref} directly, {A.last} said only that "all '
    'options are on the table".',
    "The issue is expected to come up when {K.adj} lawmakers return from their recess in "
    "{nextmonth}, according to two members of parliament who asked not to be named.",
    '{C.Ref} cautioned that it was too early to draw firm conclusions. "[We simply do not '
    "have enough information yet|Let us wait for the facts before we decide who is to "
    'blame]," {C.he} said.',
    "{A.Ref} and {B.ref} are due to meet in {Y} next week, according to officials familiar "
    "with the plans, although the meeting has not been officially confirmed.",
    "Neither {O1.ref} nor {O2.ref} would say when a decision might be taken.",
    'In a statement released late on {weekday}, {O2.ref} said it "[regrets the '
    'misunderstanding|takes the concerns seriously]" but insisted that it had acted '
    "lawfully.",
    "The developments were first reported by local media in {X} on {prevday}.",
    "Officials in {K2.name}, who have followed the case closely, did not comment on {weekday}.",
    "{B.Ref} has previously said that {B.he} would not be drawn into what {B.he} called "
    '"a political debate", and {B.he} did not change that position on {weekday}.',
    "A report that was commissioned by the government in {year} warned of similar problems, "
    "but most of its recommendations were never implemented.",
    'Critics say the authorities have been too slow to act. "[People deserve answers, and '
    'they deserve them now|This could have been avoided]," said one local official in {Y}.',
    "{A.Ref}, who took office in {year}, has faced growing criticism in recent months, "
    "including from within {A.his} own camp.",
    '"[We are taking this very seriously|This is not the end of the story]," {A.ref} said. '
    '"[We will look at all the options|Nobody should doubt our determination]."',
    "According to people familiar with the discussions, {B.ref} is considering "
    "[a formal complaint|legal action|a review of the arrangements], though no decision has "
    "been made.",
    "The figures could not be independently verified.",
    "Public opinion appears divided: a survey published on {prevday} found that {pct} of "
    "respondents in {K.name} supported the government's approach, while {pct} opposed it.",
    "The case has also drawn attention in {K2.name}, where similar questions were raised in "
    "{year} and later dropped without explanation.",
    "{C.Ref} said that {C.he} expected the debate to continue for months and that it could "
    "shape the next election campaign in {K.name}.",
    "It was not immediately clear whether the decision would be challenged in court.",
)


def _expand(template: str, rng: random.Random) -> str:
    """Resolve ``[a|b|c]`` alternatives (innermost first) with ``rng``."""
    while True:
        expanded = _ALTERNATIVES.sub(lambda m: rng.choice(m.group(1).split("|")), template)
        if expanded == template:
            return expanded
        template = expanded


_ALTERNATIVES = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")


class _Formatter(string.Formatter):
    """str.format with a ``cap`` conversion spec for sentence-initial slots."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "cap":
            return _cap(format(value, ""))
        return str(format(value, format_spec))


_FORMAT = _Formatter()


def _curly(text: str) -> str:
    """Typographic quotes: alternate “ ” within each paragraph, ’ for apostrophes."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        parts = paragraph.split('"')
        out = [parts[0]]
        for i, part in enumerate(parts[1:]):
            out.append("“" if i % 2 == 0 else "”")
            out.append(part)
        paragraphs.append("".join(out).replace("'", "’"))
    return "\n\n".join(paragraphs)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:70].rstrip("-")


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    """One generated article with its metadata (the JSONL input fields of ``kg build``)."""

    id: str
    title: str
    outlet: str
    published: str
    url: str
    text: str
    kind: str

    @property
    def words(self) -> int:
        """Whitespace-separated tokens of the text (how the benchmark counts words)."""
        return len(self.text.split())


def _outlet(rng: random.Random, world: _World, country: _Country) -> str:
    """Outlets recur across the corpus: a few hundred, heavy-tailed."""
    own = world._rng("outlet", world.rank(rng, 1.2, 10.0, 400))
    if own.random() < 0.15:
        return own.choice(_OUTLET_ALONE)
    place = own.choice(own.choice(_COUNTRIES).cities)
    return f"The {place} {own.choice(_OUTLET_TAILS)}"


def make_article(i: int, seed: int = 0) -> SyntheticArticle:
    """Article number ``i`` of the corpus of ``seed`` (depends on nothing else)."""
    world = _World(seed)
    rng = random.Random(f"{seed}:article:{i}")
    published = _EPOCH + timedelta(days=rng.randrange(_DAYS))
    story = _Story(world, rng, published)
    kind = rng.choice(_KINDS)
    slots = {**story.slots, **kind.cast(story)}
    mentionable = [v for v in slots.values() if isinstance(v, _Actor | _Org)]

    def render(template: str) -> str:
        return _FORMAT.vformat(_expand(template, rng), (), slots)

    title = render(rng.choice(kind.headlines))
    for value in mentionable:  # the headline does not count as an introduction
        value.seen = False
    paragraphs = [render(rng.choice(kind.leads))]
    if rng.random() < 0.3:
        paragraphs[0] = f"{story.X.upper() if rng.random() < 0.5 else story.X} — {paragraphs[0]}"
    words = len(paragraphs[0].split())
    target = round(rng.triangular(MIN_WORDS + 20, MAX_WORDS - 20, 460))
    # The story's own paragraphs roughly in their written order (some left out, some
    # neighbours swapped), a few generic ones slipped in; the rest of the generic ones
    # only if the story runs short.
    body = [template for template in kind.body if rng.random() < 0.85]
    for j in range(len(body) - 1):
        if rng.random() < 0.3:
            body[j], body[j + 1] = body[j + 1], body[j]
    generic = list(_GENERIC)
    rng.shuffle(generic)
    extra = rng.randint(2, 5)
    for template in generic[:extra]:
        body.insert(rng.randint(0, len(body)), template)
    candidates = body + [t for t in kind.body if t not in body] + generic[extra:]
    for template in candidates:
        if words >= target:
            break
        state = [value.seen for value in mentionable]
        paragraph = render(template)
        n = len(paragraph.split())
        if words + n > MAX_WORDS:
            for value, seen in zip(mentionable, state, strict=True):
                value.seen = seen
            continue
        paragraphs.append(paragraph)
        words += n
    text = "\n\n".join(paragraphs)
    outlet = _outlet(rng, world, story.K)
    if rng.random() < 0.5:
        text, title = _curly(text), _curly(title)
    slug = _slug(title)
    host = _slug(outlet.removeprefix("The ")).replace("-", "")
    return SyntheticArticle(
        id=f"syn{seed}-{i:07d}",
        title=title,
        outlet=outlet,
        published=published.isoformat(),
        url=f"https://www.{host}.example/{published:%Y/%m/%d}/{slug}-{i}",
        text=text,
        kind=kind.name,
    )


_EPOCH = date(2019, 1, 1)
_DAYS = (date(2026, 6, 30) - _EPOCH).days


def iter_articles(n: int, seed: int = 0, start: int = 0) -> Iterator[SyntheticArticle]:
    """Articles ``start`` .. ``start + n - 1`` of the corpus of ``seed``."""
    for i in range(start, start + n):
        yield make_article(i, seed)


def write_articles(out: Path, n: int, seed: int = 0, fmt: str = "jsonl") -> int:
    """Write ``n`` synthetic news articles into the directory ``out``; returns ``n``.

    ``fmt="jsonl"``: one file ``out/articles.jsonl``, one article per line with ``id``,
    ``title``, ``outlet``, ``published``, ``url`` and ``text`` (the input form of
    ``kg build``). ``fmt="txt"``: one ``.txt`` file per article, headline on the first
    line. Streams (constant memory) and is deterministic: the same seed gives the same
    bytes.
    """
    if fmt not in ("jsonl", "txt"):
        raise ValueError(f"unknown format {fmt!r} (jsonl or txt)")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with (out / ARTICLES_JSONL).open("w", encoding="utf-8", newline="\n") as handle:
            for article in iter_articles(n, seed):
                row = {
                    "id": article.id,
                    "title": article.title,
                    "outlet": article.outlet,
                    "published": article.published,
                    "url": article.url,
                    "text": article.text,
                }
                handle.write(_line(row))
    else:
        for i, article in enumerate(iter_articles(n, seed)):
            name = f"{i:07d}-{_slug(article.title)[:50].rstrip('-')}.txt"
            (out / name).write_text(
                f"{article.title}\n\n{article.text}\n", encoding="utf-8", newline="\n"
            )
    return n


def _articles_main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.synthetic articles",
        description="Write N synthetic news articles (deterministic for a seed).",
    )
    parser.add_argument("--n", type=int, required=True, help="How many articles.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="Directory to write into.")
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    ns = parser.parse_args(args)
    n = write_articles(ns.out, ns.n, ns.seed, ns.format)
    target = ns.out / ARTICLES_JSONL if ns.format == "jsonl" else ns.out
    print(json.dumps({"articles": n, "seed": ns.seed, "format": ns.format, "path": str(target)}))
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.synthetic DIR TRIPLES [SEED]``: write a synthetic export;
    ``python -m kg.synthetic articles --n N [--seed S] --out DIR``: write articles."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["articles"] and (len(args) == 1 or args[1].startswith("-")):
        return _articles_main(args[1:])
    if len(args) not in (2, 3):
        print(
            "usage: python -m kg.synthetic DIR TRIPLES [SEED]\n"
            "       python -m kg.synthetic articles --n N [--seed S] --out DIR "
            "[--format jsonl|txt]",
            file=sys.stderr,
        )
        return 2
    sizes = write_synthetic_export(Path(args[0]), int(args[1]), *map(int, args[2:]))
    print(json.dumps({"directory": args[0], **asdict(sizes)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
