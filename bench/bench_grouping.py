"""Grouping of near-identical inputs, measured on a generated corpus with known truth.

    .venv/bin/python bench/bench_grouping.py [--inputs 5000] [--seed 16]

The generator (below) writes campaigns of different sizes in Indonesian: members insert names and
greetings, reorder, drop or paraphrase sentences, swap synonyms and make typos, and some add a
substantive sentence of their own. One organiser sends two letters that share opening and closing
but ask different things; some inputs quote a campaign to disagree with it; others share its topic
and vocabulary but not its text; the rest are distinct organic inputs. Prints B-cubed precision and
recall of the groups, the share of added sentences reported (and of reported sentences that were
not added), and the time to group. Targets (issue 16): precision >= 0.97, recall >= 0.95, added
sentences >= 90 %, 5,000 inputs in under 5 s.
"""
import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consult.participation.grouping import group_inputs  # noqa: E402

NAMES = ["Budi Santoso", "Siti Aminah", "Rudi Hartono", "Dewi Lestari", "Agus Salim", "Rina Wati",
         "Andi Pratama", "Nur Aisyah", "Yusuf Hamid", "Maria Ulfa", "Hendra Gunawan", "Fitri Ani"]
PLACES = ["Tanah Grogot", "Long Ikis", "Kuaro", "Batu Sopang", "Pasir Belengkong", "Long Kali",
          "Muara Komam", "Tanjung Harapan", "Batu Engau", "Muara Samu", "Paser Belengkong"]
GREETINGS = ["Dengan hormat,", "Yth. Tim Penyusun Peraturan Bupati,", "Assalamualaikum wr. wb.",
             "Kepada Yth. Bapak Bupati Paser,", "Salam sejahtera,", "Selamat pagi,", ""]
CLOSINGS = ["Hormat kami,", "Terima kasih.", "Demikian, atas perhatian Bapak kami ucapkan terima "
            "kasih.", "Wassalam,", "Salam,", ""]
SYNONYMS = {"meminta": "memohon", "pedagang": "penjual", "menolak": "tidak menerima",
            "tarif": "besaran", "dipertahankan": "tetap dipakai", "kecil": "kecil-kecil",
            "warga": "masyarakat", "segera": "secepatnya", "aturan": "ketentuan",
            "wajib": "harus", "biaya": "ongkos", "sangat": "amat", "membebani": "memberatkan"}

