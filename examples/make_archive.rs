//! Writes an auditor's archive for auditing at scale: many complete, legitimate CIF contracts
//! among a fixed cast of recurring parties.
//!
//! ```sh
//! cargo run --release --example make_archive -- DIR N [--seed S] [--workers W] [--force]
//! ```
//!
//! - `DIR/transcripts/<contract-id>.ect`: N transcripts, all in one directory (`econtract audit
//!   DIR/transcripts` reads the `*.ect` files of one directory), contract ids
//!   `EC-<year>-<7 digits>` so that the names sort in contract order. Each is the seven-step
//!   contract of `examples/international_trade` (CIF, documents against payment, direct
//!   channel) as the seller archives it: offer, acceptance, service instructions to a carrier and
//!   an insurer, their proofs, the performance notice carrying both proofs, payment (by the
//!   buyer's bank, or by the buyer), the title transfer of the electronic bill of lading to the
//!   buyer; receipts of the offer, acceptance, notice, payment and transfer; a time-stamp token
//!   after every statement but the receipts. That is 14 statements, 9 tokens and 6 cards
//!   (seller, buyer, carrier, insurer, buyer's bank, authority) per transcript.
//! - `DIR/cards/<role>-<nn>.card`: the 55 cards of the cast (20 sellers, 20 buyers, 5 carriers,
//!   4 insurers, 4 banks, 2 time-stamp authorities), as `econtract audit --trust` reads them.
//!   The same card bytes recur in thousands of transcripts.
//!
//! Everything derives from the seed (default 1): the keys (`PartySecret::from_secrets`, from the
//! seed and the party's index) and each contract's parties, goods, prices, currencies, times and
//! references (from the seed and the contract's number); the same N, seed and worker count give
//! the same bytes. Contract `i` starts about `7 i` minutes after 2026-01-05T08:00:00Z and takes
//! about five days. Statements are signed directly with the library (no sessions, no sealing: a
//! transcript holds signed statements, not envelopes) on W threads (default 2) writing disjoint
//! files. Each worker runs its own `LocalAuthority` for each authority, with serials from
//! `9 * its first contract + 1`, so no authority issues a serial twice across the archive
//! (`TIME-SERIAL`); only the serials depend on W.
//!
//! It refuses to write if `DIR/transcripts` or `DIR/cards` holds any file, unless `--force`,
//! which first removes the `*.ect` files of the one and the `*.card` files of the other. After
//! writing it audits the first transcript in-process, as a check, and prints the time taken and
//! the totals. The audit figure (71,429 contracts, 1,000,006 statements, about 840 MB):
//!
//! ```sh
//! cargo run --release --example make_archive -- /tmp/arch1m 71429
//! cargo build --release --features cli --bin econtract
//! /usr/bin/time -v target/release/econtract audit /tmp/arch1m/transcripts --trust /tmp/arch1m/cards >/dev/null
//! ```
//!
//! (exit status 0: every contract completed, with no findings).

use std::error::Error;
use std::fs;
use std::io::BufWriter;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use econtract::*;

type Res<T> = Result<T, Box<dyn Error + Send + Sync>>;
type Signed = Verified<Statement>;

/// Statements, tokens and cards in each transcript.
const STATEMENTS: u64 = 14;
const TOKENS: u64 = 9;
const CARDS: u64 = 6;
/// 2026-01-05T08:00:00Z: the first contract's offer (before its jitter).
const BASE: u64 = 1_767_600_000;
/// 2025-12-01T00:00:00Z: when every card of the cast was made.
const CARDS_MADE: u64 = 1_764_547_200;
/// Seconds between the starts of consecutive contracts (plus up to 5 minutes).
const STEP: u64 = 420;
const MINUTE: u64 = 60;
const HOUR: u64 = 3600;
const DAY: u64 = 86_400;
/// The largest N: contract numbers have 7 digits.
const MAX_CONTRACTS: u64 = 9_999_999;

