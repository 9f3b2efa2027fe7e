//! Property tests.
//!
//! 1. Random valid contracts (any Incoterm with the documents it requires,
//!    either party offering, documents against payment or acceptance,
//!    direct or through a documentary collection with or without the
//!    seller's bank, the buyer or its bank paying, one or several
//!    instalments and shipments, an inspection or not, the CISG or not, any
//!    price, quantity and description) validate as completed with no
//!    finding, and every statement round-trips through CBOR, JSON, and
//!    seal/open.
//! 2. Random mutations of a valid transcript (drop, duplicate, reorder,
//!    splice from another contract, swap keys, flip a byte, change an
//!    amount, move a time) are never accepted as a valid completed contract
//!    unless the mutation is provably harmless by the rules of SPEC.md.

mod common;

use common::trade::{self, happy};
use common::{DAY, H, Rec, Scenario, T0, Variant, Who, rng, t};
use econtract::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Contract {
    incoterm: Incoterm,
    /// Under a rule for any mode of transport: a multimodal transport
    /// document rather than a bill of lading.
    multimodal: bool,
    inspection: bool,
    buyer_offers: bool,
    against_acceptance: bool,
    collection: bool,
    via_seller_bank: bool,
    bank_pays: bool,
    cisg: bool,
    instalments: u64,
    shipments: u64,
    price: u64,
    quantity: u64,
    description: String,
}

