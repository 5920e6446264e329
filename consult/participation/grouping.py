"""Groups of near-identical inputs (campaigns, form letters, the same sender twice), computed
from plain texts; no database here.

An input is read as its own sentences: quoted passages (in quotation marks or after ">") are
someone else's words, and greetings, salutations, signatures and other short lines say nothing.
Sentences are clustered across the whole corpus (MinHash LSH on character trigrams of words
proposes pairs, rapidfuzz confirms them), so typos, synonyms, word order and light paraphrase
still match. The most common sets of sentence clusters lead (a campaign's text as sent); every
other input joins the leader it shares most with, when they share at least half of their
clusters together: a member that adds, drops or paraphrases a sentence stays in its campaign,
while two letters of one organiser that share their opening and closing but ask different things,
or an input that quotes a campaign to disagree with it, share too little, and a variant is never a
bridge between two campaigns. The sentences a member has beyond the group's common text (clusters
in at most half of the members, and not a rewrite of a common sentence) are its additions.
"""
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

NUM_PERM = 64
SENTENCE_LSH_THRESHOLD = 0.4  # Jaccard of trigram sets proposing a pair of sentences
SENTENCE_MATCH = 72  # rapidfuzz token_sort_ratio confirming it
MATCH = 0.5  # Jaccard of sentence clusters at or above which a variant joins a campaign
VARIANT = 60  # token_set_ratio above which a member's sentence is a common one rewritten
SOFT_MATCH = 60  # token_sort_ratio at which a sentence outside every shared cluster still counts
SOFT_WORDS = 0.5  # ... when at least this share of their words are in common
MIN_WORDS = 4  # shorter sentences (greetings, names, "Terima kasih.") are not content

_QUOTED = re.compile(r'"[^"\n]{10,}?"|“[^”]{10,}?”|«[^»]{10,}?»|^>.*$', re.MULTILINE)
_SPLIT = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[^\W_]+")
_BOILERPLATE = re.compile(
    r"^(dengan hormat|hormat (kami|saya)|salam|assalam|wassalam|yth|kepada yth|terima ?kasih|"
    r"demikian|atas perhatian|bapak|ibu|saudara|perihal|lampiran|tembusan|ttd|nama|alamat|"
    r"selamat (pagi|siang|sore|malam))\b", re.IGNORECASE)
STOPWORDS = frozenset(
    "yang dan di ke dari untuk ini itu dengan pada dalam atau juga agar akan oleh sebagai "
    "adalah bahwa karena kami saya kita kiranya mohon harap supaya para tersebut tidak".split())


@dataclass
class Sentence:
    text: str  # as written
    words: tuple  # normalised content words


@dataclass
class Group:
    inputs: list  # input numbers, ascending
    representative: int
    additions: dict = field(default_factory=dict)  # number -> [sentence as written]

    def as_json(self):
        return {"inputs": self.inputs, "representative": self.representative,
                "additions": {str(n): s for n, s in sorted(self.additions.items())}}


def own_sentences(text):
    """The input's own content sentences, in order: without quoted passages and boilerplate."""
    text = _QUOTED.sub(" ", text or "")
    result = []
    for raw in _SPLIT.split(text):
        raw = raw.strip(" \t-*•")
        while raw and _BOILERPLATE.match(raw):  # "Dengan hormat, kami ..." keeps "kami ..."
            raw = re.split(r"[,:]", raw, maxsplit=1)[1].strip() if re.search(r"[,:]", raw) else ""
        if not raw or raw.endswith((",", ":")):  # an address or salutation line
            continue
        words = tuple(w for w in _WORD.findall(raw.lower()) if w not in STOPWORDS)
        if len(words) >= MIN_WORDS:
            result.append(Sentence(raw, words))
    return result


def _trigrams(words):
    grams = set()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return grams


class _Union:
    def __init__(self, items):
        self.parent = {item: item for item in items}

    def find(self, item):
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:  # the smaller key leads, so the result does not depend on the order
            self.parent[max(a, b)] = min(a, b)

    def groups(self):
        members = defaultdict(list)
        for item in self.parent:
            members[self.find(item)].append(item)
        return list(members.values())


def sentence_clusters(counts):
    """{normalised sentence (tuple of words): cluster} from {sentence: how many inputs have
    it}; a cluster is named by its leading sentence, normalised. The most frequent sentences
    lead; every other one joins the most similar leader that matches, else leads its own
    cluster: clusters never chain one sentence to another through a third that is like both."""
    # lazy: datasketch loads numpy and scipy (most of a second), which every process would pay
    # at start for a page only drafters open.
    from datasketch import MinHash, MinHashLSH
    from datasketch.hashfunc import sha1_hash32  # lazy: as above

    keys = sorted(counts, key=lambda k: (-counts[k], k))
    joined = [" ".join(key) for key in keys]
    # datasketch's own hash, each trigram hashed once: they repeat across thousands of sentences.
    minhashes = MinHash.bulk([[g.encode() for g in _trigrams(k)] for k in keys],
                             num_perm=NUM_PERM, hashfunc=functools.cache(sha1_hash32))
    lsh = MinHashLSH(threshold=SENTENCE_LSH_THRESHOLD, num_perm=NUM_PERM)
    cluster = {}
    for index, minhash in enumerate(minhashes):
        best, best_score = None, SENTENCE_MATCH - 1
        for leader in sorted(lsh.query(minhash)):
            score = fuzz.token_sort_ratio(joined[index], joined[leader])
            if score > best_score:
                best, best_score = leader, score
        if best is None:
            lsh.insert(index, minhash)
            cluster[keys[index]] = joined[index]
        else:
            cluster[keys[index]] = joined[best]
    return cluster