/// Sellers: name, port of loading, commodity (index into `COMMODITIES`).
const SELLERS: [(&str, &str, usize); 20] = [
    ("Santos Coffee Exports Ltda", "Santos", 0),
    ("Abidjan Cocoa Trading SA", "Abidjan", 1),
    ("Karachi Cotton Mills Ltd", "Karachi", 2),
    ("Port Klang Rubber Sdn Bhd", "Port Klang", 3),
    ("Tema Cashew Processors Ltd", "Tema", 4),
    ("Mombasa Coffee Growers Ltd", "Mombasa", 0),
    ("San Pedro Cocoa Cooperative", "San Pedro", 1),
    ("Izmir Cotton Exporters AS", "Izmir", 2),
    ("Laem Chabang Rubber Co Ltd", "Laem Chabang", 3),
    ("Cotonou Cashew Exports SARL", "Cotonou", 4),
    ("Saigon Coffee Trading JSC", "Ho Chi Minh City", 0),
    ("Douala Cocoa Exporters SA", "Douala", 1),
    ("Houston Cotton Merchants Inc", "Houston", 2),
    ("Belawan Rubber Estates PT", "Belawan", 3),
    ("Bissau Cashew Traders Lda", "Bissau", 4),
    ("Cartagena Coffee Federation SA", "Cartagena", 0),
    ("Lagos Cocoa Marketing Ltd", "Lagos", 1),
    ("Alexandria Cotton Company SAE", "Alexandria", 2),
    ("Colombo Rubber Exports PLC", "Colombo", 3),
    ("Mtwara Cashew Board Ltd", "Mtwara", 4),
];
/// Buyers: name, port of destination (the CIF place), currency of the price.
const BUYERS: [(&str, &str, &str); 20] = [
    ("Rotterdam Roasters BV", "Rotterdam", "EUR"),
    ("Hamburg Kaffee Import GmbH", "Hamburg", "EUR"),
    ("Antwerp Commodities NV", "Antwerp", "EUR"),
    ("Le Havre Negoce SA", "Le Havre", "EUR"),
    ("Genova Trading SpA", "Genoa", "EUR"),
    ("Barcelona Importaciones SL", "Barcelona", "EUR"),
    ("Felixstowe Foods Ltd", "Felixstowe", "GBP"),
    ("Gdansk Food Processing SA", "Gdansk", "EUR"),
    ("Gothenburg Livsmedel AB", "Gothenburg", "EUR"),
    ("New York Commodity Buyers Inc", "New York", "USD"),
    ("Savannah Textile Mills LLC", "Savannah", "USD"),
    ("Los Angeles Imports Inc", "Los Angeles", "USD"),
    ("Yokohama Shoji KK", "Yokohama", "USD"),
    ("Busan Trading Co Ltd", "Busan", "USD"),
    ("Shanghai Import and Export Co Ltd", "Shanghai", "USD"),
    ("Singapore Commodities Pte Ltd", "Singapore", "USD"),
    ("Jebel Ali Trading LLC", "Jebel Ali", "USD"),
    ("Mumbai Processors Pvt Ltd", "Nhava Sheva", "USD"),
    ("Melbourne Foods Pty Ltd", "Melbourne", "USD"),
    ("Montreal Importers Inc", "Montreal", "USD"),
];
/// Carriers: name, the prefix of their bills of lading.
const CARRIERS: [(&str, &str); 5] = [
    ("Atlantic Ocean Lines SA", "AOL"),
    ("Pacific Star Shipping Ltd", "PSS"),
    ("Nordic Container Line AS", "NCL"),
    ("Meridian Maritime SpA", "MMS"),
    ("Southern Cross Carriers Pty Ltd", "SCC"),
];
const INSURERS: [&str; 4] = [
    "Marine Cargo Insurance plc",
    "Harbour Mutual Assurance SA",
    "Continental Cargo Underwriters AG",
    "Oceanic Marine Insurance Ltd",
];
const BANKS: [&str; 4] = [
    "Handelsbank Rotterdam NV",
    "Banque Commerciale du Nord SA",
    "First Atlantic Trade Bank",
    "Asia Pacific Trade Bank Ltd",
];
const AUTHORITIES: [&str; 2] = ["Trusted Time-Stamping Ltd", "Qualified Time-Stamp Service"];
/// Commodities: description, price range per kilogram in minor units.
const COMMODITIES: [(&str, u64, u64); 5] = [
    ("Arabica green coffee beans, grade 2, crop 2025/26", 400, 600),
    ("Cocoa beans, main crop, fermented, grade I", 600, 900),
    ("Raw cotton, middling 1-1/8 inch, crop 2025", 150, 220),
    ("Natural rubber, TSR 20, bales of 35 kg", 150, 200),
    ("Raw cashew nuts in shell, outturn 48 lbs", 100, 160),
];

