//! Key succession through sessions: a party retires its signing key in a
//! signed key retirement naming its successor, signs on with the successor,
//! still opens what was sealed to the retired key, and its counterparty
//! archives a successor's statement that overtook the retirement only once
//! the retirement has arrived. Both archives audit clean; a succession that
//! would break `KEY-SUCCESSOR` is refused unsigned.

mod common;

use common::{Cast, H, t};
use econtract::*;

fn copy(p: &PartySecret) -> PartySecret {
    PartySecret::from_secrets(p.name(), &p.signing_seed(), &p.encryption_secret(), p.card().created()).unwrap()
}

fn successor(of: &PartySecret, created: UnixTime) -> PartySecret {
    PartySecret::from_secrets(of.name(), &[201; 32], &[202; 32], created).unwrap()
}

fn session(me: &PartySecret, c: &Cast) -> Session<Vec<u8>> {
    let known: CardSet = [c.seller.card(), c.buyer.card(), c.tsa.card()]
        .into_iter()
        .cloned()
        .collect();
    Session::new(copy(me), common::contract(), Policy::default(), &known, Vec::new()).unwrap()
}

fn stamp(s: &mut Session<Vec<u8>>, tsa: &mut LocalAuthority<impl Clock>, id: StatementId) {
    let req = s.timestamp_request(id, None).unwrap();
    s.add_token(&tsa.issue(&req).unwrap()).unwrap();
}

fn audit_bytes(bytes: &[u8], c: &Cast, next: &PartySecret) -> Report {
    let mut trusted = c.cards();
    trusted.insert(next.card().clone());
    audit(bytes, Some(&trusted), Policy::default(), |_| {}).unwrap()
}

#[test]
fn a_seller_retires_its_key_and_its_successor_concludes_the_contract() {
    let c = Cast::new();
    let mut rng = common::rng(31);
    let clock = std::rc::Rc::new(std::cell::Cell::new(t(0)));
    let tick = clock.clone();
    let mut tsa = LocalAuthority::new(copy(&c.tsa), move || tick.get(), 1);
    let mut seller = session(&c.seller, &c);
    let mut buyer = session(&c.buyer, &c);

    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    buyer.receive(&offer.parcel).unwrap();
    let receipt = buyer.receipt_for(offer.id, t(60), t(90), &mut rng).unwrap();
    seller.receive(&receipt.parcel).unwrap();

    // The seller retires its key at 30 minutes; the retirement is stamped.
    let next = successor(&c.seller, t(1000));
    let out = seller
        .retire(
            copy(&next),
            std::slice::from_ref(c.buyer.card()),
            Some("key rotated".into()),
            t(1800),
            &mut rng,
        )
        .unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].kind, Kind::KeyRetirement);
    clock.set(t(1805));
    stamp(&mut seller, &mut tsa, out[0].id);
    assert_eq!(
        seller.party().id(),
        next.id(),
        "the session signs with the successor now"
    );
    assert_eq!(seller.acting_id(), c.seller.id(), "and acts as the seller it was");
    let retirement = seller.present(out[0].id, c.buyer.card(), &mut rng).unwrap();
    assert!(
        Parcel::from_bytes(&retirement)
            .unwrap()
            .cards
            .contains(&next.card().as_bytes().to_vec()),
        "the retirement's parcel carries the successor's card"
    );

    // The buyer, not yet told, accepts: sealed to the seller's first key,
    // which the seller's session still opens.
    let acceptance = buyer.accept(offer.id, Acceptance::default(), t(H), &mut rng).unwrap();
    clock.set(t(H + 5));
    stamp(&mut buyer, &mut tsa, acceptance.id);
    let acc_parcel = buyer.present(acceptance.id, c.seller.card(), &mut rng).unwrap();
    seller.receive(&acc_parcel).unwrap();
    // The successor receipts the acceptance: the contract is concluded.
    let r = seller
        .receipt_for(acceptance.id, t(H + 60), t(H + 90), &mut rng)
        .unwrap();
    assert_eq!(seller.status_at(t(2 * H)), Status::Concluded);

    // The successor's receipt overtakes the retirement: the buyer holds it
    // back, waiting for a retirement naming its signer.
    let ev = buyer.receive(&r.parcel).unwrap();
    assert!(
        ev.contains(&Event::HeldBack {
            id: r.id,
            missing: vec![],
            unknown_signer: Some(next.id())
        }),
        "{ev:?}"
    );
    assert!(buyer.awaiting().contains(&session::Awaited::Retirement(next.id())));
    assert_eq!(buyer.status_at(t(2 * H)), Status::OfferOutstanding);
    let ev = buyer.receive(&retirement).unwrap();
    let archived: Vec<Kind> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Statement { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert_eq!(archived, vec![Kind::KeyRetirement, Kind::Receipt], "{ev:?}");
    assert!(!ev.iter().any(|e| matches!(e, Event::Finding(_))), "{ev:?}");
    assert_eq!(buyer.status_at(t(2 * H)), Status::Concluded);
    // The buyer's next steps go to the successor's key.
    assert_eq!(buyer.current_key(c.seller.id()), next.id());

    // Restored from its archive with the successor's key, the seller opens
    // what is still sealed to its first key once it is given that key back.
    let seller_bytes = seller.into_inner().unwrap();
    let again = buyer.present(acceptance.id, c.seller.card(), &mut rng).unwrap();
    let mut restored = Session::restore(copy(&next), Policy::default(), &seller_bytes, Vec::new()).unwrap();
    assert_eq!(restored.status_at(t(2 * H)), Status::Concluded);
    assert!(matches!(restored.receive(&again), Err(SessionError::Open(_))));
    let mut restored = Session::restore(copy(&next), Policy::default(), &seller_bytes, Vec::new())
        .unwrap()
        .with_former_key(copy(&c.seller))
        .unwrap();
    assert_eq!(
        restored.receive(&again).unwrap(),
        vec![Event::Duplicate { id: acceptance.id }]
    );
    assert!(matches!(
        Session::restore(copy(&next), Policy::default(), &seller_bytes, Vec::new())
            .unwrap()
            .with_former_key(copy(&c.stranger)),
        Err(SessionError::NotFormerKey(_))
    ));

    // Both archives audit as concluded, with no finding, and say who
    // succeeded whom.
    for (name, bytes) in [("seller", seller_bytes), ("buyer", buyer.into_inner().unwrap())] {
        let report = audit_bytes(&bytes, &c, &next);
        assert_eq!(report.status, Status::Concluded, "{name}: {:?}", report.findings);
        assert!(report.findings.is_empty(), "{name}: {:?}", report.findings);
        assert!(
            report
                .notices
                .iter()
                .any(|n| n.contains("retired its key") && n.contains(&next.id().to_string())),
            "{name}: {:?}",
            report.notices
        );
    }
}

