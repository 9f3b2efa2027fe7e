//! Fixed parties, contract and messages shared by the fuzz targets and by
//! the seed-corpus generator (`examples/make_corpus.rs`).
//!
//! Every key is derived from a fixed byte (`PartySecret::from_secrets(name,
//! &[n; 32], &[n + 100; 32], T0)`, as in `tests/common`), and Ed25519
//! signatures are deterministic, so every statement built here has the same
//! bytes and id in every run: seeds written by `make_corpus` verify against
//! the cards the targets build.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::LazyLock;

use econtract::*;

pub mod validator_ops;

/// 2026-03-01T09:00:00Z, the creation time of every card.
pub const T0: u64 = 1_772_355_600;

/// `T0 + secs`.
pub fn t(secs: u64) -> UnixTime {
    UnixTime::from_secs(T0 + secs).expect("in range")
}

/// The contract every fixture belongs to.
pub fn contract() -> ContractId {
    ContractId::new("EC-2026-0042").expect("valid contract id")
}

/// Another contract, for cross-contract statements.
pub fn other_contract() -> ContractId {
    ContractId::new("EC-2026-9999").expect("valid contract id")
}

/// The parties' names; party `i` has key byte `i + 1`.
pub const NAMES: [&str; 7] = [
    "Seller Ltd",
    "Buyer GmbH",
    "Ocean Carrier SA",
    "Marine Insurer plc",
    "Buyer's Bank AG",
    "Time-Stamp Authority",
    "Auditor LLP",
];
pub const SELLER: usize = 0;
pub const BUYER: usize = 1;
pub const CARRIER: usize = 2;
pub const INSURER: usize = 3;
pub const BANK: usize = 4;
pub const TSA: usize = 5;
pub const AUDITOR: usize = 6;

/// Party `i` (0 to 6) with its fixed keys, made afresh.
pub fn party(i: usize) -> PartySecret {
    let n = i as u8 + 1;
    PartySecret::from_secrets(NAMES[i], &[n; 32], &[n + 100; 32], t(0)).expect("fixed party")
}

/// The seven parties, made once.
pub static CAST: LazyLock<Vec<PartySecret>> = LazyLock::new(|| (0..NAMES.len()).map(party).collect());

/// Every party's card.
pub static CARDS: LazyLock<CardSet> = LazyLock::new(|| CAST.iter().map(|p| p.card().clone()).collect());

/// Party `i` from the shared cast.
pub fn p(i: usize) -> &'static PartySecret {
    &CAST[i % CAST.len()]
}

/// The contract terms of the seven-step trade (CIF, documents against
/// payment, a carrier and an insurer).
pub fn terms() -> Terms {
    Terms {
        seller: p(SELLER).id(),
        buyer: p(BUYER).id(),
        goods: vec![GoodsLine {
            description: "Arabica green coffee beans, grade 1, crop 2025".into(),
            quantity: 19_200,
            unit: "KGM".into(),
        }],
        price: Amount::new("USD", 9_600_000).expect("amount"),
        incoterm: Incoterm::Cif,
        place: "Rotterdam".into(),
        payment: PaymentClause {
            terms: PaymentTerms::DocumentsAgainstPayment,
            method: "SWIFT credit transfer through the buyer's bank".into(),
        },
        services: vec![
            Service {
                provider: p(CARRIER).id(),
                service: ServiceKind::Carriage,
                task: "Carry one 20ft container from Santos to Rotterdam".into(),
            },
            Service {
                provider: p(INSURER).id(),
                service: ServiceKind::Insurance,
                task: "Institute Cargo Clauses (A), 110% of the price".into(),
            },
        ],
        law: Law {
            cisg: true,
            governing: "CISG; arbitration under the Vienna Rules".into(),
        },
    }
}

/// The offer body of the trade: lapses after seven days.
pub fn offer_body() -> Offer {
    Offer {
        terms: terms(),
        lapse: Some(t(7 * 86_400)),
        irrevocable: false,
    }
}

/// The fixed, valid offer from the seller to the buyer, signed at `T0`.
pub static OFFER: LazyLock<Verified<Statement>> = LazyLock::new(|| {
    Statement::build(p(SELLER), p(BUYER).card(), &contract(), t(0), offer_body())
        .sign()
        .expect("fixed offer")
});

/// The electronic bill of lading the carrier issues to the seller.
pub fn bill_of_lading() -> TitleDocument {
    TitleDocument {
        document_type: DocumentType::BillOfLading,
        id: "OCSA-SSZ-RTM-000123".into(),
        digest: Digest::of(b"electronic bill of lading OCSA-SSZ-RTM-000123"),
        holder: p(SELLER).id(),
    }
}

/// A reference to the bill of lading.
pub fn bill_ref() -> DocumentRef {
    let b = bill_of_lading();
    DocumentRef {
        id: b.id,
        digest: b.digest,
    }
}

/// A clock that returns whatever time it is set to.
pub type FixedClock = Box<dyn Fn() -> UnixTime>;

/// An in-process authority signing with party `i`'s key, whose next token
/// has serial `serial` and time `at`.
pub fn authority(i: usize, serial: u64, at: UnixTime) -> LocalAuthority<FixedClock> {
    LocalAuthority::new(party(i), Box::new(move || at) as FixedClock, serial)
}