/// Where each role starts in the cast (its party indices are consecutive).
const SELLER0: usize = 0;
const BUYER0: usize = SELLER0 + SELLERS.len();
const CARRIER0: usize = BUYER0 + BUYERS.len();
const INSURER0: usize = CARRIER0 + CARRIERS.len();
const BANK0: usize = INSURER0 + INSURERS.len();
const TSA0: usize = BANK0 + BANKS.len();
const CAST_SIZE: usize = TSA0 + AUTHORITIES.len();

/// Party `k` of the cast: its name and card file name.
fn cast_member(k: usize) -> (&'static str, String) {
    let (name, role, n) = match k {
        _ if k < BUYER0 => (SELLERS[k - SELLER0].0, "seller", k - SELLER0),
        _ if k < CARRIER0 => (BUYERS[k - BUYER0].0, "buyer", k - BUYER0),
        _ if k < INSURER0 => (CARRIERS[k - CARRIER0].0, "carrier", k - CARRIER0),
        _ if k < BANK0 => (INSURERS[k - INSURER0], "insurer", k - INSURER0),
        _ if k < TSA0 => (BANKS[k - BANK0], "bank", k - BANK0),
        _ => (AUTHORITIES[k - TSA0], "tsa", k - TSA0),
    };
    (name, format!("{role}-{:02}.card", n + 1))
}

/// Party `k` of the cast, its keys derived from the seed and `k`.
fn party(seed: u64, k: usize) -> Res<PartySecret> {
    let secret =
        |what: &str| *Digest::of(format!("econtract make_archive {what} key {seed} {k}").as_bytes()).as_bytes();
    let made = UnixTime::from_secs(CARDS_MADE).ok_or("time")?;
    Ok(PartySecret::from_secrets(
        cast_member(k).0,
        &secret("signing"),
        &secret("encryption"),
        made,
    )?)
}

/// A deterministic generator (SplitMix64), one stream per contract.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, contract: u64) -> Rng {
        let mut r = Rng(seed ^ 0x6a09_e667_f3bc_c908);
        r.0 ^= r.next().wrapping_add(contract.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `lo..hi` (`hi > lo`).
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo)
    }
    /// An index below `n`.
    fn pick(&mut self, n: usize) -> usize {
        self.range(0, n as u64) as usize
    }
}

/// An authority's clock, set before each token.
struct At(u64);

impl Clock for At {
    fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.0).unwrap_or(UnixTime::MAX)
    }
}

fn time(secs: u64) -> Res<UnixTime> {
    Ok(UnixTime::from_secs(secs).ok_or("a time after 9999")?)
}

/// What was written.
#[derive(Default, Clone, Copy)]
struct Totals {
    transcripts: u64,
    statements: u64,
    tokens: u64,
    cards: u64,
    bytes: u64,
}

impl Totals {
    fn add(&mut self, o: Totals) {
        self.transcripts += o.transcripts;
        self.statements += o.statements;
        self.tokens += o.tokens;
        self.cards += o.cards;
        self.bytes += o.bytes;
    }
}

/// The whole cast, every party's secret and card.
struct Cast {
    parties: Vec<PartySecret>,
    cards: CardSet,
}

/// One transcript being written: statements signed, stamped and appended.
struct Writer<'a> {
    out: TranscriptWriter<BufWriter<fs::File>>,
    contract: ContractId,
    cast: &'a Cast,
    tsa: &'a mut LocalAuthority<At>,
    rng: Rng,
    totals: Totals,
}

