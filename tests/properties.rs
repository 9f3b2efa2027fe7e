//! Property tests.
//!
//! 1. Random valid contracts (any Incoterm with the services it requires,
//!    either party offering, documents against payment or acceptance, one or
//!    several instalments) validate as completed with no finding, and every
//!    statement round-trips through CBOR, JSON, and seal/open.
//! 2. Random mutations of a valid transcript (drop, duplicate, reorder,
//!    splice from another contract, swap keys, flip a byte, change an
//!    amount, move a time) are never accepted as a valid completed contract
//!    unless the mutation is provably harmless by the rules of SPEC.md.

mod common;

use common::trade::{Rec, Trade, Who};
use common::*;
use econtract::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Contract {
    incoterm: Incoterm,
    inspection: bool,
    buyer_offers: bool,
    against_acceptance: bool,
    instalments: u64,
    price: u64,
    quantity: u64,
    description: String,
}

fn contract_strategy() -> impl Strategy<Value = Contract> {
    (
        proptest::sample::select(Incoterm::ALL.to_vec()),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1u64..5,
        1_000u64..1_000_000_000,
        1u64..1_000_000,
        "[A-Za-z0-9][A-Za-z0-9 ,.;:()/-]{0,199}",
    )
        .prop_map(
            |(incoterm, inspection, buyer_offers, against_acceptance, instalments, price, quantity, description)| {
                Contract {
                    incoterm,
                    inspection,
                    buyer_offers,
                    against_acceptance,
                    instalments,
                    price,
                    quantity,
                    description,
                }
            },
        )
}

/// The whole contract, built step by step with the crate's API.
fn build(k: &Contract) -> Trade {
    let mut tr = Trade::new();
    let c = &tr.c;
    // Carriage always (the bill of lading it issues is what title passes
    // by), insurance when the rule makes the seller insure, inspection at
    // random.
    let mut services = vec![Service {
        provider: c.carrier.id(),
        service: ServiceKind::Carriage,
        task: "carry".into(),
    }];
    if k.incoterm.seller_insures() {
        services.push(Service {
            provider: c.insurer.id(),
            service: ServiceKind::Insurance,
            task: "insure".into(),
        });
    }
    if k.inspection {
        services.push(Service {
            provider: c.insurer.id(),
            service: ServiceKind::Inspection,
            task: "inspect".into(),
        });
    }
    tr.terms.services = services;
    tr.terms.incoterm = k.incoterm;
    tr.terms.price = Amount::new("EUR", k.price).unwrap();
    tr.terms.goods[0].quantity = k.quantity;
    tr.terms.goods[0].description = k.description.clone();
    if k.against_acceptance {
        tr.terms.payment.terms = PaymentTerms::DocumentsAgainstAcceptance;
    }
    let (offeror, offeree) = if k.buyer_offers {
        (Who::Buyer, Who::Seller)
    } else {
        (Who::Seller, Who::Buyer)
    };
    let o = tr.offer_body();
    tr.send("offer", offeror, offeree, 0, o, &[]);
    tr.receipt("offer", offeree, 30);
    let offer = tr.id("offer");
    tr.send("acceptance", offeree, offeror, 3600, Acceptance::default(), &[offer]);
    tr.receipt("acceptance", offeror, 3650);
    tr.instruct();
    tr.prove();
    tr.notify();
    let notice = tr.id("notice");
    let mut last_payment = None;
    if k.against_acceptance {
        let mut draft = tr.payment_body();
        draft.amount = tr.terms.price;
        draft.instrument = Instrument::AcceptedDraft;
        draft.maturity = Some(t(60 * 86_400));
        draft.end_to_end_id = "DRAFT".into();
        tr.send("payment", Who::Buyer, Who::Seller, 100_000, draft, &[notice]);
        tr.transfer();
        last_payment = Some(tr.id("payment"));
    }
    let n = k.instalments.min(k.price);
    for i in 0..n {
        let mut p = tr.payment_body();
        p.amount = Amount::new("EUR", if i + 1 == n { k.price - (n - 1) } else { 1 }).unwrap();
        p.end_to_end_id = format!("E2E-{i}");
        p.is_final = i + 1 == n;
        let mut answers = vec![notice];
        answers.extend(last_payment);
        let name = if k.against_acceptance || i + 1 < n {
            format!("instalment:{i}")
        } else {
            "payment".into()
        };
        let at = if k.against_acceptance {
            60 * 86_400 + i
        } else {
            100_000 + i
        };
        let id = tr.send(&name, Who::Bank, Who::Seller, at, p, &answers);
        last_payment = Some(id);
    }
    if !k.against_acceptance {
        tr.transfer();
    }
    tr
}

