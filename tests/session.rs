//! Sessions: a seller, a buyer and a time-stamp authority run the
//! formation through `Session`s, moving only parcel bytes; messages
//! arrive out of order and twice; a party restores from its archive; a
//! draft that would break a rule is refused unsigned.

mod common;

use common::{Cast, DAY, H, t};
use econtract::*;

fn new_session(me: &PartySecret, c: &Cast) -> Session<Vec<u8>> {
    let known: CardSet = [c.seller.card(), c.buyer.card(), c.tsa.card()]
        .into_iter()
        .cloned()
        .collect();
    Session::new(
        me.clone_for_test(),
        common::contract(),
        Policy::default(),
        &known,
        Vec::new(),
    )
    .unwrap()
}

trait CloneForTest {
    fn clone_for_test(&self) -> PartySecret;
}

impl CloneForTest for PartySecret {
    fn clone_for_test(&self) -> PartySecret {
        PartySecret::from_secrets(
            self.name(),
            &self.signing_seed(),
            &self.encryption_secret(),
            self.card().created(),
        )
        .unwrap()
    }
}

/// The authority stamps statement `id` for `session`, as a remote service
/// would: the session makes the request, the answer comes back as bytes.
fn stamp(session: &mut Session<Vec<u8>>, tsa: &mut LocalAuthority<impl Clock>, id: StatementId) -> Vec<Event> {
    let req = session.timestamp_request(id, None).unwrap();
    let token = tsa.issue(&req).unwrap();
    session.add_token(&token).unwrap()
}

fn audit_of(s: Session<Vec<u8>>, c: &Cast) -> Report {
    let bytes = s.into_inner().unwrap();
    audit(bytes.as_slice(), Some(&c.cards()), Policy::default(), |_| {}).unwrap()
}

#[test]
fn seller_and_buyer_conclude_through_sessions_moving_only_bytes() {
    let c = Cast::new();
    let mut rng = common::rng(7);
    let mut seller = new_session(&c.seller, &c);
    let mut buyer = new_session(&c.buyer, &c);
    let clock = std::rc::Rc::new(std::cell::Cell::new(t(0)));
    let tick = clock.clone();
    let mut tsa = LocalAuthority::new(c.tsa.clone_for_test(), move || tick.get(), 1);

    // The seller offers.
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    clock.set(t(5));
    stamp(&mut seller, &mut tsa, offer.id);
    assert_eq!(seller.status_at(t(10)), Status::OfferOutstanding);

    // The parcel goes with its token: `present` seals the statement again
    // (not re-signed) with the tokens the session now holds.
    let offer_parcel = seller.present(offer.id, c.buyer.card(), &mut rng).unwrap();
    assert_eq!(Parcel::from_bytes(&offer_parcel).unwrap().tokens.len(), 1);
    // The buyer receives it; a second delivery is a duplicate.
    let ev = buyer.receive(&offer_parcel).unwrap();
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Statement { kind: Kind::Offer, .. })),
        "{ev:?}"
    );
    assert!(ev.contains(&Event::Status {
        before: Status::NoOffer,
        after: Status::OfferOutstanding
    }));
    let ev = buyer.receive(&offer_parcel).unwrap();
    assert_eq!(ev, vec![Event::Duplicate { id: offer.id }]);

    // The buyer accepts and receipts the offer; the seller gets the
    // acceptance before the receipt of the offer: nothing is held back (the
    // receipt answers the offer, which the seller holds).
    let receipt = buyer.receipt_for(offer.id, t(60), t(90), &mut rng).unwrap();
    let acceptance = buyer
        .accept(offer.id, Acceptance::default(), t(2 * H), &mut rng)
        .unwrap();
    clock.set(t(2 * H + 5));
    stamp(&mut buyer, &mut tsa, acceptance.id);
    // Until the seller's receipt shows the acceptance reached it (CISG
    // 18(2)), neither archive proves the contract concluded.
    assert_eq!(buyer.status_at(t(3 * H)), Status::OfferOutstanding);
    let acceptance_parcel = buyer.present(acceptance.id, c.seller.card(), &mut rng).unwrap();
    seller.receive(&acceptance_parcel).unwrap();
    seller.receive(&receipt.parcel).unwrap();
    assert_eq!(seller.status_at(t(3 * H)), Status::OfferOutstanding);
    let r = seller
        .receipt_for(acceptance.id, t(2 * H + 60), t(2 * H + 90), &mut rng)
        .unwrap();
    assert_eq!(seller.status_at(t(3 * H)), Status::Concluded);
    let ev = buyer.receive(&r.parcel).unwrap();
    assert!(
        ev.contains(&Event::Status {
            before: Status::OfferOutstanding,
            after: Status::Concluded
        }),
        "{ev:?}"
    );
    // Both archives audit as concluded with no findings.
    for (name, s) in [("seller", seller), ("buyer", buyer)] {
        let report = audit_of(s, &c);
        assert_eq!(report.status, Status::Concluded, "{name}: {:?}", report.findings);
        assert!(report.findings.is_empty(), "{name}: {:?}", report.findings);
    }
}

