"""Demo: inputs received offline on the demo regulation's open consultation (issue 16) — a
citizen's letter with its scan, a hearing (RDP) with its minutes, and a campaign of a dozen
letters from market traders, one of which adds a point of its own."""
from datetime import timedelta

from consult import clock
from consult.drafting.consultation import current_period
from consult.i18n import request_context
from consult.offline import records

# A one-page PDF (the "scan"): valid enough for any PDF reader to open.
SCAN = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        b"4 0 obj<</Length 60>>stream\nBT /F1 14 Tf 72 770 Td (Pindaian surat warga - demo) Tj ET"
        b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n")

CAMPAIGN = [
    "Kami para pedagang Pasar Induk Penyembolum menyampaikan keberatan atas rancangan ini.",
    "Kewajiban memasang papan informasi digital di setiap kios sangat membebani pedagang kecil.",
    "Kami meminta kewajiban itu diganti dengan satu papan informasi bersama di pintu pasar.",
    "Kami berharap suara pedagang kecil didengar dalam penyusunan peraturan ini.",
]
SENDERS = ["Hj. Rahmawati", "Samsul Bahri", "Yuliani", "Made Arsana", "Ahmad Fauzi",
           "Sri Wahyuni", "La Ode Hasan", "Fransiska", "Iwan Setiawan", "Nurhayati",
           "Darmawan", "Siti Rohana"]
GREETINGS = ["Dengan hormat,", "Yth. Tim Penyusun,", "Assalamualaikum wr. wb.", "Salam,"]
ADDED = ("Di blok C Pasar Penyembolum listrik sering padam sehingga papan digital tidak akan "
         "menyala sepanjang hari.")


def _letter(index):
    sentences = list(CAMPAIGN)
    if index % 4 == 1:  # some reorder and reword, as people do with a form letter
        sentences[1], sentences[2] = sentences[2], sentences[1]
    if index % 5 == 2:
        sentences[1] = sentences[1].replace("membebani", "memberatkan")
    if index == 6:
        sentences.insert(3, ADDED)
    # The senders' names are in the record, not in the text: the public sees them as "Warga".
    return "\n".join([GREETINGS[index % len(GREETINGS)], *sentences, "Hormat saya,",
                      f"Pedagang Blok {'ABCD'[index % 4]}"])


def load(context):
    regulation = context.get("regulation")
    if regulation is None:
        return
    with request_context():
        _load(context, regulation)


def _load(context, regulation):
    period = current_period(regulation)
    if period is None:
        return
    first, last = records.period_dates(period)
    day = min(last, clock.to_local(clock.now()).date())
    if day < first:
        return
    drafter = context["users"]["drafter"]
    earlier = max(first, day - timedelta(days=3))
    letter = records.record(drafter, regulation, records.OfflineFields(
        sender_name="Ibu Marlina", channel="surat", received_on=earlier, pasal="3",
        category="pertanyaan",
        body="Saya berjualan sayur di Pasar Senaken. Apakah pedagang yang tidak punya telepon "
             "pintar tetap dapat menerima informasi harga dari pemerintah daerah?"),
        records.Attachment("surat-marlina.pdf", SCAN, public=False))
    records.record(drafter, regulation, records.OfflineFields(
        sender_name="Ketua Paguyuban Nelayan Tanjung Aru", channel="rdp", received_on=earlier,
        organisation_text="Paguyuban Nelayan Tanjung Aru", category="keberatan",
        body="Dalam rapat dengar pendapat, paguyuban meminta agar informasi cuaca dan harga ikan "
             "juga diumumkan melalui radio komunitas, karena sinyal di pesisir lemah."),
        records.Attachment("notulen-rdp.pdf", SCAN, public=True))
    campaign = [records.record(drafter, regulation, records.OfflineFields(
        sender_name=SENDERS[i], channel="surat", received_on=day, category="keberatan",
        body=_letter(i))) for i in range(len(SENDERS))]
    context["offline_letter"] = letter
    context["campaign"] = campaign
