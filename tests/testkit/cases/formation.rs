//! Testkit cases: formation paths that end in a contract (or a clean end).

use super::*;

pub(super) fn formation_ok(k: &mut Kit) {
    // A purchase order: the buyer offers, the seller accepts.
    let mut s = Scenario::new(dflt());
    let o = offer_body(&s, Some(7 * DAY), false);
    s.send("offer", Who::Buyer, Who::Seller, 0, o, &[]);
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-purchase-order",
        "the buyer's purchase order (an offer to buy) accepted by the seller (CISG 14(1), 18)",
        &s,
    );

    // Counter-offer, then acceptance.
    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        1200,
        Message::CounterOffer(Offer {
            terms,
            lapse: Some(t(7 * DAY)),
            irrevocable: false,
        }),
        &["offer"],
    );
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        2400,
        Acceptance::default(),
        &["counter"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-counter-offer-accepted",
        "the buyer counter-offers another place of delivery; the seller accepts the counter-offer (CISG 19(1), 18)",
        &s,
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter.1",
        Who::Buyer,
        Who::Seller,
        1200,
        Message::CounterOffer(Offer {
            terms: terms.clone(),
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    terms.place = "Hamburg".into();
    s.send(
        "counter.2",
        Who::Seller,
        Who::Buyer,
        2400,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["counter.1"],
    );
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &["counter.2"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-counter-counter-accepted",
        "offer, counter-offer, counter-counter-offer, accepted by the buyer (CISG 19(1))",
        &s,
    );

    // Acceptance with changes that the seller then accepts: reported as
    // FORM-COUNTER (a finding, in the rule cases); here the clean variant is
    // the counter-offer kind above.

    // A rejected offer followed by a new offer.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer.first", 0, Some(7 * DAY), false);
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        1200,
        Rejection {
            reason: Some("price too high".into()),
        },
        &["offer.first"],
    );
    offer_at(&mut s, "offer", 2400, Some(7 * DAY), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        4800,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-rejected-then-new-offer",
        "the buyer rejects the offer (CISG 17); the seller makes a new offer, which is accepted",
        &s,
    );

    // Withdrawal of an offer before it arrives, then a new offer.
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer.first", 0, Some(7 * DAY), true);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        100,
        Withdrawal {
            reason: Some("wrong price".into()),
        },
        &["offer.first"],
    );
    s.receipt("withdrawal", 500);
    s.receipt("offer.first", 600);
    s.receipt_delay = Some(600);
    offer_at(&mut s, "offer", 1200, Some(7 * DAY), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-withdrawn-then-new-offer", "an irrevocable offer withdrawn by a withdrawal that reached the buyer first (CISG 15(2)); a new offer is accepted", &s);

    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 0, Some(7 * DAY), true);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        100,
        Withdrawal::default(),
        &["offer"],
    );
    s.receipt("withdrawal", 500);
    s.receipt("offer", 600);
    k.add(
        "ok-offer-withdrawn",
        "an irrevocable offer withdrawn: the withdrawal reached the buyer before the offer (CISG 15(2))",
        &s,
        pd(),
        OfferWithdrawn,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 0, Some(7 * DAY), false);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        0,
        Withdrawal::default(),
        &["offer"],
    );
    s.receipt("offer", 600);
    s.receipt("withdrawal", 600);
    k.add("ok-offer-withdrawn-together", "an offer and its withdrawal reach the buyer at the same moment: withdrawn (CISG 15(2), \"before or at the same time\")", &s, pd(), OfferWithdrawn, &[]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        H,
        Rejection::default(),
        &["offer"],
    );
    k.add(
        "ok-offer-rejected",
        "the buyer rejects the offer; the rejection reached the seller (CISG 17)",
        &s,
        pd(),
        OfferRejected,
        &[],
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1200,
        Revocation::default(),
        &["offer"],
    );
    k.add(
        "ok-offer-revoked",
        "a revocable offer (no fixed time) revoked before any acceptance was dispatched (CISG 16(1))",
        &s,
        pd(),
        OfferRevoked,
        &[],
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        1200,
        Withdrawal::default(),
        &["offer"],
    );
    k.add(
        "ok-late-withdrawal-revokes",
        "a withdrawal of a revocable offer that arrives after the offer works as a revocation (CISG 15(2), 16(1))",
        &s,
        pd(),
        OfferRevoked,
        &[],
    );

    // Withdrawal of an acceptance that reaches the offeror first.
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
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
    s.receipt("withdrawal", H + 300);
    s.receipt("acceptance", H + 600);
    k.add("ok-acceptance-withdrawn", "the buyer withdraws its acceptance; the withdrawal reached the seller first (CISG 22): no contract, the offer stands", &s, pd(), OfferOutstanding, &[]);

    // A late acceptance confirmed without delay.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(1800), false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Confirmation {
            note: Some("we accept your late acceptance".into()),
        },
        &["acceptance"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-late-acceptance-confirmed",
        "an acceptance reaches the seller after the fixed time; the seller confirms it without delay (CISG 21(1))",
        &s,
    );

    // A late acceptance delayed in transmission, no objection.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(2 * DAY), false);
    s.receipt_delay = None;
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance::default(),
        &["offer"],
    );
    s.receipt("acceptance", 2 * DAY + H);
    s.receipt_delay = Some(600);
    perform(&mut s, 3 * DAY);
    k.ok("ok-late-acceptance-delayed-in-transmission", "an acceptance sent a day before the fixed time arrives late through a transmission delay; the seller does not object (CISG 21(2))", &s);

    // Non-material additions, not objected to.
    let mut s = Scenario::new(dflt());
    s.offer();
    let acc = Acceptance {
        additions: vec!["please mark each bag with our order number".into()],
        ..Acceptance::default()
    };
    s.send("acceptance", Who::Buyer, Who::Seller, H, acc, &["offer"]);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-additions-not-objected", "an acceptance with a non-material addition the seller does not object to: a contract on the offer's terms plus the addition (CISG 19(2))", &s);

    // Additions objected to in time: a counter-offer.
    let mut s = Scenario::new(dflt());
    s.offer();
    let acc = Acceptance {
        additions: vec!["delivery notice by telephone".into()],
        ..Acceptance::default()
    };
    s.send("acceptance", Who::Buyer, Who::Seller, H, acc, &["offer"]);
    s.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        H + 1800,
        Objection {
            reason: Some("no telephone notices".into()),
        },
        &["acceptance"],
    );
    k.add("ok-objection-makes-counter-offer", "the seller objects without undue delay to the acceptance's addition: the reply is a counter-offer, now outstanding (CISG 19(2))", &s, pd(), OfferOutstanding, &[]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(7 * DAY), true);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-irrevocable-offer",
        "an offer stated to be irrevocable, accepted (CISG 16(2)(a))",
        &s,
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        10 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    perform(&mut s, 10 * DAY);
    k.ok(
        "ok-offer-without-fixed-time",
        "an offer without a fixed time accepted after 10 days, within the reasonable time of 14 (CISG 18(2))",
        &s,
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        400,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-acceptance-within-skew-of-offer-receipt", "the acceptance is signed 200 s before the offer's receipt time, within the 300 s clock skew (CISG 15(1); policy)", &s);
}