class _Scorer:
    """Jaccard of two signatures (sets of sentence clusters), where a sentence of one that is in
    no cluster of the other still counts as shared when it is a looser rewrite of one of the
    other's (synonyms and paraphrase can take a sentence out of its cluster)."""

    def __init__(self):
        self.cache = {}
        self.words = {}

    def _words(self, text):
        if text not in self.words:
            self.words[text] = frozenset(text.split())
        return self.words[text]

    def _alike(self, x, y):
        key = (x, y) if x < y else (y, x)
        if key not in self.cache:
            x_words, y_words = self._words(x), self._words(y)
            small, large = sorted((len(x_words), len(y_words)))
            # Shared words are at most the smaller set, all words at least the larger one.
            self.cache[key] = (small >= SOFT_WORDS * large
                               and len(x_words & y_words) >= SOFT_WORDS * len(x_words | y_words)
                               and fuzz.token_sort_ratio(x, y) >= SOFT_MATCH)
        return self.cache[key]

    @staticmethod
    def bound(a, b):
        """The highest score two signatures can reach (every unshared sentence a rewrite)."""
        soft = min(len(a - b), len(b - a))
        return (len(a & b) + soft) / (len(a | b) - soft)

    def __call__(self, a, b):
        shared = len(a & b)
        rest_b = sorted(b - a)
        soft = 0
        for x in sorted(a - b):
            for y in rest_b:
                if self._alike(x, y):
                    rest_b.remove(y)
                    soft += 1
                    break
        return (shared + soft) / (len(a | b) - soft)


def _attach(signatures, counts, first, score):
    """{signature: leader signature}: the most common signatures lead (the campaigns' texts as
    sent unchanged); every other one joins the leader it is most like, when like enough, so a
    campaign's variants join their own campaign and never chain two campaigns into one."""
    order = sorted(signatures, key=lambda sig: (-counts[sig], first[sig]))
    leaders_of = defaultdict(list)  # cluster -> leaders containing it, in order
    leader = {}
    for sig in order:
        best, best_score = None, MATCH
        seen = set()
        for cluster in sorted(sig):
            for candidate in leaders_of[cluster]:
                if candidate in seen:
                    continue
                seen.add(candidate)
                if score.bound(sig, candidate) < best_score:
                    continue  # cannot win: its exact score is not needed
                value = score(sig, candidate)
                if value > best_score or (value == best_score and best is not None
                                          and first[candidate] < first[best]):
                    best, best_score = candidate, value
        if best is None:
            leader[sig] = sig
            for cluster in sig:
                leaders_of[cluster].append(sig)
        else:
            leader[sig] = leader[best]
    return leader


def group_inputs(texts, separated=(), joined=()):
    """Groups of {number: text}: every number in exactly one group, largest group first, then by
    smallest number. `separated` numbers stand alone; `joined` pairs are put in one group."""
    sentences = {number: own_sentences(text) for number, text in texts.items()}
    clusters = sentence_clusters(Counter(s.words for found in sentences.values() for s in found))
    signature = {n: frozenset(clusters[s.words] for s in found)
                 for n, found in sentences.items()}
    separated = set(separated)
    counts, first = Counter(), {}
    for number in sorted(texts):
        sig = signature[number]
        if number not in separated and sig:
            counts[sig] += 1
            first.setdefault(sig, number)
    leader = _attach(list(counts), counts, first, _Scorer())
    union = _Union(sorted(texts))
    for number in sorted(texts):
        sig = signature[number]
        if number not in separated and sig:
            union.union(first[leader[sig]], number)
    for a, b in joined:
        if a in union.parent and b in union.parent:
            union.union(a, b)
    groups = [_describe(sorted(m), sentences, signature, clusters) for m in union.groups()]
    return sorted(groups, key=lambda g: (-len(g.inputs), g.inputs[0]))


def _describe(members, sentences, signature, clusters):
    if len(members) == 1:
        return Group(members, members[0], {})
    seen = Counter(cluster for n in members for cluster in signature[n])
    common = {cluster for cluster, count in seen.items() if count * 2 > len(members)}
    common_texts = sorted(common)
    additions = {}
    for number in members:
        added, reported = [], set()
        for sentence in sentences[number]:
            cluster = clusters[sentence.words]
            if cluster in common or cluster in reported:
                continue
            reported.add(cluster)
            # A common sentence rewritten beyond a match is a variant, not something added.
            if process.extractOne(" ".join(sentence.words), common_texts,
                                  scorer=fuzz.token_set_ratio, score_cutoff=VARIANT) is None:
                added.append(sentence.text)
        if added:
            additions[number] = added
    representative = min(members, key=lambda n: (len(signature[n] ^ common), n))
    return Group(members, representative, additions)