fn fast(tr: &Trade) -> Result<Report, TranscriptError> {
    let options = AuditOptions {
        threads: 1,
        batch: true,
    };
    econtract::audit::audit_with(tr.bytes().as_slice(), None, Policy::default(), options, |_| {})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn random_valid_contracts_validate_and_round_trip(k in contract_strategy()) {
        let tr = build(&k);
        let r = fast(&tr).unwrap();
        prop_assert_eq!(&r.findings, &vec![], "{:?}", k);
        prop_assert_eq!(r.status, Status::Completed);
        prop_assert_eq!(r.paid.unwrap().minor, k.price);
        prop_assert_eq!(r.title.as_ref().unwrap().holder, tr.c.buyer.id());
        // Every statement: CBOR, JSON and seal/open round trips.
        let cards = tr.c.cards();
        let mut rng = rng(k.price);
        for rec in &tr.records {
            let Rec::St(s) = rec else { continue };
            let again = Statement::decode(s.as_bytes()).unwrap().verify(&cards).unwrap();
            prop_assert_eq!(&again, s);
            let json = serde_json::to_string(s.message()).unwrap();
            let mut de = serde_json::Deserializer::from_str(&json);
            let back = Message::deserialize_body(s.kind(), &mut de).unwrap();
            prop_assert_eq!(&back, s.message());
            let recipient = tr.p(tr.who(s.recipient()));
            let envelope = seal(s, recipient.card(), &mut rng).unwrap();
            let opened = open(&envelope, recipient, &cards, Some(&tr.k)).unwrap();
            prop_assert_eq!(&opened, s);
        }
    }
}

// ---------------------------------------------------------------------------
// Mutations

#[derive(Clone, Debug)]
enum Mutation {
    Drop(usize),
    Duplicate(usize, usize),
    Swap(usize, usize),
    Splice(usize),
    SwapKey(usize),
    FlipByte(usize, u8),
    ChangeAmount(i64),
    MoveReceivedTime(usize, i64),
}

/// Mutations of `base`: indexes and offsets within it; `SwapKey` picks a
/// statement it can re-sign, `MoveReceivedTime` a receipt, and moves it by
/// up to half an hour either way (so that some moves stay within the time
/// rules and some do not).
fn mutation_strategy(base: &Trade) -> impl Strategy<Value = Mutation> {
    let records = base.records.len();
    let bytes = base.bytes().len();
    let resignable: Vec<usize> = (0..records).filter(|i| resignable(base, *i)).collect();
    let receipts: Vec<usize> = (0..records)
        .filter(|i| matches!(&base.records[*i], Rec::St(s) if s.kind() == Kind::Receipt))
        .collect();
    prop_oneof![
        (0..records).prop_map(Mutation::Drop),
        (0..records, 0..=records).prop_map(|(a, b)| Mutation::Duplicate(a, b)),
        (0..records, 0..records).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (0..=records).prop_map(Mutation::Splice),
        proptest::sample::select(resignable).prop_map(Mutation::SwapKey),
        (0..bytes, 1u8..=255).prop_map(|(a, x)| Mutation::FlipByte(a, x)),
        prop_oneof![-1_000_000i64..0, 1i64..1_000_000].prop_map(Mutation::ChangeAmount),
        (proptest::sample::select(receipts), -1_800i64..1_800).prop_map(|(a, d)| Mutation::MoveReceivedTime(a, d)),
    ]
}

/// A statement `SwapKey` can re-sign with the insurer's key: one the
/// insurer is not party to, and not a notice (which carries the insurer's
/// proof).
fn resignable(base: &Trade, i: usize) -> bool {
    let Rec::St(s) = &base.records[i] else {
        return false;
    };
    ![s.sender(), s.recipient()].contains(&base.c.insurer.id()) && !matches!(s.message(), Message::PerformanceNotice(_))
}

/// What a record is about: its id, the ids it depends on (answers, a
/// token's imprint), and its signer.
fn deps(r: &Rec) -> (Option<StatementId>, Vec<StatementId>, PartyId) {
    match r {
        Rec::Card(c) => (None, vec![], c.id()),
        Rec::St(s) => {
            let mut d = s.answers().to_vec();
            if let Message::PerformanceNotice(n) = s.message() {
                d.retain(|a| !n.proofs.iter().any(|p| p.id() == *a));
            }
            (Some(s.id()), d, s.sender())
        }
        Rec::Tok(t) => (None, vec![t.imprint()], t.authority()),
    }
}

