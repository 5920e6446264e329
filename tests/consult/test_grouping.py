"""Groups of near-identical inputs (consult/participation/grouping.py): pure, from texts."""
from consult.participation.grouping import group_inputs, own_sentences

CAMPAIGN = [
    "Kami para pedagang pasar tradisional menyampaikan keberatan atas rancangan peraturan ini.",
    "Kenaikan tarif retribusi kios sebesar lima puluh persen sangat membebani pedagang kecil.",
    "Kami meminta tarif retribusi yang lama dipertahankan sampai akhir tahun anggaran.",
    "Pemungutan retribusi harian sebaiknya dilakukan petugas resmi dengan karcis bernomor.",
    "Kami berharap suara pedagang kecil didengar dalam penyusunan peraturan ini.",
]
ADDED = "Di pasar Senaken ada dua ratus pedagang yang sudah tiga bulan menunggak karena sepi."


def letter(sentences, greeting="Dengan hormat,", name="Budi Santoso"):
    return "\n".join([greeting, *sentences, "Hormat saya,", name])


def campaign_corpus():
    texts = {
        1: letter(CAMPAIGN),
        2: letter(CAMPAIGN, "Yth. Tim Penyusun,", "Siti Aminah"),
        # reordered, a typo and a synonym
        3: letter([CAMPAIGN[0], CAMPAIGN[2], CAMPAIGN[1].replace("membebani", "memberatkan"),
                   CAMPAIGN[3].replace("resmi", "rsmi"), CAMPAIGN[4]], "Salam,", "Rudi"),
        # a dropped sentence and an inserted name
        4: letter([CAMPAIGN[0].replace("Kami", "Kami, Dewi Lestari dan kawan-kawan,"),
                   *CAMPAIGN[1:4]], "Selamat pagi,", "Dewi Lestari"),
        # a paraphrased sentence
        5: letter([CAMPAIGN[0], CAMPAIGN[1], "Tarif retribusi lama kami minta tetap berlaku "
                   "hingga akhir tahun anggaran.", *CAMPAIGN[3:]]),
        # a substantive sentence added
        6: letter([*CAMPAIGN[:3], ADDED, *CAMPAIGN[3:]], "Assalamualaikum,", "Agus Salim"),
        7: "Jam buka pasar sebaiknya diperpanjang sampai pukul sepuluh malam agar pedagang sayur "
           "dapat berjualan setelah panen sore.",
    }
    return texts


def test_campaign_variants_form_one_group_and_the_organic_input_stands_alone():
    groups = group_inputs(campaign_corpus())
    assert [g.inputs for g in groups] == [[1, 2, 3, 4, 5, 6], [7]]
    assert groups[0].representative in (1, 2)


def test_the_added_sentence_is_reported_and_nothing_else():
    groups = group_inputs(campaign_corpus())
    assert groups[0].additions == {6: [ADDED]}
    assert groups[0].as_json()["additions"] == {"6": [ADDED]}


def test_greetings_names_and_quotations_are_not_own_sentences():
    text = ('Dengan hormat,\nKami menolak pasal ini karena "biaya izin terlalu mahal bagi '
            'warga desa" kata mereka.\nTerima kasih.\nHormat kami,\nBudi Santoso')
    assert [s.text for s in own_sentences(text)] == [
        "Kami menolak pasal ini karena   kata mereka."]


def test_two_letters_of_one_organiser_with_different_asks_are_two_groups():
    opening = ["Kami dari Aliansi Pedagang Kaki Lima Paser menyampaikan masukan atas rancangan.",
               "Pedagang kaki lima adalah bagian penting dari perekonomian rakyat di daerah ini."]
    closing = ["Kami siap berdialog dengan pemerintah daerah untuk kebaikan bersama."]
    zone = ["Kami meminta zona berjualan pedagang kaki lima ditetapkan di sekitar alun-alun.",
            "Penertiban lapak tidak boleh dilakukan tanpa pemberitahuan tertulis tujuh hari."]
    permit = ["Kami meminta biaya izin usaha mikro dibebaskan selama dua tahun pertama.",
              "Pendaftaran izin usaha mikro harus bisa dilakukan secara daring tanpa calo."]
    texts = {}
    for n in range(1, 5):
        texts[n] = letter(opening + zone + closing, name=f"Anggota {n}")
        texts[n + 4] = letter(opening + permit + closing, name=f"Anggota {n + 4}")
    # A member who dropped one ask still belongs to their own letter, not the other one.
    texts[9] = letter(opening + zone[:1] + closing, name="Anggota 9")
    groups = group_inputs(texts)
    assert [g.inputs for g in groups] == [[1, 2, 3, 4, 9], [5, 6, 7, 8]]


def test_an_input_quoting_the_campaign_to_disagree_is_not_part_of_it():
    texts = campaign_corpus()
    texts[8] = ("Kami tidak sependapat dengan surat yang beredar yang menyatakan “"
                + " ".join(CAMPAIGN[1:3]) + "” Justru tarif baru diperlukan untuk memperbaiki "
                "atap dan saluran air pasar yang sudah rusak parah sejak lama.")
    # Without quotation marks: it repeats two campaign sentences and argues the opposite.
    texts[9] = (CAMPAIGN[1] + " " + CAMPAIGN[2] + " Kedua kalimat itu keliru menurut kami. "
                "Pedagang besar di pasar induk selama ini membayar terlalu sedikit dibanding "
                "pedagang kecil. Tarif baru perlu dibedakan menurut luas kios masing-masing.")
    groups = group_inputs(texts)
    assert groups[0].inputs == [1, 2, 3, 4, 5, 6]
    assert [8] in [g.inputs for g in groups] and [9] in [g.inputs for g in groups]


def test_every_input_in_exactly_one_group_largest_first_and_deterministic():
    texts = campaign_corpus()
    texts[8] = texts[7]  # the same sender twice
    first = group_inputs(texts)
    again = group_inputs(dict(reversed(list(texts.items()))))
    assert [g.as_json() for g in first] == [g.as_json() for g in again]
    numbers = [n for g in first for n in g.inputs]
    assert sorted(numbers) == sorted(texts) and len(numbers) == len(set(numbers))
    assert [len(g.inputs) for g in first] == sorted((len(g.inputs) for g in first), reverse=True)
    assert [7, 8] in [g.inputs for g in first]


def test_manual_changes_separate_and_join():
    texts = campaign_corpus()
    groups = group_inputs(texts, separated={3}, joined=[(7, 1)])
    assert [g.inputs for g in groups] == [[1, 2, 4, 5, 6, 7], [3]]
