//! Rule-breaking cases: FORM (formation of the contract).

use super::*;

pub(super) fn formation(k: &mut Kit) {
    for (name, about, f) in [
        (
            "form-definite-zero-quantity",
            "FORM-DEFINITE: an offer for zero kilograms is no offer (CISG 14(1))",
            (|t: &mut Terms| t.goods[0].quantity = 0) as fn(&mut Terms),
        ),
        (
            "form-definite-zero-price",
            "FORM-DEFINITE: an offer at a price of zero does not fix the price (CISG 14(1))",
            |t: &mut Terms| t.price = Amount::new("USD", 0).expect("amount"),
        ),
        (
            "form-definite-no-description",
            "FORM-DEFINITE: an offer whose goods line has no description does not indicate the goods (CISG 14(1))",
            |t: &mut Terms| t.goods[0].description = "   ".into(),
        ),
    ] {
        let mut s = Scenario::new(dflt());
        f(&mut s.terms);
        s.offer();
        k.add(name, about, &s, pd(), NoOffer, &[(FormDefinite, at(&s, "offer"))]);
    }
    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.goods[0].quantity = 0;
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        1200,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    let bad = at(&s, "counter");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-definite-counter-offer", "FORM-DEFINITE: a counter-offer for zero kilograms is no counter-offer, so the offer stands and is accepted (CISG 14(1), 19(1))", &s, pd(), Completed, &[(FormDefinite, bad)]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        100,
        Acceptance::default(),
        &["offer"],
    );
    k.add(
        "form-premature",
        "FORM-PREMATURE: an acceptance signed 500 s before the offer reached the buyer (CISG 15(1))",
        &s,
        pd(),
        OfferOutstanding,
        &[(FormPremature, at(&s, "acceptance"))],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        100,
        Acceptance::default(),
        &["offer"],
    );
    s.receipt("acceptance", 700);
    s.receipt("offer", 600);
    k.add("form-premature-receipt-archived-later", "FORM-PREMATURE: the offer's receipt, archived after the acceptance, shows the acceptance was signed before the offer arrived (CISG 15(1); SPEC 18.4)", &s, pd(), OfferOutstanding, &[(FormPremature, at(&s, "acceptance"))]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &["offer"],
    );
    s.accept();
    k.add("form-revoked", "FORM-REVOKED: an acceptance dispatched after the revocation of a revocable offer reached the buyer (CISG 16(1))", &s, pd(), OfferRevoked, &[(FormRevoked, at(&s, "acceptance"))]);
    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &["offer"],
    );
    s.accept();
    k.add("form-revoked-fixed-time-policy", "FORM-REVOKED: the policy reads a fixed time as not making the offer irrevocable, so the revocation works and the later acceptance is void (CISG 16(2)(a) as policy)", &s, policy(|p| p.fixed_time_irrevocable = false), OfferRevoked, &[(FormRevoked, at(&s, "acceptance"))]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(7 * DAY), true);
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &["offer"],
    );
    let bad = at(&s, "revocation");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-revocation-irrevocable", "FORM-REVOCATION: a revocation of an offer stated to be irrevocable has no effect; the acceptance concludes (CISG 16(2)(a))", &s, pd(), Completed, &[(FormRevocation, bad)]);
    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &["offer"],
    );
    let bad = at(&s, "revocation");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "form-revocation-fixed-time",
        "FORM-REVOCATION: the offer fixes a time for acceptance, so it cannot be revoked before then (CISG 16(2)(a))",
        &s,
        pd(),
        Completed,
        &[(FormRevocation, bad)],
    );
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
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
        "revocation",
        Who::Seller,
        Who::Buyer,
        H + 100,
        Revocation::default(),
        &["offer"],
    );
    s.receipt("revocation", H + 700);
    s.receipt("acceptance", H + 600);
    s.receipt_delay = Some(600);
    let bad = at(&s, "revocation");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "form-revocation-after-dispatch",
        "FORM-REVOCATION: the revocation reached the buyer after it had dispatched its acceptance (CISG 16(1))",
        &s,
        pd(),
        Completed,
        &[(FormRevocation, bad)],
    );
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.accept();
    s.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Revocation::default(),
        &["offer"],
    );
    let bad = at(&s, "revocation");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "form-revocation-after-conclusion",
        "FORM-REVOCATION: a revocation of an offer already accepted (CISG 16(1), 23)",
        &s,
        pd(),
        Completed,
        &[(FormRevocation, bad)],
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        1200,
        Rejection::default(),
        &["offer"],
    );
    s.accept();
    k.add(
        "form-rejected",
        "FORM-REJECTED: an acceptance of an offer the buyer had rejected (CISG 17)",
        &s,
        pd(),
        OfferRejected,
        &[(FormRejected, at(&s, "acceptance"))],
    );
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
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    s.send(
        "acceptance.original",
        Who::Buyer,
        Who::Seller,
        2400,
        Acceptance::default(),
        &["offer"],
    );
    let bad = at(&s, "acceptance.original");
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        3000,
        Acceptance::default(),
        &["counter"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-rejected-after-counter-offer", "FORM-REJECTED: the buyer accepts the original offer after its own counter-offer rejected it; the seller's acceptance of the counter-offer concludes (CISG 19(1), 17)", &s, pd(), Completed, &[(FormRejected, bad)]);

    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 0, Some(7 * DAY), false);
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
    s.receipt_delay = Some(600);
    s.accept();
    k.add(
        "form-withdrawn",
        "FORM-WITHDRAWN: an acceptance of an offer whose withdrawal reached the buyer before the offer (CISG 15(2))",
        &s,
        pd(),
        OfferWithdrawn,
        &[(FormWithdrawn, at(&s, "acceptance"))],
    );

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
    s.receipt("acceptance", H + 600);
    s.send(
        "withdrawal",
        Who::Buyer,
        Who::Seller,
        H + 100,
        Withdrawal::default(),
        &["acceptance"],
    );
    s.receipt("withdrawal", H + 900);
    s.receipt_delay = Some(600);
    let bad = at(&s, "withdrawal");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-withdrawal-of-acceptance-late", "FORM-WITHDRAWAL: the withdrawal of the acceptance reached the seller after the acceptance; the contract stands (CISG 22)", &s, pd(), Completed, &[(FormWithdrawal, bad)]);
    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "withdrawal",
        Who::Seller,
        Who::Buyer,
        1000,
        Withdrawal::default(),
        &["offer"],
    );
    let bad = at(&s, "withdrawal");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-withdrawal-of-offer-late", "FORM-WITHDRAWAL: a withdrawal arriving after the offer acts only as a revocation, and an offer fixing a time cannot be revoked (CISG 15(2), 16(2)(a))", &s, pd(), Completed, &[(FormWithdrawal, bad)]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(1800), false);
    s.accept();
    k.add("form-late", "FORM-LATE: the acceptance reached the seller 40 minutes after the fixed time and was never confirmed (CISG 18(2), 21(1))", &s, pd(), OfferLapsed, &[(FormLate, at(&s, "acceptance"))]);
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        15 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    k.add("form-late-reasonable-time", "FORM-LATE: an offer without a fixed time accepted after 15 days, beyond the reasonable time of 14 (CISG 18(2))", &s, pd(), OfferLapsed, &[(FormLate, at(&s, "acceptance"))]);
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
    s.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        2 * DAY + 2 * H,
        Objection {
            reason: Some("too late".into()),
        },
        &["acceptance"],
    );
    k.add(
        "form-late-delayed-and-objected",
        "FORM-LATE: an acceptance delayed in transmission, to which the seller objects without delay (CISG 21(2))",
        &s,
        pd(),
        OfferLapsed,
        &[(FormLate, at(&s, "acceptance"))],
    );
    let mut s = Scenario::new(variant(|v| v.cisg = false));
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        15 * DAY,
        Acceptance::default(),
        &["offer"],
    );
    k.add("form-late-cisg-excluded", "FORM-LATE: CISG excluded, an offer without fixed time still lapses after a reasonable time (UNIDROIT Principles Art. 2.1.7)", &s, pd(), OfferLapsed, &[(FormLate, at(&s, "acceptance"))]);

    // A confirmation too late leaves the acceptance late as well.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(1800), false);
    s.accept();
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        H + 600 + 3 * DAY,
        Confirmation::default(),
        &["acceptance"],
    );
    k.add("form-confirmation-late", "FORM-CONFIRMATION: a late acceptance confirmed three days after it arrived, not without delay, so it has no effect; the finding is the confirmation's (CISG 21(1))", &s, pd(), OfferLapsed, &[(FormConfirmation, at(&s, "confirmation"))]);

    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Objection::default(),
        &["acceptance"],
    );
    let bad = at(&s, "objection");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-objection-nothing-to-object", "FORM-OBJECTION: an objection to an acceptance in time with no additions has no effect; the contract stands (CISG 19(2))", &s, pd(), Completed, &[(FormObjection, bad)]);
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
        H + 600 + 3 * DAY,
        Objection::default(),
        &["acceptance"],
    );
    let bad = at(&s, "objection");
    perform(&mut s, 4 * DAY);
    k.add("form-objection-undue-delay", "FORM-OBJECTION: an objection to non-material additions three days after the acceptance arrived is not without undue delay; the contract stands (CISG 19(2))", &s, pd(), Completed, &[(FormObjection, bad)]);

    let mut s = Scenario::new(dflt());
    s.offer();
    let changes = TermsChanges {
        place: Some("Antwerp".into()),
        ..TermsChanges::default()
    };
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance {
            changes: Some(changes),
            ..Acceptance::default()
        },
        &["offer"],
    );
    let bad = at(&s, "counter");
    s.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Acceptance::default(),
        &["counter"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-counter-place-then-accepted", "FORM-COUNTER: an \"acceptance\" changing the place of delivery is a counter-offer (CISG 19(1), (3)); the seller accepts it", &s, pd(), Completed, &[(FormCounter, bad)]);
    let mut s = Scenario::new(dflt());
    s.offer();
    let changes = TermsChanges {
        price: Some(usd(PRICE - 100_000)),
        ..TermsChanges::default()
    };
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        H,
        Acceptance {
            changes: Some(changes),
            ..Acceptance::default()
        },
        &["offer"],
    );
    k.add("form-counter-price", "FORM-COUNTER: an \"acceptance\" at a lower price is a rejection and a counter-offer, now outstanding (CISG 19(1), (3))", &s, pd(), OfferOutstanding, &[(FormCounter, at(&s, "counter"))]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.stamp = false;
    s.accept();
    s.stamp = true;
    let bad = at(&s, "acceptance");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-timestamp", "FORM-TIMESTAMP: the acceptance carries no third-party time-stamp; the contract is concluded, but its time rests on the parties' word (source step 2)", &s, pd(), Completed, &[(FormTimestamp, bad)]);
    let mut s = Scenario::new(dflt());
    s.offer();
    s.stamp = false;
    s.accept();
    s.stamp = true;
    let acc = s.id("acceptance");
    let tk = next(&s);
    s.token_by(Who::Carrier, acc, H + 60, 1);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-timestamp-by-carrier", "FORM-TIMESTAMP and TIME-AUTHORITY: the acceptance's only token is issued by the carrier, a party to the contract", &s, pd(), Completed, &[(FormTimestamp, at(&s, "acceptance")), (TimeAuthority, tk)]);
}