/// The provably harmless orders: every card before what its party signs,
/// every record after what it depends on, and the acceptance's receipt and
/// token before any statement other than receipts.
fn order_is_sound(records: &[Rec], acceptance: StatementId) -> bool {
    for (i, r) in records.iter().enumerate() {
        let (_, needs, signer) = deps(r);
        let earlier = &records[..i];
        let has_card = earlier.iter().any(|q| matches!(q, Rec::Card(c) if c.id() == signer));
        if !matches!(r, Rec::Card(_)) && !has_card {
            return false;
        }
        for n in needs {
            if !earlier.iter().any(|q| deps(q).0 == Some(n)) {
                return false;
            }
        }
    }
    // Evidence of the acceptance comes before the next statement.
    let pos = |f: &dyn Fn(&Rec) -> bool| records.iter().position(f);
    let acc_at = pos(&|r| matches!(r, Rec::St(s) if s.id() == acceptance));
    let receipt_at = pos(&|r| matches!(r, Rec::St(s) if s.kind() == Kind::Receipt && s.answers() == [acceptance]));
    let token_at = pos(&|r| matches!(r, Rec::Tok(t) if t.imprint() == acceptance));
    let (Some(acc), Some(rc), Some(tk)) = (acc_at, receipt_at, token_at) else {
        return false;
    };
    let next = records
        .iter()
        .enumerate()
        .skip(acc + 1)
        .find(|(_, r)| matches!(r, Rec::St(s) if s.kind() != Kind::Receipt))
        .map(|(i, _)| i);
    next.is_none_or(|n| rc < n && tk < n)
}

/// Applies `m`; returns the mutated transcript bytes and whether the
/// mutation is provably harmless.
fn mutate(base: &Trade, other: &Trade, m: &Mutation) -> (Vec<u8>, bool) {
    let acceptance = base.id("acceptance");
    let mut recs = base.records.clone();
    let n = recs.len();
    let harmless = match m {
        Mutation::Drop(i) => {
            let r = recs.remove(*i);
            // Only evidence that no rule requires may go: a token other than
            // the acceptance's, a receipt other than the acceptance's.
            match &r {
                Rec::Tok(t) => t.imprint() != acceptance,
                Rec::St(s) => s.kind() == Kind::Receipt && s.answers() != [acceptance],
                Rec::Card(_) => false,
            }
        }
        Mutation::Duplicate(i, at) => {
            let r = recs[*i].clone();
            recs.insert((*at).min(n), r.clone());
            // A second copy of a card is the same declaration.
            matches!(r, Rec::Card(_)) && order_is_sound(&recs, acceptance)
        }
        Mutation::Swap(a, b) => {
            recs.swap(*a, *b);
            a == b || order_is_sound(&recs, acceptance)
        }
        Mutation::Splice(at) => {
            // A statement of another contract, from the same parties.
            let foreign = other.statement("payment");
            recs.insert((*at).min(n), Rec::St(foreign));
            false
        }
        Mutation::SwapKey(i) => {
            // Re-sign a statement with the key of a party that has no role in
            // it (the insurer, for a contract whose insurer only insures).
            assert!(resignable(base, *i), "the strategy picks re-signable statements");
            let Rec::St(s) = recs[*i].clone() else { unreachable!() };
            let to = base.who(s.recipient());
            let re = base.sign(
                Who::Insurer,
                to,
                s.time().as_secs() - T0,
                s.message().clone(),
                s.answers(),
            );
            recs[*i] = Rec::St(re);
            false
        }
        Mutation::FlipByte(..) => false,
        Mutation::ChangeAmount(d) => {
            // The payment, re-signed by its payer with another amount.
            let i = recs
                .iter()
                .position(|r| matches!(r, Rec::St(s) if s.kind() == Kind::Payment))
                .unwrap();
            let Rec::St(s) = recs[i].clone() else { unreachable!() };
            let Message::Payment(mut p) = s.message().clone() else {
                unreachable!()
            };
            p.amount.minor = (p.amount.minor as i64 + d).max(1) as u64;
            let changed = p.amount.minor
                != match s.message() {
                    Message::Payment(q) => q.amount.minor,
                    _ => 0,
                };
            let re = base.sign(
                base.who(s.sender()),
                Who::Seller,
                s.time().as_secs() - T0,
                p,
                s.answers(),
            );
            recs[i] = Rec::St(re);
            !changed && order_is_sound(&recs, acceptance)
        }
        Mutation::MoveReceivedTime(i, d) => {
            // A receipt re-signed by its signer with another `received` time.
            let Rec::St(s) = recs[*i].clone() else {
                unreachable!("the strategy picks receipts")
            };
            let Message::Receipt(rc) = s.message().clone() else {
                unreachable!("the strategy picks receipts")
            };
            let target = base
                .records
                .iter()
                .find_map(|r| match r {
                    Rec::St(x) if x.id() == s.answers()[0] => Some(x.clone()),
                    _ => None,
                })
                .unwrap();
            let received = (rc.received.as_secs() as i64 + d).clamp(T0 as i64, UnixTime::MAX.as_secs() as i64) as u64;
            let re = base.sign(
                base.who(s.sender()),
                base.who(s.recipient()),
                s.time().as_secs() - T0,
                Receipt {
                    received: UnixTime::from_secs(received).unwrap(),
                },
                s.answers(),
            );
            recs[*i] = Rec::St(re);
            // Harmless within the time rules: not before the statement was
            // signed, not after the receipt was signed (TIME-SKEW); for the
            // acceptance, before the lapse (FORM-LATE); for the offer, not
            // after the acceptance was signed (FORM-PREMATURE).
            let skew = 300;
            let mut ok = received + skew >= target.time().as_secs() && received <= s.time().as_secs() + skew;
            if target.id() == acceptance {
                ok &= received <= t(7 * 86_400).as_secs();
            }
            if target.kind() == Kind::Offer {
                ok &= received <= base.statement("acceptance").time().as_secs() + skew;
            }
            ok
        }
    };
    let mut bytes = bytes_of(base, &recs);
    if let Mutation::FlipByte(at, x) = m {
        let at = at % bytes.len();
        bytes[at] ^= x;
    }
    (bytes, harmless)
}

