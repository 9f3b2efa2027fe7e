//! Formation variants a legitimate negotiation takes (CISG 14-24): each
//! must conclude the contract with no finding, and the ones that end the
//! offer must end it with the right status and no finding.

#[path = "common/scenario.rs"]
mod scenario;

use econtract::*;
use scenario::*;

fn after_formation(s: &mut Scenario) -> Report {
    s.instruct()
        .prove()
        .notify()
        .collect()
        .pay()
        .transfer()
        .pay_draft()
        .remit();
    s.audit(Policy::default())
}

fn assert_clean(r: &Report, status: Status) {
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.status, status, "{:#?}", r.notices);
}

fn offer_body(s: &Scenario, lapse: u64) -> Offer {
    Offer {
        terms: s.terms.clone(),
        lapse: Some(t(lapse)),
        irrevocable: false,
    }
}

#[test]
fn a_counter_offer_accepted_by_the_original_offeror() {
    let mut s = Scenario::new(Variant::default());
    s.offer();
    let mut counter = offer_body(&s, 7 * DAY);
    counter.terms.price = Amount::new("USD", PRICE).unwrap();
    counter.terms.place = "Antwerp".into();
    s.terms = counter.terms.clone();
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        H,
        Message::CounterOffer(counter),
        &["offer"],
    );
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        2 * H,
        Acceptance::default(),
        &["counter"],
    );
    let r = after_formation(&mut s);
    assert_clean(&r, Status::Completed);
    assert_eq!(r.offeror, Some(s.pid(Who::Buyer)));
    assert_eq!(r.terms.unwrap().place, "Antwerp");
}

#[test]
fn a_rejected_offer_then_a_new_offer_accepted() {
    let mut s = Scenario::new(Variant::default());
    s.offer();
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        H,
        Rejection {
            reason: Some("price too high".into()),
        },
        &["offer"],
    );
    assert_clean(&s.audit(Policy::default()), Status::OfferRejected);
    s.base = 2 * H;
    s.names.remove("offer");
    s.offer().accept();
    assert_clean(&after_formation(&mut s), Status::Completed);
}

#[test]
fn an_offer_withdrawn_before_it_arrived() {
    let mut s = Scenario::new(Variant::default());
    s.receipt_delay = None;
    s.offer();
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        60,
        Withdrawal::default(),
        &["offer"],
    );
    // The withdrawal reaches the buyer first, then the offer.
    s.receipt("withdrawal", 300);
    s.receipt("offer", 400);
    assert_clean(&s.audit(Policy::default()), Status::OfferWithdrawn);
}

#[test]
fn a_late_withdrawal_of_a_revocable_offer_works_as_a_revocation() {
    let mut s = Scenario::new(Variant::default());
    s.offer();
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        H,
        Withdrawal::default(),
        &["offer"],
    );
    assert_clean(
        &s.audit(Policy {
            fixed_time_irrevocable: false,
            ..Policy::default()
        }),
        Status::OfferRevoked,
    );
}

#[test]
fn an_acceptance_withdrawn_before_it_arrived_then_a_new_offer() {
    let mut s = Scenario::new(Variant::default());
    s.receipt_delay = None;
    s.offer();
    s.receipt("offer", 300);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.send(
        "withdrawal",
        Who::Buyer,
        Who::Seller,
        H + 60,
        Withdrawal::default(),
        &["acceptance"],
    );
    s.receipt("withdrawal", H + 120);
    s.receipt("acceptance", H + 180);
    let r = s.audit(Policy::default());
    assert_clean(&r, Status::OfferOutstanding);
    assert_eq!(r.concluded_at, None);
}

#[test]
fn a_late_acceptance_confirmed_without_delay() {
    let mut s = Scenario::new(Variant::default());
    let o = offer_body(&s, 600);
    s.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        1200,
        Acceptance::default(),
        &["offer"],
    );
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        1900,
        Confirmation::default(),
        &["acceptance"],
    );
    let r = after_formation(&mut s);
    assert_clean(&r, Status::Completed);
    assert_eq!(r.concluded_by, Some(s.id("acceptance")));
}

#[test]
fn a_late_acceptance_delayed_in_transmission_works_unless_the_offeror_objects() {
    let mut s = Scenario::new(Variant::default());
    s.receipt_delay = None;
    let o = offer_body(&s, 3 * DAY);
    s.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    s.receipt("offer", 300);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    // Dispatched two days and more before the lapse, it arrived after it.
    s.receipt("acceptance", 3 * DAY + H);
    let mut objected = s.fork();
    s.base = 3 * DAY;
    let r = after_formation(&mut s);
    assert_clean(&r, Status::Completed);
    assert!(r.notices.iter().any(|n| n.contains("21(2)")));
    objected.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        3 * DAY + 2 * H,
        Objection::default(),
        &["acceptance"],
    );
    let r = objected.audit(Policy::default());
    assert_eq!(r.status, Status::OfferLapsed);
    assert_eq!(r.rules(), vec![Rule::FormLate]);
}

#[test]
fn non_material_additions_conclude_unless_the_offeror_objects_without_undue_delay() {
    let mut s = Scenario::new(Variant::default());
    s.offer();
    let acc = Acceptance {
        additions: vec!["Packed in 60 kg jute bags".into()],
        ..Acceptance::default()
    };
    s.send("acceptance", Who::Buyer, Who::Seller, H, acc, &["offer"]);
    let mut objected = s.fork();
    assert_clean(&after_formation(&mut s), Status::Completed);
    // An objection in time makes the acceptance a counter-offer, which the
    // original offeror may then accept.
    objected.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        2 * H,
        Objection::default(),
        &["acceptance"],
    );
    assert_clean(&objected.audit(Policy::default()), Status::OfferOutstanding);
    let r = objected.audit(Policy::default());
    assert_eq!(r.offeror, Some(objected.pid(Who::Buyer)));
    objected.send(
        "acceptance2",
        Who::Seller,
        Who::Buyer,
        3 * H,
        Acceptance::default(),
        &["acceptance"],
    );
    let r = objected.audit(Policy::default());
    assert_clean(&r, Status::Concluded);
    assert_eq!(r.concluded_by, Some(objected.id("acceptance2")));
}

#[test]
fn an_irrevocable_offer_survives_a_revocation_attempt_only_as_a_finding() {
    let mut s = Scenario::new(Variant::default());
    let mut o = offer_body(&s, 7 * DAY);
    o.irrevocable = true;
    s.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        600,
        Revocation::default(),
        &["offer"],
    );
    s.accept();
    let r = s.audit(Policy::default());
    assert_eq!(r.rules(), vec![Rule::FormRevocation]);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn without_receipts_or_acceptance_stamps_required_a_contract_still_concludes() {
    let mut s = Scenario::new(Variant::default());
    s.receipt_delay = None;
    s.stamp = false;
    s.offer().accept();
    let p = Policy {
        require_receipts: false,
        require_acceptance_timestamp: false,
        ..Policy::default()
    };
    let r = s.audit(p.clone());
    assert_clean(&r, Status::Concluded);
    assert_eq!(r.concluded_at, Some(t(H)));
    // With the defaults the same transcript concludes nothing.
    assert_eq!(s.audit(Policy::default()).status, Status::OfferOutstanding);
}