#[test]
fn a_succession_that_would_break_a_rule_is_refused_unsigned() {
    let c = Cast::new();
    let mut rng = common::rng(32);
    let mut seller = session(&c.seller, &c);
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    let records = seller.records();
    // The buyer's key, a party to the contract, cannot succeed the seller's.
    let to = [c.buyer.card().clone(), c.tsa.card().clone()];
    match seller.retire(copy(&c.buyer), &to, None, t(60), &mut rng) {
        Err(SessionError::Refused { finding, .. }) => assert_eq!(finding.rule, Rule::KeySuccessor, "{finding}"),
        other => panic!("not refused: {other:?}"),
    }
    assert_eq!(seller.records(), records, "nothing archived");
    assert_eq!(
        seller.party().id(),
        c.seller.id(),
        "the session still signs with its key"
    );
    assert!(matches!(
        seller.retire(successor(&c.seller, t(0)), &[], None, t(60), &mut rng),
        Err(SessionError::NoRecipients)
    ));
    // A real succession then goes through; the buyer, told, addresses the
    // successor, and the retired key signs nothing more.
    let mut buyer = session(&c.buyer, &c);
    buyer.receive(&offer.parcel).unwrap();
    let next = successor(&c.seller, t(0));
    let out = seller
        .retire(
            copy(&next),
            std::slice::from_ref(c.buyer.card()),
            None,
            t(120),
            &mut rng,
        )
        .unwrap();
    buyer.receive(&out[0].parcel).unwrap();
    let rejection = buyer.reject(offer.id, Rejection::default(), t(300), &mut rng).unwrap();
    assert_eq!(rejection.to, next.id(), "the buyer's reply goes to the successor's key");
    seller.receive(&rejection.parcel).unwrap();
    let r = seller.receipt_for(rejection.id, t(310), t(320), &mut rng).unwrap();
    assert_eq!(seller.statement(&r.id).unwrap().sender(), next.id());
    buyer.receive(&r.parcel).unwrap();
    for s in [seller, buyer] {
        let report = audit_bytes(&s.into_inner().unwrap(), &c, &next);
        assert_eq!(report.status, Status::OfferRejected);
        assert!(report.findings.is_empty(), "{:?}", report.findings);
    }
}

#[test]
fn a_retirement_goes_once_to_each_party_and_a_retired_key_cannot_be_restored_or_reused() {
    let c = Cast::new();
    let mut rng = common::rng(33);
    let mut seller = session(&c.seller, &c);
    seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    let next = successor(&c.seller, t(0));
    // The buyer twice, the seller itself and the successor: one retirement.
    let to = [
        c.buyer.card().clone(),
        c.buyer.card().clone(),
        c.seller.card().clone(),
        next.card().clone(),
    ];
    let out = seller.retire(copy(&next), &to, None, t(60), &mut rng).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].to, c.buyer.id());
    // Retiring the successor's key again needs a new successor; the
    // retired key is no longer the session's.
    assert_eq!(seller.party().id(), next.id());
    let bytes = seller.into_inner().unwrap();
    // Restoring with the retired key is refused; with the successor's,
    // the retired key is a former key, the successor's is not.
    assert!(matches!(
        Session::restore(copy(&c.seller), Policy::default(), &bytes, Vec::new()),
        Err(SessionError::NotMine(_))
    ));
    let restored = Session::restore(copy(&next), Policy::default(), &bytes, Vec::new()).unwrap();
    assert!(matches!(
        restored.with_former_key(copy(&next)),
        Err(SessionError::NotFormerKey(_))
    ));
    let restored = Session::restore(copy(&next), Policy::default(), &bytes, Vec::new()).unwrap();
    assert!(restored.with_former_key(copy(&c.seller)).is_ok());
}