CAMPAIGNS = [  # (opening, asks, closing): each a list of (sentence, paraphrase)
    ([("Kami para pedagang pasar tradisional menyampaikan keberatan atas rancangan peraturan ini.",
       "Sebagai pedagang pasar tradisional kami keberatan terhadap rancangan aturan ini.")],
     [("Kenaikan tarif retribusi kios sebesar lima puluh persen sangat membebani pedagang kecil.",
       "Tarif retribusi kios yang naik lima puluh persen jelas membebani para pedagang kecil."),
      ("Kami meminta tarif retribusi yang lama dipertahankan sampai akhir tahun anggaran.",
       "Tarif retribusi lama kami minta tetap berlaku hingga akhir tahun anggaran."),
      ("Pemungutan retribusi harian sebaiknya dilakukan petugas resmi dengan karcis bernomor.",
       "Retribusi harian hendaknya dipungut petugas resmi memakai karcis yang bernomor.")],
     [("Kami berharap suara pedagang kecil didengar dalam penyusunan peraturan ini.",
       "Semoga suara para pedagang kecil didengar saat peraturan ini disusun.")]),
    ([("Kami warga yang tergabung dalam Forum Peduli Lingkungan Paser menyampaikan pendapat.",
       "Forum Peduli Lingkungan Paser bersama warga menyampaikan pendapat berikut.")],
     [("Pasal tentang pengelolaan sampah pasar belum mengatur pemilahan sampah organik.",
       "Pemilahan sampah organik di pasar belum diatur dalam pasal pengelolaan sampah."),
      ("Kami meminta setiap pasar wajib menyediakan tempat pengomposan sampah organik.",
       "Setiap pasar hendaknya diwajibkan menyediakan tempat untuk mengompos sampah organik."),
      ("Pengelola pasar yang membuang limbah ke sungai harus dikenai sanksi administratif.",
       "Sanksi administratif perlu dijatuhkan kepada pengelola pasar yang membuang limbah ke "
       "sungai.")],
     [("Lingkungan yang bersih adalah hak seluruh warga Kabupaten Paser.",
       "Seluruh warga Kabupaten Paser berhak atas lingkungan yang bersih.")]),
    # The organiser's two letters: the same opening and closing, different asks.
    ([("Kami dari Aliansi Pedagang Kaki Lima Paser menyampaikan masukan atas rancangan ini.",
       "Aliansi Pedagang Kaki Lima Paser menyampaikan masukan terhadap rancangan tersebut."),
      ("Pedagang kaki lima adalah bagian penting dari perekonomian rakyat di daerah ini.",
       "Perekonomian rakyat di daerah ini sangat bergantung pada pedagang kaki lima.")],
     [("Kami meminta zona berjualan pedagang kaki lima ditetapkan di sekitar alun-alun kota.",
       "Zona jualan pedagang kaki lima kami minta ditetapkan di sekitar alun-alun kota."),
      ("Penertiban lapak tidak boleh dilakukan tanpa pemberitahuan tertulis tujuh hari "
       "sebelumnya.",
       "Lapak tidak boleh ditertibkan tanpa pemberitahuan tertulis tujuh hari sebelumnya.")],
     [("Kami siap berdialog dengan pemerintah daerah untuk kebaikan bersama.",
       "Untuk kebaikan bersama kami siap berdialog dengan pemerintah daerah.")]),
    ([("Kami dari Aliansi Pedagang Kaki Lima Paser menyampaikan masukan atas rancangan ini.",
       "Aliansi Pedagang Kaki Lima Paser menyampaikan masukan terhadap rancangan tersebut."),
      ("Pedagang kaki lima adalah bagian penting dari perekonomian rakyat di daerah ini.",
       "Perekonomian rakyat di daerah ini sangat bergantung pada pedagang kaki lima.")],
     [("Kami meminta biaya izin usaha mikro dibebaskan selama dua tahun pertama.",
       "Biaya izin usaha mikro kami minta dibebaskan untuk dua tahun pertama."),
      ("Pendaftaran izin usaha mikro harus bisa dilakukan secara daring tanpa calo.",
       "Izin usaha mikro harus dapat didaftarkan secara daring tanpa perantara calo.")],
     [("Kami siap berdialog dengan pemerintah daerah untuk kebaikan bersama.",
       "Untuk kebaikan bersama kami siap berdialog dengan pemerintah daerah.")]),
    ([("Kami orang tua murid menyampaikan usulan tentang keamanan di sekitar pasar.",
       "Sebagai orang tua murid kami mengusulkan hal tentang keamanan di sekitar pasar.")],
     [("Jalan menuju sekolah yang melewati pasar perlu diberi zebra cross dan petugas "
       "penyeberangan.",
       "Zebra cross dan petugas penyeberangan perlu ada di jalan sekolah yang melewati pasar."),
      ("Bongkar muat barang di pasar dilarang pada jam berangkat dan pulang sekolah.",
       "Pada jam berangkat dan pulang sekolah bongkar muat barang di pasar harus dilarang.")],
     [("Keselamatan anak-anak harus menjadi prioritas pemerintah daerah.",
       "Pemerintah daerah harus mengutamakan keselamatan anak-anak.")]),
]
SHARES = [0.30, 0.16, 0.08, 0.06, 0.02]  # of the corpus, per campaign

ADDITIONS = [
    "Di pasar {place} ada {n} pedagang yang sudah tiga bulan menunggak karena sepi pembeli.",
    "Kios saya di {place} terendam banjir {n} kali tahun ini sehingga omzet turun jauh.",
    "Petugas di pasar {place} pernah memungut retribusi dua kali sehari tanpa karcis.",
    "Saluran air di belakang pasar {place} tersumbat sejak {n} minggu lalu dan berbau.",
    "Anak saya hampir tertabrak truk pengangkut sayur di depan pasar {place} minggu lalu.",
    "Lampu penerangan di lorong pasar {place} mati sejak {n} bulan dan rawan pencurian.",
    "Harga sewa los di {place} sudah naik {n} persen sejak pengelolaan diserahkan ke swasta.",
    "Kelompok kami di {place} beranggotakan {n} ibu rumah tangga yang berjualan kue basah.",
]
TOPIC_SUBJECTS = ["Retribusi pasar", "Tarif kios", "Pengelolaan sampah pasar", "Izin pedagang",
                  "Keamanan pasar", "Parkir di pasar", "Jam buka pasar", "Kebersihan los ikan",
                  "Penataan lapak sayur", "Pungutan kebersihan", "Renovasi pasar induk",
                  "Sewa los daging", "Air bersih di pasar", "Penerangan lorong pasar"]
