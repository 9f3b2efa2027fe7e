//! Writes the seed corpus: real cards, statements of every kind, envelopes,
//! tokens and transcripts made with the crate's API, into
//! `seeds/<target>/` (relative to the fuzz crate). Deterministic: the keys
//! come from fixed bytes, Ed25519 signatures are deterministic and the
//! envelopes' HPKE ephemeral keys come from a seeded ChaCha20 generator.
//!
//! ```sh
//! cd fuzz && cargo run --release --example make_corpus
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use econtract::*;
use econtract_fuzz::{self as fx, AUDITOR, BANK, BUYER, CARRIER, INSURER, OFFER, Rec, SELLER, TSA, p, t};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

struct Out {
    dir: PathBuf,
    total: usize,
}

impl Out {
    fn put(&mut self, target: &str, name: &str, bytes: &[u8]) {
        let d = self.dir.join(target);
        fs::create_dir_all(&d).expect("mkdir");
        fs::write(d.join(name), bytes).expect("write seed");
        self.total += bytes.len();
    }
}

fn sign(from: usize, to: usize, at: u64, msg: impl Into<Message>, answers: &[StatementId]) -> Verified<Statement> {
    let mut b = Statement::build(p(from), p(to).card(), &fx::contract(), t(at), msg).proof_cards(&*fx::CARDS);
    for a in answers {
        b = b.answers(*a);
    }
    b.sign().expect("seed statement")
}

/// Statements beyond the trade: the formation kinds, and variants that
/// reach other decoding branches (copy holders, changes, drafts, nonces).
fn extra_statements() -> Vec<(&'static str, Verified<Statement>)> {
    let o = OFFER.id();
    let mut counter = fx::offer_body();
    counter.terms.price = Amount::new("USD", 9_000_000).unwrap();
    counter.lapse = None;
    counter.irrevocable = true;
    let changes = TermsChanges {
        goods: Some(vec![GoodsLine {
            description: "Robusta".into(),
            quantity: 10,
            unit: "TNE".into(),
        }]),
        price: Some(Amount::new("EUR", 1).unwrap()),
        incoterm: Some(Incoterm::Fob),
        place: Some("Santos".into()),
        payment: Some(PaymentClause {
            terms: PaymentTerms::DocumentsAgainstAcceptance,
            method: "draft at 60 days".into(),
        }),
        services: Some(vec![]),
        law: Some(Law {
            cisg: false,
            governing: "English law".into(),
        }),
    };
    let draft = Payment {
        amount: Amount::new("USD", 9_600_000).unwrap(),
        end_to_end_id: "DRAFT-1".into(),
        instrument: Instrument::AcceptedDraft,
        method: "bill of exchange".into(),
        is_final: false,
        maturity: Some(t(60 * 86_400)),
        on_behalf_of: None,
    };
    let copied = Statement::build(
        p(BUYER),
        p(SELLER).card(),
        &fx::contract(),
        t(3600),
        Acceptance::default(),
    )
    .answers(o)
    .copy_to(p(AUDITOR).card())
    .copy_to(p(BANK).card())
    .sign()
    .unwrap();
    vec![
        ("receipt", sign(BUYER, SELLER, 60, Receipt { received: t(30) }, &[o])),
        (
            "rejection",
            sign(
                BUYER,
                SELLER,
                120,
                Rejection {
                    reason: Some("price too high".into()),
                },
                &[o],
            ),
        ),
        ("revocation", sign(SELLER, BUYER, 120, Revocation::default(), &[o])),
        (
            "counter-offer",
            sign(BUYER, SELLER, 120, Message::CounterOffer(counter), &[o]),
        ),
        (
            "acceptance-changes",
            sign(
                BUYER,
                SELLER,
                3600,
                Acceptance {
                    changes: Some(changes),
                    note: Some("with changes".into()),
                },
                &[o],
            ),
        ),
        ("acceptance-cc", copied),
        (
            "confirmation",
            sign(
                SELLER,
                BUYER,
                4000,
                Confirmation {
                    note: Some("late acceptance confirmed".into()),
                },
                &[o],
            ),
        ),
        ("payment-draft", sign(BUYER, SELLER, 100_000, draft, &[o])),
        (
            "instruction-inspection",
            sign(
                BUYER,
                AUDITOR,
                7000,
                ServiceInstruction {
                    service: ServiceKind::Inspection,
                    task: "Inspect".into(),
                },
                &[o],
            ),
        ),
    ]
}