impl Writer<'_> {
    /// Signs `message` from party `from` to party `to` at `at`, answering
    /// `answers`; appends it and, unless it is a receipt, the authority's
    /// token a few seconds later.
    fn send(&mut self, from: usize, to: usize, at: u64, m: impl Into<Message>, ans: &[StatementId]) -> Res<Signed> {
        let (sender, to) = (&self.cast.parties[from], self.cast.parties[to].card());
        let mut b = Statement::build(sender, to, &self.contract, time(at)?, m).proof_cards(&self.cast.cards);
        for a in ans {
            b = b.answers(*a);
        }
        let st = b.sign()?;
        self.out.statement(&st)?;
        self.totals.statements += 1;
        if st.kind() != Kind::Receipt {
            self.tsa.clock_mut().0 = at + self.rng.range(1, 4);
            let token = self.tsa.stamp(st.id(), None)?;
            self.out.token(&token)?;
            self.totals.tokens += 1;
        }
        Ok(st)
    }

    /// Party `by` receipts `what` (sent to it by `to`): received `delay`
    /// seconds after it was signed, the receipt signed soon after.
    fn receipt(&mut self, by: usize, to: usize, what: &Statement, delay: Range<u64>) -> Res<()> {
        let received = what.time().as_secs() + self.rng.range(delay.start, delay.end);
        let signed = received + self.rng.range(1, 120);
        let body = Receipt {
            received: time(received)?,
        };
        self.send(by, to, signed, body, &[what.id()])?;
        Ok(())
    }
}