TOPIC_CLAIMS = ["perlu dievaluasi setiap {n} bulan oleh dinas terkait",
                "sebaiknya diumumkan di papan informasi pasar {place}",
                "harus melibatkan paguyuban pedagang {place} sejak awal",
                "belum jelas dasar perhitungannya dalam Pasal {n}",
                "perlu dibedakan antara pasar kota dan pasar desa seperti {place}",
                "sebaiknya dikelola koperasi pedagang {place}",
                "harus memperhatikan pedagang musiman menjelang hari raya",
                "perlu diawasi inspektorat agar tidak terjadi pungutan liar di {place}",
                "jangan sampai memberatkan nelayan yang menjual hasil tangkapan langsung",
                "mestinya dibayar lewat bank daerah supaya tercatat rapi",
                "lebih baik diatur dalam peraturan daerah daripada peraturan bupati",
                "wajib disosialisasikan kepada pedagang lewat radio lokal"]
TOPIC_REASONS = ["karena banyak pedagang belum paham aturan baru",
                 "sebab tahun lalu terjadi kebakaran di blok {n}",
                 "mengingat daya beli warga {place} sedang menurun",
                 "agar tidak ada lagi keluhan seperti di {place}",
                 "karena anggaran daerah untuk pasar terbatas",
                 "supaya pembeli dari desa sekitar tetap datang",
                 "sebab kondisi jalan ke pasar {place} rusak berat",
                 "karena pengawasan selama ini lemah",
                 "mengingat pedagang perempuan adalah mayoritas di {place}",
                 "agar pendapatan asli daerah meningkat secara wajar"]
QUESTIONS = ["Bagaimana nasib pedagang yang belum memiliki kartu tanda pedagang di {place}?",
             "Apakah Pasal {n} juga berlaku untuk pasar desa yang dikelola BUMDes?",
             "Siapa yang bertanggung jawab bila los rusak akibat banjir di {place}?",
             "Kapan jadwal sosialisasi rancangan ini untuk pedagang di {place}?",
             "Berapa lama masa peralihan sebelum tarif baru berlaku penuh bagi {n} pedagang?"]


def typo(sentence, rng):
    words = sentence.split()
    i = rng.randrange(len(words))
    w = words[i]
    if len(w) > 4:
        j = rng.randrange(1, len(w) - 2)
        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if rng.random() < 0.5 else w[:j] + w[j + 1:]
    return " ".join(words)


def synonyms(sentence, rng):
    for word, other in SYNONYMS.items():
        if rng.random() < 0.5:
            sentence = re.sub(rf"\b{word}\b", other, sentence, count=1)
    return sentence


def fill(template, rng):
    return template.replace("{place}", rng.choice(PLACES)).replace("{n}",
                                                                    str(rng.randint(2, 400)))


def member(campaign, rng):
    """One campaign letter and the substantive sentence it adds (or None)."""
    opening, asks, closing = campaign
    body = [p if rng.random() < 0.15 else s for s, p in opening + asks + closing]
    if rng.random() < 0.3:
        middle = body[len(opening):len(opening) + len(asks)]
        rng.shuffle(middle)
        body[len(opening):len(opening) + len(asks)] = middle
    if rng.random() < 0.2 and len(body) > 3:
        del body[rng.randrange(len(body))]
    body = [synonyms(s, rng) if rng.random() < 0.3 else s for s in body]
    body = [typo(s, rng) if rng.random() < 0.2 else s for s in body]
    if rng.random() < 0.3:  # an inserted name
        body[0] = body[0].replace("Kami", f"Kami, {rng.choice(NAMES)} dan kawan-kawan,", 1)
    added = None
    if rng.random() < 0.15:
        added = fill(rng.choice(ADDITIONS), rng)
        body.insert(rng.randint(1, len(body)), added)
    name = rng.choice(NAMES)
    letter = [rng.choice(GREETINGS), *body, rng.choice(CLOSINGS), name,
              f"Warga {rng.choice(PLACES)}"]
    return "\n".join(part for part in letter if part), added


DISAGREE = ["Kami tidak sependapat dengan surat yang beredar yang menyatakan “{q}”",
            "Ada yang menulis “{q}” padahal menurut kami itu keliru.",
            "Surat edaran kelompok itu berbunyi “{q}” dan kami menolak isinya.",
            "Saya membaca kalimat “{q}” dan menurut saya justru sebaliknya."]


def quoter(campaign, rng):
    """An input that quotes a campaign in order to disagree with it."""
    _opening, asks, _closing = campaign
    quoted = " ".join(s for s, _p in rng.sample(asks, 2))
    return fill(rng.choice(DISAGREE), rng).replace("{q}", quoted) + " " + organic(rng)