#[test]
fn a_statement_that_arrives_before_the_one_it_answers_is_held_back() {
    let c = Cast::new();
    let mut rng = common::rng(8);
    let mut seller = new_session(&c.seller, &c);
    let mut buyer = new_session(&c.buyer, &c);
    // A third session, the buyer's bank's view, gets both presented by the
    // buyer, the acceptance first.
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    buyer.receive(&offer.parcel).unwrap();
    let acceptance = buyer.accept(offer.id, Acceptance::default(), t(H), &mut rng).unwrap();
    let mut seller2 = new_session(&c.seller, &c);
    // The seller's second device sees the acceptance before the offer.
    let presented_offer = seller.present(offer.id, c.seller.card(), &mut rng).unwrap();
    let ev = seller2.receive(&acceptance.parcel).unwrap();
    assert_eq!(
        ev,
        vec![Event::HeldBack {
            id: acceptance.id,
            missing: vec![offer.id],
            unknown_signer: None,
        }]
    );
    assert_eq!(seller2.held_back(), vec![(acceptance.id, vec![offer.id])]);
    let ev = seller2.receive(&presented_offer).unwrap();
    let kinds: Vec<Kind> = ev
        .iter()
        .filter_map(|e| match e {
            Event::Statement { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, [Kind::Offer, Kind::Acceptance]);
    assert!(seller2.held_back().is_empty());
    seller2
        .receipt_for(acceptance.id, t(H + 60), t(H + 90), &mut rng)
        .unwrap();
    assert_eq!(seller2.status_at(t(2 * H)), Status::Concluded);
}

#[test]
fn a_draft_that_would_break_a_rule_is_refused_unsigned_and_unarchived() {
    let c = Cast::new();
    let mut rng = common::rng(9);
    let mut seller = new_session(&c.seller, &c);
    let mut buyer = new_session(&c.buyer, &c);
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    buyer.receive(&offer.parcel).unwrap();
    let before = seller.records();
    // The offeror cannot accept its own offer: a statement to itself is
    // refused before the validator is asked.
    assert!(matches!(
        seller.accept(offer.id, Acceptance::default(), t(H), &mut rng),
        Err(SessionError::Build(BuildError::SelfAddressed))
    ));
    assert_eq!(seller.records(), before, "a refused draft is not archived");
    // An acceptance dated two hours before the offer it answers (more than
    // one clock skew) breaks TIME-ORDER:
    // refused unsigned, with the rule and why.
    let before = buyer.records();
    let early = UnixTime::from_secs(common::T0 - 2 * H).unwrap();
    match buyer.accept(offer.id, Acceptance::default(), early, &mut rng) {
        Err(e @ SessionError::Refused { .. }) => {
            let SessionError::Refused { finding, all } = &e else {
                unreachable!()
            };
            assert_eq!(finding.rule.id(), "TIME-ORDER", "{all:?}");
            assert!(
                e.to_string().contains("TIME-ORDER") && !finding.message.is_empty(),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(buyer.records(), before, "a refused draft is not archived");
    // Unanswered past its lapse, the offer is lapsed when the clock says so.
    assert_eq!(buyer.status_at(t(DAY)), Status::OfferOutstanding);
    assert_eq!(buyer.status_at(t(8 * DAY)), Status::OfferLapsed);
    // A late acceptance would be FORM-LATE in every archive unless the
    // offeror confirms it (CISG 21(1)): refused too.
    match buyer.accept(offer.id, Acceptance::default(), t(8 * DAY), &mut rng) {
        Err(SessionError::Refused { finding, .. }) => assert_eq!(finding.rule.id(), "FORM-LATE"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_party_restores_from_its_archive_and_a_torn_tail_is_reported() {
    let c = Cast::new();
    let mut rng = common::rng(10);
    let mut seller = new_session(&c.seller, &c);
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    let archive = seller.into_inner().unwrap();
    // Restored, it continues where it was: the buyer's acceptance concludes.
    let mut seller = Session::restore(c.seller.clone_for_test(), Policy::default(), &archive, Vec::new()).unwrap();
    assert_eq!(seller.status_at(t(10)), Status::OfferOutstanding);
    assert!(seller.statement(&offer.id).is_some());
    let mut buyer = new_session(&c.buyer, &c);
    buyer.receive(&offer.parcel).unwrap();
    let acceptance = buyer.accept(offer.id, Acceptance::default(), t(H), &mut rng).unwrap();
    seller.receive(&acceptance.parcel).unwrap();
    seller
        .receipt_for(acceptance.id, t(H + 60), t(H + 90), &mut rng)
        .unwrap();
    assert_eq!(seller.status_at(t(2 * H)), Status::Concluded);
    let appended = seller.into_inner().unwrap();
    let mut whole = archive.clone();
    whole.extend_from_slice(&appended);
    let report = audit(whole.as_slice(), Some(&c.cards()), Policy::default(), |_| {}).unwrap();
    assert_eq!(report.status, Status::Concluded);
    // A crash mid-write left a torn last record: restore says where to cut.
    let torn = &whole[..whole.len() - 5];
    match Session::restore(c.seller.clone_for_test(), Policy::default(), torn, Vec::new()) {
        Err(SessionError::TornTail { offset, .. }) => {
            let s = Session::restore(
                c.seller.clone_for_test(),
                Policy::default(),
                &torn[..offset as usize],
                Vec::new(),
            )
            .unwrap();
            assert_eq!(s.status_at(t(10)), Status::OfferOutstanding);
        }
        other => panic!("{other:?}"),
    }
    // Another party's archive is not restored as the seller's.
    let buyer_archive = buyer.into_inner().unwrap();
    let mut cards_only = Session::restore(c.seller.clone_for_test(), Policy::default(), &buyer_archive, Vec::new());
    // The buyer's archive holds the seller's card too: it restores, but as
    // the buyer's transcript it lacks nothing the seller needs. A party whose
    // card is absent is refused.
    assert!(cards_only.is_ok());
    cards_only = Session::restore(
        c.stranger.clone_for_test(),
        Policy::default(),
        &buyer_archive,
        Vec::new(),
    );
    assert!(matches!(cards_only, Err(SessionError::NotMine(_))));
}

#[test]
fn parcels_are_decoded_strictly() {
    let c = Cast::new();
    let mut rng = common::rng(11);
    let mut seller = new_session(&c.seller, &c);
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    let p = Parcel::from_bytes(&offer.parcel).unwrap();
    assert_eq!(p.to_bytes(), offer.parcel);
    assert_eq!(p.cards, vec![c.seller.card().as_bytes().to_vec()]);
    let mut buyer = new_session(&c.buyer, &c);
    // Every truncation and every flipped byte is an error, never a panic,
    // and never archives anything.
    for cut in 0..offer.parcel.len() {
        assert!(buyer.receive(&offer.parcel[..cut]).is_err());
    }
    let before = buyer.records();
    for i in (0..offer.parcel.len()).step_by(7) {
        let mut b = offer.parcel.clone();
        b[i] ^= 0x20;
        let _ = buyer.receive(&b);
    }
    assert_eq!(buyer.records(), before, "a damaged parcel archived something");
    // A token for another statement is refused.
    let mut wrong = p.clone();
    let mut tsa = LocalAuthority::new(c.tsa.clone_for_test(), || t(3), 1);
    wrong.tokens.push(
        tsa.issue(&TimestampRequest {
            imprint: StatementId::from_bytes([9; 32]),
            nonce: None,
        })
        .unwrap(),
    );
    let mut fresh = new_session(&c.buyer, &c);
    assert!(matches!(
        fresh.receive(&wrong.to_bytes()),
        Err(SessionError::TokenMismatch { .. })
    ));
}

/// The named builders fill in the recipient and the answers exactly as the
/// procedure does: run with the scenario's bodies and times, each signs the
/// scenario's very statement (same bytes, same id).
#[test]
fn the_named_builders_sign_the_procedures_statements() {
    let sc = common::trade::happy();
    let c = Cast::new();
    let mut rng = common::rng(12);
    let known = c.cards();
    // Providers keep a partial view (the policy's viewer): their sessions
    // archive what they get at once.
    let open = |me: &PartySecret, partial: bool| {
        let policy = Policy {
            viewer: partial.then(|| me.id()),
            ..Policy::default()
        };
        Session::new(me.clone_for_test(), common::contract(), policy, &known, Vec::new()).unwrap()
    };
    let (mut seller, mut buyer) = (open(&c.seller, false), open(&c.buyer, false));
    let (mut carrier, mut insurer) = (open(&c.carrier, true), open(&c.insurer, true));
    let body = |name: &str| sc.statement(name).message().clone();
    let time = |name: &str| sc.statement(name).time();
    // Adds the scenario's tokens for `name` to `s` and hands the statement,
    // with them, to `to`.
    let hand = |name: &str, s: &mut Session<Vec<u8>>, to: &mut Session<Vec<u8>>, rng: &mut rand_chacha::ChaCha20Rng| {
        let id = sc.statement(name).id();
        for r in &sc.records {
            if let common::Rec::Tok(t) = r
                && t.imprint() == id
            {
                s.add_token(t.as_bytes()).unwrap();
            }
        }
        let parcel = s.present(id, to.party().card(), rng).unwrap();
        to.receive(&parcel).unwrap();
    };
    let Message::Offer(o) = body("offer") else { panic!() };
    let offer = seller.send(c.buyer.card(), o, &[], time("offer"), &mut rng).unwrap();
    assert_eq!(offer.id, sc.statement("offer").id());
    hand("offer", &mut seller, &mut buyer, &mut rng);
    let Message::Receipt(r) = body("offer.receipt") else {
        panic!()
    };
    let receipt = buyer
        .receipt_for(offer.id, r.received, time("offer.receipt"), &mut rng)
        .unwrap();
    assert_eq!(receipt.id, sc.statement("offer.receipt").id());
    hand("offer.receipt", &mut buyer, &mut seller, &mut rng);
    let Message::Acceptance(a) = body("acceptance") else {
        panic!()
    };
    let acceptance = buyer.accept(offer.id, a, time("acceptance"), &mut rng).unwrap();
    assert_eq!(acceptance.id, sc.statement("acceptance").id());
    hand("acceptance", &mut buyer, &mut seller, &mut rng);
    let Message::Receipt(r) = body("acceptance.receipt") else {
        panic!()
    };
    let r = seller
        .receipt_for(acceptance.id, r.received, time("acceptance.receipt"), &mut rng)
        .unwrap();
    assert_eq!(r.id, sc.statement("acceptance.receipt").id());
    hand("acceptance.receipt", &mut seller, &mut buyer, &mut rng);
    for (name, provider) in [
        ("instruct.carriage", &mut carrier),
        ("instruct.insurance", &mut insurer),
    ] {
        let Message::ServiceInstruction(i) = body(name) else {
            panic!()
        };
        let out = seller
            .instruct(provider.party().card(), i, time(name), &mut rng)
            .unwrap();
        assert_eq!(out.id, sc.statement(name).id(), "{name}");
        hand(name, &mut seller, provider, &mut rng);
    }
    for (name, instruction, provider) in [
        ("proof.insurance", "instruct.insurance", &mut insurer),
        ("proof.carriage.0", "instruct.carriage", &mut carrier),
    ] {
        let Message::ServiceProof(p) = body(name) else { panic!() };
        let out = provider
            .prove(sc.statement(instruction).id(), p, time(name), &mut rng)
            .unwrap();
        assert_eq!(out.id, sc.statement(name).id(), "{name}");
        hand(name, provider, &mut seller, &mut rng);
    }
    let Message::PerformanceNotice(n) = body("notice") else {
        panic!()
    };
    let proofs: Vec<StatementId> = n.proofs.iter().map(Statement::id).collect();
    let notice = seller
        .notify_performance(c.buyer.card(), n.due, &proofs, time("notice"), &mut rng)
        .unwrap();
    assert_eq!(notice.id, sc.statement("notice").id());
    hand("notice", &mut seller, &mut buyer, &mut rng);
    let Message::Payment(p) = body("pay.0") else { panic!() };
    let pay = buyer
        .pay(c.seller.card(), notice.id, None, p, time("pay.0"), &mut rng)
        .unwrap();
    assert_eq!(pay.id, sc.statement("pay.0").id());
    hand("pay.0", &mut buyer, &mut seller, &mut rng);
    let Message::TitleTransfer(x) = body("title.0") else {
        panic!()
    };
    let title = seller
        .transfer_title(
            c.buyer.card(),
            x,
            sc.statement("proof.carriage.0").id(),
            pay.id,
            time("title.0"),
            &mut rng,
        )
        .unwrap();
    assert_eq!(title.id, sc.statement("title.0").id());
    hand("title.0", &mut seller, &mut buyer, &mut rng);
    assert_eq!(seller.status_at(time("title.0")), Status::Completed);
    assert_eq!(buyer.status_at(time("title.0")), Status::Completed);
    // The same document transferred again a minute later: refused
    // (TITLE-HOLDER or TITLE-DOUBLE), unsigned.
    let Message::TitleTransfer(x) = body("title.0") else {
        panic!()
    };
    let again = seller.transfer_title(
        c.buyer.card(),
        x,
        sc.statement("proof.carriage.0").id(),
        pay.id,
        UnixTime::from_secs(time("title.0").as_secs() + 60).unwrap(),
        &mut rng,
    );
    match again {
        Err(SessionError::Refused { finding, .. }) => assert!(finding.rule.id().starts_with("TITLE-"), "{finding}"),
        other => panic!("{other:?}"),
    }
    for (name, s) in [("seller", seller), ("buyer", buyer)] {
        let report = audit_of(s, &c);
        assert!(report.findings.is_empty(), "{name}: {:?}", report.findings);
        assert_eq!(report.status, Status::Completed, "{name}");
    }
}

/// An authority whose serial counter is a file never issues a serial twice:
/// eight authorities (one per thread, as eight processes would) share one
/// counter; a reservation whose token is never signed (a crash) leaves a
/// gap, not a repeat; a restarted authority continues after the last one.
#[test]
fn an_authority_with_a_file_serial_store_never_repeats_a_serial() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("serial-store");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let counter = dir.join("tsa.serial");
    let threads: Vec<_> = (0..8)
        .map(|k| {
            let counter = counter.clone();
            std::thread::spawn(move || {
                let c = Cast::new();
                let mut tsa = LocalAuthority::with_store(c.tsa, || t(5), FileSerialStore::new(&counter, 1));
                (0..20)
                    .map(|i| {
                        tsa.stamp(StatementId::from_bytes([k * 20 + i; 32]), None)
                            .unwrap()
                            .serial()
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut serials: Vec<u64> = threads.into_iter().flat_map(|h| h.join().unwrap()).collect();
    // A reservation that never became a token.
    let mut crashed = FileSerialStore::new(&counter, 1);
    let lost = crashed.reserve().unwrap();
    let c = Cast::new();
    let mut restarted = LocalAuthority::with_store(c.tsa, || t(6), FileSerialStore::new(&counter, 1));
    let after = restarted
        .stamp(StatementId::from_bytes([255; 32]), None)
        .unwrap()
        .serial();
    assert_eq!(after, lost + 1);
    serials.push(after);
    let n = serials.len();
    serials.sort();
    serials.dedup();
    assert_eq!(serials.len(), n, "a serial was issued twice");
    assert_eq!(serials.first(), Some(&1));
    // The counter's file holds the next serial.
    assert_eq!(
        std::fs::read_to_string(&counter).unwrap().trim(),
        (after + 1).to_string()
    );
    // A damaged counter stops the authority instead of starting again.
    std::fs::write(&counter, "not a number").unwrap();
    assert!(matches!(
        restarted.stamp(StatementId::from_bytes([254; 32]), None),
        Err(econtract::timestamp::LocalAuthorityError::Store(_))
    ));
}

/// `allowed` lists the procedure's next steps for the party, and `awaiting`
/// what it waits for; following the steps concludes the contract.
#[test]
fn allowed_and_awaiting_follow_the_procedure() {
    use econtract::session::{Awaited, Step};
    let c = Cast::new();
    let mut rng = common::rng(13);
    let mut seller = new_session(&c.seller, &c);
    let mut buyer = new_session(&c.buyer, &c);
    assert!(seller.allowed(t(0)).iter().any(|s| s.kind == Kind::Offer));
    let offer = seller
        .send(c.buyer.card(), common::offer(), &[], t(0), &mut rng)
        .unwrap();
    assert_eq!(seller.awaiting(), vec![Awaited::Receipt(offer.id)]);
    let mine = seller.allowed(t(10));
    assert!(mine.contains(&Step {
        kind: Kind::Withdrawal,
        to: Some(c.buyer.id()),
        answers: vec![offer.id]
    }));
    assert!(!mine.iter().any(|s| s.kind == Kind::Acceptance), "{mine:?}");
    buyer.receive(&offer.parcel).unwrap();
    let theirs = buyer.allowed(t(10));
    for kind in [Kind::Receipt, Kind::Acceptance, Kind::Rejection, Kind::CounterOffer] {
        assert!(
            theirs.iter().any(|s| s.kind == kind && s.answers == vec![offer.id]),
            "{kind}: {theirs:?}"
        );
    }
    let r = buyer.receipt_for(offer.id, t(20), t(30), &mut rng).unwrap();
    assert!(
        !buyer.allowed(t(40)).iter().any(|s| s.kind == Kind::Receipt),
        "the receipt is given"
    );
    let a = buyer.accept(offer.id, Acceptance::default(), t(H), &mut rng).unwrap();
    seller.receive(&r.parcel).unwrap();
    seller.receive(&a.parcel).unwrap();
    assert!(seller.awaiting().is_empty(), "{:?}", seller.awaiting());
    assert!(
        seller
            .allowed(t(H + 10))
            .iter()
            .any(|s| s.kind == Kind::Receipt && s.answers == vec![a.id])
    );
    seller.receipt_for(a.id, t(H + 20), t(H + 30), &mut rng).unwrap();
    let after = seller.allowed(t(H + 40));
    assert!(
        after
            .iter()
            .any(|s| s.kind == Kind::ServiceInstruction && s.answers == vec![a.id]),
        "{after:?}"
    );
    assert!(!after.iter().any(|s| s.kind == Kind::Offer));
}