/// Writes contract `i` to `dir`, stamped by the worker's authorities.
fn write_contract(i: u64, seed: u64, cast: &Cast, tsas: &mut [LocalAuthority<At>], dir: &Path) -> Res<Totals> {
    let mut r = Rng::new(seed, i);
    let start = BASE + i * STEP + r.range(0, 5 * MINUTE);
    let (s, b) = (r.pick(SELLERS.len()), r.pick(BUYERS.len()));
    let (c, n, k) = (r.pick(CARRIERS.len()), r.pick(INSURERS.len()), r.pick(BANKS.len()));
    let a = r.pick(AUTHORITIES.len());
    let bank_pays = r.range(0, 4) != 0;
    let (seller, buyer, carrier, insurer, bank) = (SELLER0 + s, BUYER0 + b, CARRIER0 + c, INSURER0 + n, BANK0 + k);
    let (_, origin, commodity) = SELLERS[s];
    let (_, destination, currency) = BUYERS[b];
    let (goods, lo, hi) = COMMODITIES[commodity];
    let year = time(start)?.to_rfc3339()[..4].to_owned();
    let number = format!("{year}-{i:07}");
    let contract = ContractId::new(&format!("EC-{number}"))?;
    let path = dir.join(format!("{contract}.ect"));
    let file = fs::File::create_new(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let out = TranscriptWriter::create(BufWriter::with_capacity(32 * 1024, file), &contract)?;
    let mut w = Writer {
        out,
        contract,
        cast,
        tsa: &mut tsas[a],
        rng: Rng::new(seed ^ 0x5eed, i),
        totals: Totals::default(),
    };
    for p in [seller, buyer, carrier, insurer, bank, TSA0 + a] {
        w.out.card(cast.parties[p].card())?;
        w.totals.cards += 1;
    }
    let id = |p: usize| cast.parties[p].id();

    // 1. The offer, and the buyer's receipt.
    let quantity = r.range(100, 251) * 100;
    let price = Amount::new(currency, quantity * r.range(lo, hi + 1))?;
    let terms = Terms {
        seller: id(seller),
        buyer: id(buyer),
        goods: vec![GoodsLine {
            description: goods.into(),
            quantity,
            unit: "KGM".into(),
        }],
        price,
        incoterm: Incoterm::Cif,
        place: destination.into(),
        payment: PaymentClause {
            terms: PaymentTerms::DocumentsAgainstPayment,
            method: "SWIFT gpi credit transfer, through the buyer's bank".into(),
            channel: Channel::Direct,
            tenor_days: None,
            buyer_bank: Some(id(bank)),
            seller_bank: None,
        },
        documents: vec![
            DocumentRequirement {
                document_type: DocumentType::BillOfLading,
                issuer: id(carrier),
                title: true,
            },
            DocumentRequirement {
                document_type: DocumentType::InsuranceDocument,
                issuer: id(insurer),
                title: false,
            },
        ],
        shipment: Shipment {
            partial: false,
            latest: Some(time(start + 21 * DAY)?),
        },
        law: Law {
            cisg: true,
            governing: "CISG; otherwise English law; arbitration under the LCIA Rules, London".into(),
        },
    };
    let offer = Offer {
        terms,
        lapse: Some(time(start + 7 * DAY)?),
        irrevocable: false,
    };
    let offer = w.send(seller, buyer, start, offer, &[])?;
    w.receipt(buyer, seller, &offer, MINUTE..15 * MINUTE)?;

    // 2. The acceptance, time-stamped, and the seller's receipt.
    let accepted = start + r.range(2 * HOUR, 48 * HOUR);
    let acceptance = Acceptance {
        note: Some("Accepted as offered.".into()),
        ..Acceptance::default()
    };
    let acceptance = w.send(buyer, seller, accepted, acceptance, &[offer.id()])?;
    w.receipt(seller, buyer, &acceptance, 30..5 * MINUTE)?;

    // 3. The seller instructs the carrier and the insurer (CIF).
    let instructed = accepted + r.range(HOUR, 6 * HOUR);
    let task = format!(
        "Carry {quantity} KGM {goods} from {origin} to {destination}; issue a negotiable electronic bill of lading to the seller"
    );
    let carriage = ServiceInstruction {
        service: ServiceKind::Carriage,
        task,
    };
    let carriage = w.send(seller, carrier, instructed, carriage, &[acceptance.id()])?;
    let insurance = ServiceInstruction {
        service: ServiceKind::Insurance,
        task: "Insure the cargo on Institute Cargo Clauses (A) for 110% of the CIF value".into(),
    };
    let insured_at = instructed + r.range(10 * MINUTE, HOUR);
    let insurance = w.send(seller, insurer, insured_at, insurance, &[acceptance.id()])?;

    // 4. The insurance certificate, then the bill of lading.
    let covered = insured_at + r.range(DAY, 2 * DAY);
    let cover = Amount::new(currency, (price.minor * 11).div_ceil(10))?;
    let certificate = format!("MC-{number}");
    let text = format!(
        "INSURANCE CERTIFICATE {certificate}: ICC (A), {currency} {}, warehouse to warehouse",
        cover.minor
    );
    let proof = ServiceProof {
        document: Document {
            document_type: DocumentType::InsuranceDocument,
            id: certificate,
            digest: Digest::of(text.as_bytes()),
            issued_to: id(seller),
            title: false,
            issued: time(covered)?,
        },
        facts: Facts::Insurance {
            insured: cover,
            cover_from: time(covered)?,
        },
        comment: Some("Institute Cargo Clauses (A)".into()),
    };
    let insured = w.send(insurer, seller, covered, proof, &[insurance.id()])?;
    let shipped_at = covered + r.range(HOUR, 12 * HOUR);
    let bill = format!("{}-{number}", CARRIERS[c].1);
    let text = format!("ELECTRONIC BILL OF LADING {bill}: {quantity} KGM {goods}, shipped on board at {origin}");
    let bill = DocumentRef {
        id: bill,
        digest: Digest::of(text.as_bytes()),
    };
    let proof = ServiceProof {
        document: Document {
            document_type: DocumentType::BillOfLading,
            id: bill.id.clone(),
            digest: bill.digest,
            issued_to: id(seller),
            title: true,
            issued: time(shipped_at)?,
        },
        facts: Facts::Carriage {
            quantities: vec![quantity],
            shipped: time(shipped_at)?,
            clean: true,
        },
        comment: Some(format!("Shipped on board at {origin}, bound for {destination}")),
    };
    let shipped = w.send(carrier, seller, shipped_at, proof, &[carriage.id()])?;

    // 5. The performance notice carrying both proofs, and the buyer's receipt.
    let notified = shipped_at + r.range(HOUR, 6 * HOUR);
    let notice = PerformanceNotice {
        due: price,
        proofs: vec![insured.clone().into_inner(), shipped.clone().into_inner()],
    };
    let notice = w.send(seller, buyer, notified, notice, &[insured.id(), shipped.id()])?;
    w.receipt(buyer, seller, &notice, 5..10 * MINUTE)?;

    // 6. Payment by the buyer's bank (or the buyer), and the seller's receipt.
    let paid = notified + r.range(4 * HOUR, 3 * DAY);
    let (payer, role) = if bank_pays {
        (bank, PayerRole::BuyerBank)
    } else {
        (buyer, PayerRole::Buyer)
    };
    let uetr = Digest::of(format!("econtract make_archive uetr {seed} {i}").as_bytes());
    let payment = Payment {
        amount: price,
        end_to_end_id: format!("E2E-{number}"),
        uetr: Uetr::from_random(uetr.as_bytes()[..16].try_into()?),
        instrument: Instrument::FundsTransfer,
        method: "SWIFT gpi pacs.008".into(),
        is_final: true,
        payer: role,
        maturity: None,
        tenor_days: None,
    };
    let payment = w.send(payer, seller, paid, payment, &[notice.id()])?;
    w.receipt(seller, payer, &payment, 10..10 * MINUTE)?;

    // 7. The seller transfers the bill of lading to the buyer, who receipts it.
    let transferred = paid + r.range(30 * MINUTE, 4 * HOUR);
    let title = TitleTransfer { document: bill };
    let title = w.send(seller, buyer, transferred, title, &[shipped.id(), payment.id()])?;
    w.receipt(buyer, seller, &title, 2..5 * MINUTE)?;

    w.totals.bytes = w.out.bytes_written();
    w.totals.transcripts = 1;
    w.out.finish()?;
    Ok(w.totals)
}

/// One worker: contracts `range`, its own authorities, serials from `9 * range.start + 1`.
fn worker(range: Range<u64>, seed: u64, cast: &Cast, dir: &Path, report: bool) -> Res<Totals> {
    let first_serial = range.start * TOKENS + 1;
    let mut tsas = Vec::new();
    for a in 0..AUTHORITIES.len() {
        tsas.push(LocalAuthority::new(party(seed, TSA0 + a)?, At(0), first_serial).with_accuracy(1));
    }
    let mut totals = Totals::default();
    let step = (range.end - range.start).div_ceil(10).max(1);
    for (done, i) in range.clone().enumerate() {
        totals.add(write_contract(i, seed, cast, &mut tsas, dir)?);
        if report && range.end - range.start >= 1000 && (done as u64 + 1).is_multiple_of(step) {
            eprintln!("  worker 0: {}/{} contracts", done + 1, range.end - range.start);
        }
    }
    Ok(totals)
}

/// DIR, N, the seed, the worker count, `--force`.
fn parse_args() -> Res<(PathBuf, u64, u64, u64, bool)> {
    let usage = "usage: make_archive DIR N [--seed S] [--workers W] [--force]";
    let mut pos = Vec::new();
    let (mut seed, mut workers, mut force) = (1u64, 2u64, false);
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => seed = it.next().ok_or(usage)?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--workers" => workers = it.next().ok_or(usage)?.parse().map_err(|e| format!("--workers: {e}"))?,
            "--force" => force = true,
            "-h" | "--help" => return Err(usage.into()),
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{usage}").into()),
            _ => pos.push(a),
        }
    }
    let [dir, n] = <[String; 2]>::try_from(pos).map_err(|_| usage)?;
    let n: u64 = n.parse().map_err(|e| format!("N: {e}\n{usage}"))?;
    if n == 0 || n > MAX_CONTRACTS {
        return Err(format!("N must be 1 to {MAX_CONTRACTS}").into());
    }
    if workers == 0 || workers > 256 {
        return Err("--workers must be 1 to 256".into());
    }
    Ok((dir.into(), n, seed, workers.min(n), force))
}