fn bytes_of(base: &Trade, recs: &[Rec]) -> Vec<u8> {
    common::trade::write(&base.k, recs).0
}

fn happy_and_other() -> (Trade, Trade) {
    let base = Trade::happy();
    // The same story in another contract.
    let mut again = Trade::new();
    again.k = ContractId::new("EC-2026-0999").unwrap();
    again.up_to_notice();
    again.pay();
    (base, again)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn mutations_are_never_accepted_as_complete_unless_harmless(
        m in mutation_strategy(&Trade::happy())
    ) {
        let (base, other) = happy_and_other();
        let (bytes, harmless) = mutate(&base, &other, &m);
        let options = AuditOptions { threads: 1, batch: true };
        match econtract::audit::audit_with(bytes.as_slice(), None, Policy::default(), options, |_| {}) {
            Ok(r) if r.is_complete() => prop_assert!(harmless, "{m:?} accepted as a valid completed contract"),
            _ => {}
        }
    }
}

#[test]
fn the_mutation_oracle_is_not_vacuous() {
    // Some mutations are harmless and do complete; most are caught.
    let (base, other) = happy_and_other();
    let drop_token = base
        .records
        .iter()
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == base.id("payment")))
        .unwrap();
    let (bytes, harmless) = mutate(&base, &other, &Mutation::Drop(drop_token));
    assert!(harmless);
    assert!(
        audit(bytes.as_slice(), None, Policy::default(), |_| {})
            .unwrap()
            .is_complete()
    );
    let drop_acceptance_token = base
        .records
        .iter()
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == base.id("acceptance")))
        .unwrap();
    let (bytes, harmless) = mutate(&base, &other, &Mutation::Drop(drop_acceptance_token));
    assert!(!harmless);
    assert!(
        !audit(bytes.as_slice(), None, Policy::default(), |_| {})
            .unwrap()
            .is_complete()
    );
    // A receipt's time moved within the skew, and beyond it.
    let receipt = base.index_of("receipt:payment");
    let (bytes, harmless) = mutate(&base, &other, &Mutation::MoveReceivedTime(receipt, 100));
    assert!(harmless);
    assert!(
        audit(bytes.as_slice(), None, Policy::default(), |_| {})
            .unwrap()
            .is_complete()
    );
    let (bytes, harmless) = mutate(&base, &other, &Mutation::MoveReceivedTime(receipt, 1_000));
    assert!(!harmless);
    assert!(
        !audit(bytes.as_slice(), None, Policy::default(), |_| {})
            .unwrap()
            .is_complete()
    );
    let (bytes, harmless) = mutate(&base, &other, &Mutation::ChangeAmount(-5));
    assert!(!harmless);
    assert!(
        !audit(bytes.as_slice(), None, Policy::default(), |_| {})
            .unwrap()
            .is_complete()
    );
}
