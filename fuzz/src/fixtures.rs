//! Fixed parties, contract and messages shared by the fuzz targets, the
//! seed-corpus generator (`examples/make_corpus.rs`) and the main crate's
//! `tests/fuzz_corpus.rs`, which includes this file by path (so it uses
//! nothing but `econtract` and the standard library).
//!
//! The parties, terms and trades are those of the tests' scenario builder
//! (`tests/common/scenario.rs`, included here by path): every key is
//! derived from a fixed byte and Ed25519 signatures are deterministic, so
//! every statement built here has the same bytes and id in every run, and
//! seeds written by `make_corpus` verify against the cards the targets
//! build.

use std::sync::LazyLock;

use econtract::*;

#[path = "../../tests/common/scenario.rs"]
pub mod scenario;

pub use scenario::{Rec, Scenario, T0, Variant, Who, t};

/// The contract every fixture belongs to.
pub fn contract() -> ContractId {
    ContractId::new("EC-2026-0042").expect("valid contract id")
}

/// Another contract, for cross-contract statements.
pub fn other_contract() -> ContractId {
    ContractId::new("EC-2026-9999").expect("valid contract id")
}

/// The cast, in this order; party `i` is `CAST[i]`.
pub const WHO: [Who; 9] = Who::ALL;
pub const SELLER: usize = 0;
pub const BUYER: usize = 1;
pub const CARRIER: usize = 2;
pub const INSURER: usize = 3;
pub const INSPECTOR: usize = 4;
pub const SELLER_BANK: usize = 5;
pub const BUYER_BANK: usize = 6;
pub const TSA: usize = 7;
pub const STRANGER: usize = 8;

/// Party `i` (modulo the cast) with its fixed keys, made afresh.
pub fn party(i: usize) -> PartySecret {
    scenario::party(WHO[i % WHO.len()])
}

/// The parties, made once.
pub static CAST: LazyLock<Vec<PartySecret>> = LazyLock::new(|| (0..WHO.len()).map(party).collect());

/// Every party's card.
pub static CARDS: LazyLock<CardSet> = LazyLock::new(|| CAST.iter().map(|p| p.card().clone()).collect());

/// Party `i` (modulo the cast) from the shared cast.
pub fn p(i: usize) -> &'static PartySecret {
    &CAST[i % CAST.len()]
}

/// The variants of the canned trades: the default contract (CIF, documents
/// against payment, direct: the seven steps), a documentary collection
/// against acceptance through both banks, an FCA sale with a multimodal
/// document, an inspection, the buyer's bank paying in two instalments for
/// two shipments, and a collection against payment without the CISG.
pub fn variants() -> Vec<Variant> {
    vec![
        Variant::default(),
        Variant {
            channel: Channel::Collection,
            against: PaymentTerms::DocumentsAgainstAcceptance,
            via_seller_bank: true,
            ..Variant::default()
        },
        Variant {
            incoterm: Incoterm::Fca,
            transport: Some(DocumentType::MultimodalTransportDocument),
            inspection: true,
            bank_pays: true,
            instalments: 2,
            shipments: 2,
            partial: true,
            ..Variant::default()
        },
        Variant {
            channel: Channel::Collection,
            cisg: false,
            ..Variant::default()
        },
    ]
}

/// The canned trades (one per [`variants`] entry), complete and valid
/// under `Policy::default()`: every card, then the statements, each but
/// receipts time-stamped, each formation statement acknowledged by a
/// receipt.
pub static TRADES: LazyLock<Vec<Vec<Rec>>> =
    LazyLock::new(|| variants().into_iter().map(|v| Scenario::complete(v).records).collect());

/// The default trade (the seven steps).
pub static HAPPY: LazyLock<Vec<Rec>> = LazyLock::new(|| TRADES[0].clone());

/// The terms of each canned trade, made once.
pub static TERMS: LazyLock<Vec<Terms>> = LazyLock::new(|| {
    let parties = WHO.iter().map(|w| (*w, scenario::party(*w))).collect();
    variants().iter().map(|v| scenario::terms_of(&parties, v)).collect()
});

/// The terms of canned trade `k` (modulo).
pub fn terms_of(k: usize) -> Terms {
    TERMS[k % TERMS.len()].clone()
}

/// The terms of the default trade.
pub fn terms() -> Terms {
    terms_of(0)
}

/// The first statement of kind `kind` in records `recs`.
pub fn first(recs: &[Rec], kind: Kind) -> Option<&Verified<Statement>> {
    recs.iter().find_map(|r| match r {
        Rec::St(s) if s.kind() == kind => Some(s),
        _ => None,
    })
}

/// The fixed, valid offer of the default trade, from the seller to the
/// buyer, signed at `T0`.
pub static OFFER: LazyLock<Verified<Statement>> =
    LazyLock::new(|| first(&HAPPY, Kind::Offer).expect("the trade has an offer").clone());

/// The body of [`OFFER`].
pub fn offer_body() -> Offer {
    match OFFER.message() {
        Message::Offer(o) => o.clone(),
        _ => unreachable!("the offer is an offer"),
    }
}

/// The electronic bill of lading the carrier issues to the seller in the
/// default trade.
pub static BILL: LazyLock<Document> = LazyLock::new(|| {
    HAPPY
        .iter()
        .find_map(|r| match r {
            Rec::St(s) => match s.message() {
                Message::ServiceProof(p) if p.document.title => Some(p.document.clone()),
                _ => None,
            },
            _ => None,
        })
        .expect("the trade issues a bill of lading")
});

/// A reference to the bill of lading.
pub fn bill_ref() -> DocumentRef {
    DocumentRef {
        id: BILL.id.clone(),
        digest: BILL.digest,
    }
}

/// A clock that returns whatever time it is set to.
pub type FixedClock = Box<dyn Fn() -> UnixTime>;

/// An in-process authority signing with party `i`'s key, whose next token
/// has serial `serial` and time `at`.
pub fn authority(i: usize, serial: u64, at: UnixTime) -> LocalAuthority<FixedClock> {
    LocalAuthority::new(party(i), Box::new(move || at) as FixedClock, serial)
}

/// The default trade's records.
pub fn happy_trade() -> Vec<Rec> {
    HAPPY.clone()
}

/// Writes records as a transcript of `contract()`.
pub fn transcript_bytes(recs: &[Rec]) -> Vec<u8> {
    scenario::bytes_of(&contract(), recs)
}