/// One record of a transcript.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Rec {
    Card(PartyCard),
    St(Verified<Statement>),
    Tok(Verified<TimestampToken>),
}

fn sign(from: usize, to: usize, at: u64, msg: impl Into<Message>, answers: &[StatementId]) -> Verified<Statement> {
    let mut b = Statement::build(p(from), p(to).card(), &contract(), t(at), msg).proof_cards(&*CARDS);
    for a in answers {
        b = b.answers(*a);
    }
    b.sign().expect("fixture statement")
}

/// The seven-step trade (offer, acceptance, two instructions, two proofs,
/// notice, payment, title transfer), each statement but receipts
/// time-stamped by the authority 5 s after signing, each formation or
/// performance statement acknowledged by a receipt; preceded by the six
/// trading parties' cards. Valid under `Policy::default()`, status
/// completed.
pub fn happy_trade() -> Vec<Rec> {
    let tsa_time = Rc::new(Cell::new(0u64));
    let tick = tsa_time.clone();
    let mut tsa = LocalAuthority::new(party(TSA), Box::new(move || t(tick.get())) as FixedClock, 1);
    let mut recs: Vec<Rec> = [SELLER, BUYER, CARRIER, INSURER, BANK, TSA]
        .iter()
        .map(|&i| Rec::Card(p(i).card().clone()))
        .collect();
    let mut push = |recs: &mut Vec<Rec>, s: Verified<Statement>| -> Verified<Statement> {
        let at = s.time().as_secs() - T0;
        recs.push(Rec::St(s.clone()));
        if s.kind() != Kind::Receipt {
            tsa_time.set(at + 5);
            recs.push(Rec::Tok(tsa.stamp(s.id(), None).expect("token")));
        }
        s
    };
    let receipt = |recs: &mut Vec<Rec>, of: &Verified<Statement>, by: usize, to: usize, received: u64| {
        let r = sign(by, to, received + 50, Receipt { received: t(received) }, &[of.id()]);
        recs.push(Rec::St(r));
    };

    let offer = push(&mut recs, OFFER.clone());
    receipt(&mut recs, &offer, BUYER, SELLER, 30);
    let acc = push(
        &mut recs,
        sign(BUYER, SELLER, 3600, Acceptance::default(), &[offer.id()]),
    );
    receipt(&mut recs, &acc, SELLER, BUYER, 3650);
    let tr = terms();
    let mut instr = Vec::new();
    for (i, s) in tr.services.iter().enumerate() {
        let to = if s.service == ServiceKind::Carriage {
            CARRIER
        } else {
            INSURER
        };
        let body = ServiceInstruction {
            service: s.service,
            task: s.task.clone(),
        };
        instr.push((
            to,
            push(&mut recs, sign(SELLER, to, 7200 + 100 * i as u64, body, &[acc.id()])),
        ));
    }
    let mut proofs = Vec::new();
    for (i, (provider, ins)) in instr.iter().enumerate() {
        let service = if *provider == CARRIER {
            ServiceKind::Carriage
        } else {
            ServiceKind::Insurance
        };
        let body = ServiceProof {
            service,
            report: format!("{service} performed as instructed"),
            document: (service == ServiceKind::Carriage).then(bill_of_lading),
        };
        proofs.push(push(
            &mut recs,
            sign(*provider, SELLER, 86_400 + 100 * i as u64, body, &[ins.id()]),
        ));
    }
    let notice = PerformanceNotice {
        due: tr.price,
        proofs: proofs.iter().map(|s| s.clone().into_inner()).collect(),
    };
    let notice = push(&mut recs, sign(SELLER, BUYER, 90_000, notice, &[]));
    receipt(&mut recs, &notice, BUYER, SELLER, 90_050);
    let payment = Payment {
        amount: tr.price,
        end_to_end_id: "E2E-2026-0042-1".into(),
        instrument: Instrument::FundsTransfer,
        method: "SWIFT MT103".into(),
        is_final: true,
        maturity: None,
        on_behalf_of: Some(p(BUYER).id()),
    };
    let payment = push(&mut recs, sign(BANK, SELLER, 100_000, payment, &[notice.id()]));
    receipt(&mut recs, &payment, SELLER, BANK, 100_050);
    let transfer = push(
        &mut recs,
        sign(
            SELLER,
            BUYER,
            110_000,
            TitleTransfer { document: bill_ref() },
            &[payment.id()],
        ),
    );
    receipt(&mut recs, &transfer, BUYER, SELLER, 110_050);
    recs
}

/// The happy trade, made once.
pub static HAPPY: LazyLock<Vec<Rec>> = LazyLock::new(happy_trade);

/// Writes records as a transcript of `contract()`.
pub fn transcript_bytes(recs: &[Rec]) -> Vec<u8> {
    let mut w = TranscriptWriter::create(Vec::new(), &contract()).expect("write to Vec");
    for r in recs {
        match r {
            Rec::Card(c) => w.card(c),
            Rec::St(s) => w.statement(s),
            Rec::Tok(t) => w.token(t),
        }
        .expect("write to Vec");
    }
    w.finish().expect("write to Vec")
}
