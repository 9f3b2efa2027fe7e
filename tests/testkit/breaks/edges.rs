//! Testkit cases at the edges of the law, clean or not.

use super::*;

pub(super) fn edges(k: &mut Kit) {
    // CISG 16(1): an acceptance dispatched before the revocation reached the
    // buyer stands, even if it is archived after the revocation.
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
    let bad = at(&s, "revocation");
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        1200,
        Acceptance::default(),
        &["offer"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("form-revocation-acceptance-archived-after", "FORM-REVOCATION: the acceptance, signed and stamped before the revocation reached the buyer, is archived after it; the acceptance stands (CISG 16(1); SPEC 18.4)", &s, pd(), Completed, &[(FormRevocation, bad)]);

    // An objection to a plainly late acceptance: nothing to object to, and
    // the acceptance stays late.
    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(1800), false);
    s.accept();
    s.send(
        "objection",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Objection::default(),
        &["acceptance"],
    );
    k.add("form-objection-to-late-acceptance", "FORM-OBJECTION and FORM-LATE: an objection to a late acceptance that was not delayed in transmission (CISG 21(1), (2))", &s, pd(), OfferLapsed, &[(FormLate, at(&s, "acceptance")), (FormObjection, at(&s, "objection"))]);

    // A delayed acceptance (21(2)) that the seller also confirms.
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
        "confirmation",
        Who::Seller,
        Who::Buyer,
        2 * DAY + 2 * H,
        Confirmation::default(),
        &["acceptance"],
    );
    perform(&mut s, 3 * DAY);
    k.ok(
        "ok-delayed-acceptance-also-confirmed",
        "an acceptance delayed in transmission (CISG 21(2)) that the seller also confirms at once (21(1)): a contract",
        &s,
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
    s.send(
        "withdrawal",
        Who::Buyer,
        Who::Seller,
        H + 30,
        Withdrawal::default(),
        &["acceptance"],
    );
    s.receipt("acceptance", H + 600);
    s.receipt("withdrawal", H + 600);
    k.add("ok-acceptance-withdrawn-simultaneously", "the withdrawal of the acceptance reaches the seller at the same moment as the acceptance (CISG 22, \"before or at the same time\")", &s, pd(), OfferOutstanding, &[]);

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, Some(H + 600), false);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-acceptance-reaches-at-lapse",
        "the acceptance reaches the seller exactly at the fixed time: in time (CISG 18(2), 20)",
        &s,
    );

    let mut s = Scenario::new(dflt());
    s.offer().accept();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        H + 1200,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    let bad = at(&s, "counter");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "seq-unexpected-counter-offer-after-acceptance",
        "SEQ-UNEXPECTED: the buyer counter-offers after its acceptance concluded the contract (CISG 23)",
        &s,
        pd(),
        Completed,
        &[(SeqUnexpected, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        H + 1200,
        Rejection::default(),
        &["offer"],
    );
    let bad = at(&s, "rejection");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "seq-unexpected-rejection-after-acceptance",
        "SEQ-UNEXPECTED: the buyer rejects the offer after its acceptance concluded the contract (CISG 17, 23)",
        &s,
        pd(),
        Completed,
        &[(SeqUnexpected, bad)],
    );

    // A counter-offer without a fixed time lapses after the reasonable time.
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
        "acceptance",
        Who::Seller,
        Who::Buyer,
        15 * DAY,
        Acceptance::default(),
        &["counter"],
    );
    k.add("form-late-counter-offer", "FORM-LATE: the seller accepts the buyer's counter-offer (no fixed time) after 15 days, beyond the reasonable time (CISG 18(2), 19(1))", &s, pd(), OfferLapsed, &[(FormLate, at(&s, "acceptance"))]);
    // A late objection to an acceptance delayed in transmission: it stands.
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
        5 * DAY,
        Objection::default(),
        &["acceptance"],
    );
    let bad = at(&s, "objection");
    perform(&mut s, 6 * DAY);
    k.add("form-objection-late-to-delayed-acceptance", "FORM-OBJECTION: an objection three days after a delayed acceptance arrived is not without delay, so the acceptance is effective (CISG 21(2))", &s, pd(), Completed, &[(FormObjection, bad)]);

    // Returned unpaid (URC 522 Art. 26: the documents go back).
    let coll = |via| {
        variant(|v| {
            v.channel = Channel::Collection;
            v.via_seller_bank = via;
        })
    };
    let mut s = notified(coll(false));
    s.collect();
    let x = title_body(&s);
    let w = after_all(&s) + 10 * DAY;
    s.send("return", Who::BuyerBank, Who::Seller, w, x, &["collection"]);
    k.add("ok-collection-returned-unpaid", "D/P collection: the buyer does not pay and the presenting bank returns the bill of lading to the seller (URC 522 Arts. 7, 26)", &s, pd(), PerformanceNotified, &[]);
    let mut s = notified(coll(true));
    s.collect();
    let x = title_body(&s);
    let w = after_all(&s) + 10 * DAY;
    s.send(
        "return.1",
        Who::BuyerBank,
        Who::SellerBank,
        w,
        x.clone(),
        &["forward.0"],
    );
    s.send("return.2", Who::SellerBank, Who::Seller, w + H, x, &["return.1"]);
    k.add("ok-collection-returned-via-banks", "D/P collection unpaid: the presenting bank returns the bill of lading to the remitting bank, which returns it to the seller (URC 522 Arts. 3, 26)", &s, pd(), PerformanceNotified, &[]);
    let mut s = notified(coll(false));
    s.collect();
    let x = title_body(&s);
    s.send(
        "title.0",
        Who::BuyerBank,
        Who::Buyer,
        notice_time(&s) + 2 * H,
        x,
        &["collection"],
    );
    k.add(
        "title-before-payment-collection",
        "TITLE-BEFORE-PAYMENT: the presenting bank releases the D/P documents before the buyer paid (URC 522 Art. 7)",
        &s,
        pd(),
        PerformanceNotified,
        &[(TitleBeforePayment, at(&s, "title.0"))],
    );
    let mut s = notified(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    let x = title_body(&s);
    s.send(
        "title.early",
        Who::Seller,
        Who::Buyer,
        notice_time(&s) + 2 * H,
        x,
        &["proof.carriage.0", "notice"],
    );
    let bad = at(&s, "title.early");
    s.pay().transfer().pay_draft();
    k.add("title-before-payment-da-before-draft", "TITLE-BEFORE-PAYMENT: under D/A the seller transfers title before the buyer accepted the draft (URC 522 Art. 7)", &s, pd(), Completed, &[(TitleBeforePayment, bad)]);

    // D/A, but the buyer pays at once: payment in full always entitles.
    let mut s = notified(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p,
        &["notice"],
    );
    let x = title_body(&s);
    s.send(
        "title.0",
        Who::Seller,
        Who::Buyer,
        notice_time(&s) + 5 * H,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    k.ok("ok-da-paid-at-sight", "under D/A the buyer pays the price at once instead of accepting a draft; title passes on payment (URC 522 Art. 7)", &s);

    // Shipment dates.
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    perform(&mut s, 29 * DAY);
    k.ok(
        "ok-shipped-on-latest-day",
        "goods shipped at the very latest shipment time the terms allow (CISG 33)",
        &s,
    );
    let mut s = instructed(dflt());
    let b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        20 * H,
        b,
        &["instruct.insurance"],
    );
    let b = s.proof_body(ServiceKind::Carriage, 0, 29 * DAY);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        31 * DAY,
        b,
        &["instruct.carriage"],
    );
    let price = s.terms.price;
    notice_of(
        &mut s,
        "notice",
        32 * DAY,
        &["proof.insurance", "proof.carriage.0"],
        price,
    );
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, 33 * DAY, p, &["notice"]);
    let x = title_body(&s);
    s.send(
        "title.0",
        Who::Seller,
        Who::Buyer,
        34 * DAY,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    k.ok("ok-bill-signed-after-latest-date", "the bill of lading states shipment on day 29; the carrier's proof is signed on day 31: the shipment date decides (CISG 33; UCP 600 Art. 20)", &s);

    // Two goods lines.
    let two_lines = |s: &mut Scenario| {
        s.terms.goods.push(GoodsLine {
            description: "Jute sacks, 60 kg, new".into(),
            quantity: 320,
            unit: "EA".into(),
        });
        s.offer().accept().instruct();
        let b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
        s.send(
            "proof.insurance",
            Who::Insurer,
            Who::Seller,
            20 * H,
            b,
            &["instruct.insurance"],
        );
    };
    let both = |s: &Scenario| {
        carriage_proof(s, 0, 24 * H, |p| {
            if let Facts::Carriage { quantities, .. } = &mut p.facts {
                *quantities = vec![QUANTITY, 320];
            }
        })
    };
    let mut s = Scenario::new(dflt());
    two_lines(&mut s);
    let b = both(&s);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        24 * H,
        b,
        &["instruct.carriage"],
    );
    finish_from_notice(&mut s);
    k.ok(
        "ok-two-goods-lines",
        "coffee and sacks: two goods lines, one bill of lading giving both quantities (CISG 35(1))",
        &s,
    );
    let mut s = Scenario::new(dflt());
    two_lines(&mut s);
    let one = carriage_proof(&s, 95, 23 * H, |_| {});
    s.send(
        "extra.proof",
        Who::Carrier,
        Who::Seller,
        23 * H,
        one,
        &["instruct.carriage"],
    );
    let bad = at(&s, "extra.proof");
    let b = both(&s);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        24 * H,
        b,
        &["instruct.carriage"],
    );
    finish_from_notice(&mut s);
    k.add(
        "perf-quantity-missing-line",
        "PERF-QUANTITY: a bill of lading for a two-line contract that gives a quantity for one line only",
        &s,
        pd(),
        Completed,
        &[(PerfQuantity, bad)],
    );

    // TIME-ORDER on a notice signed before a proof it carries.
    let mut s = instructed(dflt());
    s.prove();
    let price = s.terms.price;
    notice_of(
        &mut s,
        "notice",
        24 * H - 1000,
        &["proof.insurance", "proof.carriage.0"],
        price,
    );
    let bad = at(&s, "notice");
    s.pay().transfer();
    k.add(
        "time-order-notice-before-proof",
        "TIME-ORDER: the notice is signed 1000 s before the carriage proof it carries",
        &s,
        pd(),
        Completed,
        &[(TimeOrder, bad)],
    );

    // Partial views that still see a problem.
    let mut s = complete(coll(false));
    let w = after_all(&s);
    let x = title_body(&s);
    s.send(
        "release.again",
        Who::BuyerBank,
        Who::Stranger,
        w,
        x,
        &["collection", "pay.0"],
    );
    let recs = s.archive_of(Who::BuyerBank);
    let id = s.id("release.again");
    let i = recs
        .iter()
        .position(|r| matches!(r, Rec::St(x) if x.id() == id))
        .expect("in the bank's archive");
    let viewer = policy(|p| p.viewer = Some(s.pid(Who::BuyerBank)));
    k.push("view-presenting-bank-double-release", "TITLE-DOUBLE in a partial view: the presenting bank releases the bill of lading a second time from the state it already released (MLETR Art. 11)", bytes_of(&s.contract, &recs), viewer, PartialView, &[(TitleDouble, i)]);
    let mut s = instructed(dflt());
    s.prove();
    let alt = carriage_proof(&s, 0, 24 * H + 100, |p| p.comment = Some("amended".into()));
    s.send(
        "proof.amended",
        Who::Carrier,
        Who::Seller,
        24 * H + 100,
        alt,
        &["instruct.carriage"],
    );
    let recs = s.archive_of(Who::Carrier);
    let id = s.id("proof.amended");
    let i = recs
        .iter()
        .position(|r| matches!(r, Rec::St(x) if x.id() == id))
        .expect("in the carrier's archive");
    let viewer = policy(|p| p.viewer = Some(s.pid(Who::Carrier)));
    k.push("view-carrier-equivocation", "CHAIN-EQUIVOCATION in a partial view: the carrier's archive holds two different proofs for one bill of lading (DCSA PINT)", bytes_of(&s.contract, &recs), viewer, PartialView, &[(ChainEquivocation, i)]);

    // After completion the document may be pledged and surrendered.
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("pledge", Who::Buyer, Who::BuyerBank, w, x.clone(), &["title.0"]);
    s.send("surrender", Who::BuyerBank, Who::Carrier, w + H, x, &["pledge"]);
    k.ok("ok-pledged-then-surrendered", "after completion the buyer passes the bill of lading to its bank, which surrenders it for delivery (MLETR Art. 11, 17)", &s);
}