VOCABULARY = """pasar pedagang retribusi kios los lapak tarif sewa izin usaha mikro sampah
limbah parkir jalan sungai banjir atap lantai drainase toilet listrik air bersih petugas karcis
dinas bupati desa kelurahan kecamatan warga pembeli penjual nelayan petani sayur ikan daging buah
kue beras minyak gula harga naik turun mahal murah sepi ramai pagi malam hari minggu bulan tahun
anggaran pendapatan daerah koperasi paguyuban bumdes swasta pengelola kontrak perjanjian sanksi
denda teguran pengawasan inspektorat laporan keluhan aduan sosialisasi radio papan pengumuman
jadwal bongkar muat truk angkutan ojek becak trotoar lampu keamanan pencurian kebakaran asuransi
kesehatan sekolah anak perempuan lansia disabilitas akses tangga ramp timbangan tera ukur standar
halal kebersihan kesehatan hewan pemotongan rumah potong gudang pendingin es plastik kantong
kompos daur ulang bank sampah tabungan pinjaman bunga modal bantuan subsidi pelatihan digital
pembayaran nontunai qris rekening kartu data pendataan survei musyawarah rapat usulan""".split()


def free_sentence(rng):
    words = rng.sample(VOCABULARY, rng.randint(7, 13))
    joiners = ["dan", "untuk", "di", "karena", "yang", "agar", "dengan", "pada"]
    for i in range(2, len(words), 3):
        words[i] = f"{rng.choice(joiners)} {words[i]}"
    return " ".join(words).capitalize() + rng.choice([".", ".", "?"])


def organic(rng):
    """A distinct input on the campaigns' topic: its vocabulary, not its text."""
    sentences = [f"{rng.choice(TOPIC_SUBJECTS)} {fill(rng.choice(TOPIC_CLAIMS), rng)} "
                 f"{fill(rng.choice(TOPIC_REASONS), rng)}."]
    sentences += [free_sentence(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.2:
        sentences.append(fill(rng.choice(QUESTIONS), rng))
    rng.shuffle(sentences)
    return " ".join(sentences)


def generate(n, seed):
    """({number: text}, {number: true group label}, {number: added sentence})."""
    rng = random.Random(seed)
    texts, truth, added = {}, {}, {}
    number = 0
    for c, (campaign, share) in enumerate(zip(CAMPAIGNS, SHARES)):
        for _ in range(int(n * share)):
            number += 1
            texts[number], extra = member(campaign, rng)
            truth[number] = f"campaign-{c}"
            if extra:
                added[number] = extra
    for _ in range(int(n * 0.03)):
        number += 1
        texts[number] = quoter(rng.choice(CAMPAIGNS), rng)
        truth[number] = f"single-{number}"
    while number < n:
        number += 1
        texts[number] = organic(rng)
        truth[number] = f"single-{number}"
    order = list(texts)  # campaigns arrive interleaved with everything else
    rng.shuffle(order)
    renumber = {old: new for new, old in enumerate(order, start=1)}
    return ({renumber[k]: v for k, v in texts.items()}, {renumber[k]: v for k, v in truth.items()},
            {renumber[k]: v for k, v in added.items()})


def b_cubed(found, truth):
    cluster_of = {number: i for i, group in enumerate(found) for number in group.inputs}
    members = {}
    for number, label in truth.items():
        members.setdefault(label, set()).add(number)
    found_sets = [set(group.inputs) for group in found]
    precision = recall = 0.0
    for number in truth:
        mine, true = found_sets[cluster_of[number]], members[truth[number]]
        overlap = len(mine & true)
        precision += overlap / len(mine)
        recall += overlap / len(true)
    return precision / len(truth), recall / len(truth)


def additions_found(found, added):
    reported = {}
    for group in found:
        reported.update(group.additions)
    hit = sum(1 for n, sentence in added.items() if sentence in reported.get(n, []))
    total_reported = sum(len(v) for v in reported.values())
    return hit / max(len(added), 1), total_reported - hit, total_reported


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    texts, truth, added = generate(args.inputs, args.seed)
    start, cpu = time.perf_counter(), time.process_time()
    found = group_inputs(texts)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    precision, recall = b_cubed(found, truth)
    share, other, total = additions_found(found, added)
    print(f"inputs: {len(texts)}, groups found: {len(found)} "
          f"(of more than one: {sum(1 for g in found if len(g.inputs) > 1)}), "
          f"true campaigns: {len(CAMPAIGNS)}")
    print(f"B-cubed precision: {precision:.4f} (target >= 0.97)")
    print(f"B-cubed recall:    {recall:.4f} (target >= 0.95)")
    print(f"added sentences reported: {share:.1%} of {len(added)} (target >= 90 %); "
          f"other sentences reported as added: {other} of {total}")
    print(f"time to group {len(texts)} inputs: {wall:.2f} s wall, {cpu:.2f} s CPU (target < 5 s)")


if __name__ == "__main__":
    main()