/// The dispute variants of the trade: the happy records with one change.
fn variants(happy: &[Rec]) -> Vec<(&'static str, Vec<Rec>)> {
    let mut out = Vec::new();
    // Title transferred before payment: move the transfer (and its token and
    // receipt) before the payment.
    let pos = |k: Kind| {
        happy
            .iter()
            .position(|r| matches!(r, Rec::St(s) if s.kind() == k))
            .unwrap()
    };
    let pay = pos(Kind::Payment);
    let xfer = pos(Kind::TitleTransfer);
    let mut v: Vec<Rec> = happy[..pay].to_vec();
    v.extend_from_slice(&happy[xfer..]);
    v.extend_from_slice(&happy[pay..xfer]);
    out.push(("title-before-payment", v));
    // Rejected offer: offer, receipt, rejection.
    let acc = pos(Kind::Acceptance);
    let mut v: Vec<Rec> = happy[..acc].to_vec();
    v.push(Rec::St(sign(BUYER, SELLER, 120, Rejection::default(), &[OFFER.id()])));
    out.push(("rejected", v));
    // Without the acceptance's token and receipt.
    let mut v: Vec<Rec> = happy[..=acc].to_vec();
    v.extend_from_slice(&happy[acc + 3..]);
    out.push(("no-acceptance-evidence", v));
    // Duplicate payment.
    let mut v = happy.to_vec();
    v.push(happy[pay].clone());
    out.push(("duplicate-payment", v));
    out
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"));
    let _ = fs::remove_dir_all(&dir);
    let mut out = Out { dir, total: 0 };
    let mut rng = ChaCha20Rng::seed_from_u64(0x5eed);

    // Cards: the cast, and a generated party with a long name.
    for (i, party) in fx::CAST.iter().enumerate() {
        out.put("card", &format!("card-{i}"), party.card().as_bytes());
    }
    let long = PartySecret::generate(&"N".repeat(128), t(1), &mut rng).unwrap();
    out.put("card", "card-long-name", long.card().as_bytes());

    // The trade and the extra statements.
    let happy = fx::happy_trade();
    let mut statements: Vec<(String, Verified<Statement>)> = Vec::new();
    let mut tokens = Vec::new();
    for r in &happy {
        match r {
            Rec::St(s) => statements.push((format!("trade-{:02}-{}", statements.len(), s.kind()), s.clone())),
            Rec::Tok(tok) => tokens.push(tok.clone()),
            Rec::Card(_) => {}
        }
    }
    for (name, s) in extra_statements() {
        statements.push((name.to_owned(), s));
    }
    for (name, s) in &statements {
        out.put("statement", name, s.as_bytes());
    }

    // Envelopes to the buyer: as recipient, as copy holder, as sender.
    for (name, s) in &statements {
        let me = p(BUYER).id();
        if s.recipient() == me || s.sender() == me || s.copies().contains(&me) {
            let env = seal(s, p(BUYER).card(), &mut rng).unwrap();
            out.put("envelope", name, &env);
        }
    }

    // Tokens: the trade's, one with a nonce, one from a party acting as an
    // authority, one with serial 0 at the latest time.
    for (i, tok) in tokens.iter().enumerate() {
        out.put("token", &format!("trade-{i:02}"), tok.as_bytes());
    }
    let mut a = fx::authority(TSA, 77, t(10)).with_accuracy(2);
    let tok = request_timestamp(&mut a, OFFER.id(), Some(&[7u8; 32])).unwrap();
    out.put("token", "nonce-accuracy", tok.as_bytes());
    let tok = fx::authority(CARRIER, u64::MAX - 1, UnixTime::MAX)
        .stamp(OFFER.id(), Some(b"n"))
        .unwrap();
    out.put("token", "party-authority", tok.as_bytes());

    // Receipt target: answers to the fixed offer, by the buyer and by others.
    let o = OFFER.id();
    for (name, by, to, at, received) in [
        ("buyer-30s", BUYER, SELLER, 60, 30),
        ("buyer-late", BUYER, SELLER, 30 * 86_400, 29 * 86_400),
        ("buyer-before-offer", BUYER, SELLER, 0, 0),
        ("seller-own", SELLER, BUYER, 60, 30),
        ("insurer", INSURER, SELLER, 60, 30),
    ] {
        let r = sign(by, to, at, Receipt { received: t(received) }, &[o]);
        out.put("receipt", &format!("receipt-{name}"), r.as_bytes());
    }
    for (name, s) in extra_statements() {
        if s.answers().contains(&o) {
            out.put("receipt", name, s.as_bytes());
        }
    }
    let acc = sign(BUYER, SELLER, 3600, Acceptance::default(), &[o]);
    out.put("receipt", "acceptance", acc.as_bytes());

    // Transcripts: the whole trade, prefixes, and variants.
    let full = fx::transcript_bytes(&happy);
    let report = audit(full.as_slice(), None, Policy::default(), |_| {}).unwrap();
    assert!(
        report.is_complete(),
        "the seed trade is complete: {:?}",
        report.findings
    );
    out.put("transcript", "trade-complete", &full);
    for cut in [6, 10, 20] {
        out.put(
            "transcript",
            &format!("trade-first-{cut}"),
            &fx::transcript_bytes(&happy[..cut]),
        );
    }
    for (name, recs) in variants(&happy) {
        let bytes = fx::transcript_bytes(&recs);
        audit(bytes.as_slice(), None, Policy::default(), |_| {}).expect("variant verifies");
        out.put("transcript", name, &bytes);
    }

    // Validator: inputs decoded by `arbitrary` (1.x). Hand-encoded: an enum
    // variant is a little-endian u32 scaled to the variant count, an Option
    // a byte whose low bit says Some, and each operation is preceded by a
    // byte whose low bit says there is one more. Each is decoded here and
    // checked.
    let variant = |i: u64, n: u64| (i << 32).div_ceil(n) as u32;
    let canned_range = |from: u8, to: u8| {
        let mut v = vec![1u8];
        v.extend(variant(1, 10).to_le_bytes());
        v.extend([from, to]);
        v
    };
    let mut all = vec![0u8]; // no policy: the default
    all.extend(canned_range(0, 255));
    let r = econtract_fuzz::validator_ops::run_bytes(&all).unwrap();
    assert!(r.is_complete(), "validator seed: {r:?}");
    out.put("validator", "trade-complete", &all);
    // The trade up to (not including) each of its statements but the first
    // and last: a starting point at every step, from which the fuzzer adds
    // its own statements.
    for (k, rec) in happy.iter().enumerate() {
        if !matches!(rec, Rec::St(_)) || k <= 6 || k + 1 >= happy.len() {
            continue;
        }
        let mut prefix = vec![0u8];
        prefix.extend(canned_range(0, k as u8 - 1));
        let r = econtract_fuzz::validator_ops::run_bytes(&prefix).unwrap();
        assert!(!r.is_complete(), "validator seed {k}: {r:?}");
        out.put("validator", &format!("trade-before-{k:02}"), &prefix);
    }

    println!("wrote {} bytes of seeds under {}", out.total, out.dir.display());
}