/// Creates `dir`; refuses if it holds any file, unless `force`, which
/// removes its `*.ext` files first.
fn prepare(dir: &Path, ext: &str, force: bool) -> Res<()> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut held = 0;
    for entry in fs::read_dir(dir)? {
        let p = entry?.path();
        if force && p.extension().is_some_and(|x| x == ext) {
            fs::remove_file(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        } else {
            held += 1;
        }
    }
    match held {
        0 => Ok(()),
        _ if force => Err(format!("{} holds {held} files other than *.{ext}; refusing", dir.display()).into()),
        _ => Err(format!("{} holds {held} files; refusing (--force replaces them)", dir.display()).into()),
    }
}

fn main() -> Res<()> {
    let (dir, n, seed, workers, force) = parse_args()?;
    let (transcripts, cards_dir) = (dir.join("transcripts"), dir.join("cards"));
    prepare(&transcripts, "ect", force)?;
    prepare(&cards_dir, "card", force)?;
    let started = Instant::now();

    let mut parties = Vec::new();
    let mut card_bytes = 0;
    for k in 0..CAST_SIZE {
        let p = party(seed, k)?;
        let path = cards_dir.join(cast_member(k).1);
        fs::write(&path, p.card().as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        card_bytes += p.card().as_bytes().len();
        parties.push(p);
    }
    let cards: CardSet = parties.iter().map(|p| p.card().clone()).collect();
    if cards.len() != CAST_SIZE {
        return Err("two cast members share a card".into());
    }
    let cast = Cast { parties, cards };
    println!(
        "Writing {n} contracts (seed {seed}) to {} with {workers} workers",
        transcripts.display()
    );

    let share = n.div_ceil(workers);
    let mut totals = Totals::default();
    std::thread::scope(|scope| -> Res<()> {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let range = (w * share).min(n)..((w + 1) * share).min(n);
                let (cast, dir) = (&cast, &transcripts);
                scope.spawn(move || worker(range, seed, cast, dir, w == 0))
            })
            .collect();
        for h in handles {
            totals.add(h.join().map_err(|_| "a worker panicked")??);
        }
        Ok(())
    })?;
    let elapsed = started.elapsed();

    // A check: the first contract audits as completed, with no findings.
    let first = fs::read_dir(&transcripts)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ect"))
        .min()
        .ok_or("no transcript written")?;
    let input = std::io::BufReader::new(fs::File::open(&first)?);
    let report = audit(input, Some(&cast.cards), Policy::default(), |_| {})?;
    if !report.is_complete() {
        let why = format!("{:?}, findings {:?}", report.status, report.findings);
        return Err(format!("{}: {why}", first.display()).into());
    }

    let Totals {
        transcripts: tr,
        statements: st,
        tokens: tk,
        cards: cr,
        bytes,
    } = totals;
    if (tr, st, tk, cr) != (n, n * STATEMENTS, n * TOKENS, n * CARDS) {
        return Err("the totals are not what every contract should have".into());
    }
    let secs = elapsed.as_secs_f64();
    let (rate, records, mb) = (n as f64 / secs, st + tk + cr, bytes as f64 / 1e6);
    println!(
        "Wrote in {secs:.1} s ({rate:.0} contracts/s):\n  \
         transcripts:  {tr}\n  \
         statements:   {st}\n  \
         tokens:       {tk}\n  \
         card records: {cr} (of {CAST_SIZE} distinct cards)\n  \
         records:      {records}\n  \
         bytes:        {bytes} in transcripts ({mb:.1} MB), {card_bytes} in {CAST_SIZE} card files"
    );
    let name = first.file_name().unwrap_or_default().to_string_lossy();
    let (d, c) = (transcripts.display(), cards_dir.display());
    println!("Checked {name}: {:?}, no findings. Audit them all with:", report.status);
    println!("  econtract audit {d} --trust {c} > /dev/null");
    Ok(())
}