fn contract_strategy() -> impl Strategy<Value = Contract> {
    (
        (
            proptest::sample::select(Incoterm::ALL.to_vec()),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        (
            1u64..5,
            1u64..4,
            1_000u64..1_000_000_000,
            1u64..1_000_000,
            "[A-Za-z0-9][A-Za-z0-9 ,.;:()/-]{0,199}",
        ),
    )
        .prop_map(
            |(
                (
                    incoterm,
                    multimodal,
                    inspection,
                    buyer_offers,
                    against_acceptance,
                    collection,
                    via_seller_bank,
                    bank_pays,
                    cisg,
                ),
                (instalments, shipments, price, quantity, description),
            )| Contract {
                incoterm,
                multimodal,
                inspection,
                buyer_offers,
                against_acceptance,
                collection,
                via_seller_bank,
                bank_pays,
                cisg,
                instalments,
                shipments,
                price,
                quantity,
                description,
            },
        )
}

/// The time of the notice, from `T0`.
fn notice_at(s: &Scenario) -> u64 {
    s.statement("notice").time().as_secs() - T0
}

/// The proofs, as `Scenario::prove` makes them, for this contract's price
/// (110% insured) and quantity (split evenly between the shipments).
fn prove(s: &mut Scenario, k: &Contract) {
    let services = s.required_services();
    let mut at = 20 * H;
    for (service, who) in services.iter().copied().filter(|(s, _)| *s != ServiceKind::Carriage) {
        let mut body = s.proof_body(service, 0, at);
        if let Facts::Insurance { insured, .. } = &mut body.facts {
            insured.minor = (k.price * 11).div_ceil(10);
        }
        s.send(
            &format!("proof.{service}"),
            who,
            Who::Seller,
            at,
            body,
            &[&format!("instruct.{service}")],
        );
        at += 60;
    }
    let (_, carrier) = *services.iter().find(|(s, _)| *s == ServiceKind::Carriage).unwrap();
    let lots = s.variant.shipments;
    for n in 0..lots {
        let at = 24 * H + n * DAY;
        let mut body = s.proof_body(ServiceKind::Carriage, n, at);
        let part = k.quantity / lots;
        let lot = if n + 1 == lots {
            k.quantity - part * (lots - 1)
        } else {
            part
        };
        if let Facts::Carriage { quantities, .. } = &mut body.facts {
            *quantities = vec![lot];
        }
        s.send(
            &format!("proof.carriage.{n}"),
            carrier,
            Who::Seller,
            at,
            body,
            &["instruct.carriage"],
        );
    }
}

/// Funds towards the price in `variant.instalments` parts, named `pay.K`,
/// each answering the notice and the previous payment (or `after`).
fn instalments(s: &mut Scenario, price: u64, from: Who, payer: PayerRole, at: u64, after: Option<&str>) {
    let to = if s.variant.channel == Channel::Collection {
        Who::BuyerBank
    } else {
        Who::Seller
    };
    let n = s.variant.instalments;
    let part = price / n;
    let mut prev: Option<String> = after.map(str::to_owned);
    for i in 0..n {
        let minor = if i + 1 == n { price - part * (n - 1) } else { part };
        let p = s.payment_body(minor, i + 1 == n, payer);
        let name = format!("pay.{i}");
        let answers: Vec<String> = std::iter::once("notice".to_owned()).chain(prev.clone()).collect();
        let refs: Vec<&str> = answers.iter().map(String::as_str).collect();
        s.send(&name, from, to, at + i * DAY, p, &refs);
        prev = Some(name);
    }
}

/// The whole contract, built step by step with the crate's API (the
/// scenario's steps, with this contract's parties, price and quantity).
fn build(k: &Contract) -> Scenario {
    let transport = if k.incoterm.sea_only() || !k.multimodal {
        DocumentType::BillOfLading
    } else {
        DocumentType::MultimodalTransportDocument
    };
    let channel = if k.collection {
        Channel::Collection
    } else {
        Channel::Direct
    };
    let against = if k.against_acceptance {
        PaymentTerms::DocumentsAgainstAcceptance
    } else {
        PaymentTerms::DocumentsAgainstPayment
    };
    let shipments = k.shipments.min(k.quantity);
    let mut s = Scenario::new(Variant {
        incoterm: k.incoterm,
        against,
        channel,
        via_seller_bank: k.collection && k.via_seller_bank,
        // In a collection the buyer pays the presenting bank itself.
        bank_pays: k.bank_pays && !k.collection,
        instalments: k.instalments.min(k.price),
        shipments,
        partial: shipments > 1,
        inspection: k.inspection,
        cisg: k.cisg,
        transport: Some(transport),
    });
    s.terms.price.minor = k.price;
    s.terms.goods[0].quantity = k.quantity;
    s.terms.goods[0].description = k.description.clone();
    let (offeror, offeree) = if k.buyer_offers {
        (Who::Buyer, Who::Seller)
    } else {
        (Who::Seller, Who::Buyer)
    };
    let o = Offer {
        terms: s.terms.clone(),
        lapse: Some(t(7 * DAY)),
        irrevocable: false,
    };
    s.send("offer", offeror, offeree, 0, o, &[]);
    s.send("acceptance", offeree, offeror, H, Acceptance::default(), &["offer"]);
    s.instruct();
    prove(&mut s, k);
    s.notify().collect();
    let at = notice_at(&s) + 4 * H;
    if k.against_acceptance {
        let payee = if k.collection { Who::BuyerBank } else { Who::Seller };
        let mut d = s.payment_body(k.price, false, PayerRole::Buyer);
        d.instrument = Instrument::AcceptedDraft;
        d.tenor_days = Some(90);
        d.maturity = Some(t(at + 90 * DAY));
        s.send("draft", Who::Buyer, payee, at, d, &["notice"]);
    } else if s.variant.bank_pays {
        instalments(&mut s, k.price, Who::BuyerBank, PayerRole::BuyerBank, at, None);
    } else {
        instalments(&mut s, k.price, Who::Buyer, PayerRole::Buyer, at, None);
    }
    s.transfer();
    if k.against_acceptance {
        instalments(
            &mut s,
            k.price,
            Who::Buyer,
            PayerRole::Buyer,
            at + 90 * DAY,
            Some("draft"),
        );
    }
    s.remit();
    s
}

fn fast(s: &Scenario) -> Result<Report, TranscriptError> {
    let options = AuditOptions {
        threads: 1,
        batch: true,
    };
    econtract::audit::audit_with(s.bytes().as_slice(), None, Policy::default(), options, |_| {})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn random_valid_contracts_validate_and_round_trip(k in contract_strategy()) {
        let s = build(&k);
        let r = fast(&s).unwrap();
        prop_assert_eq!(&r.findings, &vec![], "{:?}", k);
        prop_assert_eq!(r.status, Status::Completed);
        prop_assert_eq!(r.paid.unwrap().minor, k.price);
        prop_assert_eq!(&r.shipped, &vec![k.quantity]);
        let buyer = s.pid(Who::Buyer);
        prop_assert!(!r.titles.is_empty());
        prop_assert!(r.titles.iter().all(|x| x.holder == buyer), "{:?}", r.titles);
        prop_assert_eq!(r.draft.is_some(), k.against_acceptance);
        prop_assert_eq!(r.remitted.map(|a| a.minor), k.collection.then_some(k.price));
        // Every statement: CBOR, JSON and seal/open round trips.
        let cards = s.cards();
        let mut rng = rng(k.price);
        for rec in &s.records {
            let Rec::St(st) = rec else { continue };
            let again = Statement::decode(st.as_bytes()).unwrap().verify(&cards).unwrap();
            prop_assert_eq!(&again, st);
            let json = serde_json::to_string(st.message()).unwrap();
            let mut de = serde_json::Deserializer::from_str(&json);
            let back = Message::deserialize_body(st.kind(), &mut de).unwrap();
            prop_assert_eq!(&back, st.message());
            let recipient = s.p(s.who_is(st.recipient()));
            let envelope = seal(st, recipient.card(), &mut rng).unwrap();
            let opened = open(&envelope, recipient, &cards, Some(&s.contract)).unwrap();
            prop_assert_eq!(&opened, st);
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
fn mutation_strategy(base: &Scenario) -> impl Strategy<Value = Mutation> {
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
fn resignable(base: &Scenario, i: usize) -> bool {
    let Rec::St(s) = &base.records[i] else {
        return false;
    };
    ![s.sender(), s.recipient()].contains(&base.pid(Who::Insurer))
        && !matches!(s.message(), Message::PerformanceNotice(_))
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

/// The statements a record makes known: a statement, and for a notice the
/// proofs it carries.
fn provides(r: &Rec) -> Vec<StatementId> {
    match r {
        Rec::St(s) => {
            let mut ids = vec![s.id()];
            if let Message::PerformanceNotice(n) = s.message() {
                ids.extend(n.proofs.iter().map(Statement::id));
            }
            ids
        }
        _ => vec![],
    }
}

/// The provably harmless orders: every card before what its party signs,
/// every record after what it depends on (a proof carried in a notice is
/// known from the notice on), and the acceptance's receipt and token before
/// any statement other than receipts.
fn order_is_sound(records: &[Rec], acceptance: StatementId) -> bool {
    for (i, r) in records.iter().enumerate() {
        let (_, needs, signer) = deps(r);
        let earlier = &records[..i];
        let has_card = earlier.iter().any(|q| matches!(q, Rec::Card(c) if c.id() == signer));
        if !matches!(r, Rec::Card(_)) && !has_card {
            return false;
        }
        for n in needs {
            if !earlier.iter().any(|q| provides(q).contains(&n)) {
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
fn mutate(base: &Scenario, other: &Scenario, m: &Mutation) -> (Vec<u8>, bool) {
    let acceptance = base.id("acceptance");
    let mut recs = base.records.clone();
    let n = recs.len();
    let harmless = match m {
        Mutation::Drop(i) => {
            let r = recs.remove(*i);
            // Only evidence that no rule requires may go: a token other than
            // the acceptance's, a receipt other than the acceptance's, and
            // the card of a party that signs nothing (the cast has parties
            // this contract does not use).
            match &r {
                Rec::Tok(t) => t.imprint() != acceptance,
                Rec::St(s) => s.kind() == Kind::Receipt && s.answers() != [acceptance],
                Rec::Card(c) => !recs.iter().any(|q| !matches!(q, Rec::Card(_)) && deps(q).2 == c.id()),
            }
        }
        Mutation::Duplicate(i, at) => {
            let r = recs[*i].clone();
            recs.insert((*at).min(n), r.clone());
            // A second copy of a card is the same declaration, and a second
            // copy of a token one use of its serial (SPEC.md 18.3).
            matches!(r, Rec::Card(_) | Rec::Tok(_)) && order_is_sound(&recs, acceptance)
        }
        Mutation::Swap(a, b) => {
            recs.swap(*a, *b);
            a == b || order_is_sound(&recs, acceptance)
        }
        Mutation::Splice(at) => {
            // A statement of another contract, from the same parties.
            let foreign = other.statement("pay.0");
            recs.insert((*at).min(n), Rec::St(foreign));
            false
        }
        Mutation::SwapKey(i) => {
            // Re-sign a statement with the key of a party that has no role in
            // it (the insurer, for a contract whose insurer only insures).
            assert!(resignable(base, *i), "the strategy picks re-signable statements");
            let Rec::St(s) = recs[*i].clone() else { unreachable!() };
            let to = base.who_is(s.recipient());
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
                base.who_is(s.sender()),
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
                base.who_is(s.sender()),
                base.who_is(s.recipient()),
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

fn bytes_of(base: &Scenario, recs: &[Rec]) -> Vec<u8> {
    trade::write(&base.contract, recs).0
}

fn happy_and_other() -> (Scenario, Scenario) {
    let base = happy();
    // The same story in another contract.
    let mut again = Scenario::new(Variant::default());
    again.contract = ContractId::new("EC-2026-0999").unwrap();
    again.offer().accept().instruct().prove().notify().pay();
    (base, again)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn mutations_are_never_accepted_as_complete_unless_harmless(
        m in mutation_strategy(&happy())
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
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == base.id("pay.0")))
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
    let receipt = base.index_of("offer.receipt");
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
