//! Rule-breaking cases: ROLE (who may sign what).

use super::*;

pub(super) fn roles(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    let o = offer_body(&s, Some(7 * DAY), false);
    s.send("offer.stranger", Who::Stranger, Who::Buyer, 0, o, &[]);
    let bad = at(&s, "offer.stranger");
    k.add(
        "role-offer-from-stranger",
        "ROLE-OFFER: an offer whose terms name another seller, sent by a stranger (CISG 14(1))",
        &s,
        pd(),
        NoOffer,
        &[(RoleOffer, bad)],
    );
    let mut s = Scenario::new(dflt());
    let o = offer_body(&s, Some(7 * DAY), false);
    s.send("offer.stranger", Who::Stranger, Who::Buyer, 0, o, &[]);
    let bad = at(&s, "offer.stranger");
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-offer-then-real-offer",
        "ROLE-OFFER: a stranger's offer in the seller's name, then the seller's own offer accepted and performed",
        &s,
        pd(),
        Completed,
        &[(RoleOffer, bad)],
    );
    let mut s = Scenario::new(dflt());
    let o = offer_body(&s, Some(7 * DAY), false);
    s.send("offer", Who::Seller, Who::BuyerBank, 0, o, &[]);
    k.add(
        "role-offer-to-bank",
        "ROLE-OFFER: the seller addresses the offer to the buyer's bank, not to the buyer its terms name",
        &s,
        pd(),
        NoOffer,
        &[(RoleOffer, at(&s, "offer"))],
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "acceptance.stranger",
        Who::Stranger,
        Who::Seller,
        1800,
        Acceptance::default(),
        &["offer"],
    );
    let bad = at(&s, "acceptance.stranger");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-acceptance-by-stranger",
        "ROLE-ACCEPTANCE: a stranger \"accepts\" the offer; only the offeree can (CISG 18(1))",
        &s,
        pd(),
        Completed,
        &[(RoleAcceptance, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "acceptance",
        Who::Buyer,
        Who::Carrier,
        H,
        Acceptance::default(),
        &["offer"],
    );
    k.add(
        "role-acceptance-to-carrier",
        "ROLE-ACCEPTANCE: the buyer sends its acceptance to the carrier, not the offeror",
        &s,
        pd(),
        OfferOutstanding,
        &[(RoleAcceptance, at(&s, "acceptance"))],
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "rejection.stranger",
        Who::Stranger,
        Who::Seller,
        1800,
        Rejection::default(),
        &["offer"],
    );
    let bad = at(&s, "rejection.stranger");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-rejection-by-stranger",
        "ROLE-REJECTION: a stranger's rejection does not end the offer (CISG 17)",
        &s,
        pd(),
        Completed,
        &[(RoleRejection, bad)],
    );

    let mut s = Scenario::new(dflt());
    offer_at(&mut s, "offer", 0, None, false);
    s.send(
        "revocation.buyer",
        Who::Buyer,
        Who::Seller,
        1800,
        Revocation::default(),
        &["offer"],
    );
    let bad = at(&s, "revocation.buyer");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-revocation-by-offeree",
        "ROLE-REVOCATION: the buyer (the offeree) \"revokes\" the seller's offer; only the offeror can (CISG 16(1))",
        &s,
        pd(),
        Completed,
        &[(RoleRevocation, bad)],
    );

    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.place = "Antwerp".into();
    s.send(
        "counter.stranger",
        Who::Stranger,
        Who::Seller,
        1800,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    let bad = at(&s, "counter.stranger");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-counter-offer-by-stranger",
        "ROLE-COUNTER-OFFER: a stranger's counter-offer does not reject the offer (CISG 19(1))",
        &s,
        pd(),
        Completed,
        &[(RoleCounterOffer, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    let mut terms = s.terms.clone();
    terms.buyer = s.pid(Who::Stranger);
    s.send(
        "counter.other-buyer",
        Who::Buyer,
        Who::Seller,
        1800,
        Message::CounterOffer(Offer {
            terms,
            lapse: None,
            irrevocable: false,
        }),
        &["offer"],
    );
    let bad = at(&s, "counter.other-buyer");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-counter-offer-other-buyer",
        "ROLE-COUNTER-OFFER: the buyer's counter-offer names another buyer; a counter-offer keeps seller and buyer",
        &s,
        pd(),
        Completed,
        &[(RoleCounterOffer, bad)],
    );

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
        "confirmation.buyer",
        Who::Buyer,
        Who::Seller,
        H + 900,
        Confirmation::default(),
        &["acceptance"],
    );
    let bad = at(&s, "confirmation.buyer");
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        H + 1200,
        Confirmation::default(),
        &["acceptance"],
    );
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("role-confirmation-by-offeree", "ROLE-CONFIRMATION: the buyer \"confirms\" its own late acceptance; the seller then confirms it in time (CISG 21(1))", &s, pd(), Completed, &[(RoleConfirmation, bad)]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "withdrawal.stranger",
        Who::Stranger,
        Who::Buyer,
        100,
        Withdrawal::default(),
        &["offer"],
    );
    let bad = at(&s, "withdrawal.stranger");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-withdrawal-by-stranger",
        "ROLE-WITHDRAWAL: a stranger's withdrawal of the seller's offer has no effect (CISG 15(2))",
        &s,
        pd(),
        Completed,
        &[(RoleWithdrawal, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.send(
        "withdrawal.seller",
        Who::Seller,
        Who::Buyer,
        H + 60,
        Withdrawal::default(),
        &["acceptance"],
    );
    let bad = at(&s, "withdrawal.seller");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-withdrawal-of-acceptance-by-offeror",
        "ROLE-WITHDRAWAL: the seller \"withdraws\" the buyer's acceptance; only the offeree can (CISG 22)",
        &s,
        pd(),
        Completed,
        &[(RoleWithdrawal, bad)],
    );

    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.send(
        "objection.stranger",
        Who::Stranger,
        Who::Buyer,
        H + 1200,
        Objection::default(),
        &["acceptance"],
    );
    let bad = at(&s, "objection.stranger");
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-objection-by-stranger",
        "ROLE-OBJECTION: a stranger objects to the buyer's acceptance; only the offeror can (CISG 19(2))",
        &s,
        pd(),
        Completed,
        &[(RoleObjection, bad)],
    );

    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry for the buyer".into(),
    };
    s.send(
        "instruct.buyer",
        Who::Buyer,
        Who::Carrier,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.buyer");
    s.prove();
    finish_from_notice(&mut s);
    k.add("role-instruction-buyer-under-cif", "ROLE-INSTRUCTION: under CIF the buyer instructs the carrier; the seller contracts carriage (Incoterms 2020 A4)", &s, pd(), Completed, &[(RoleInstruction, bad)]);
    let mut s = instructed(variant(|v| v.incoterm = Incoterm::Fob));
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry for the seller".into(),
    };
    s.send(
        "instruct.seller",
        Who::Seller,
        Who::Carrier,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.seller");
    s.prove();
    finish_from_notice(&mut s);
    k.add("role-instruction-seller-under-fob", "ROLE-INSTRUCTION: under FOB the seller instructs the carrier; the buyer contracts carriage (Incoterms 2020 B4)", &s, pd(), Completed, &[(RoleInstruction, bad)]);
    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Insurance,
        task: "insure for the buyer".into(),
    };
    s.send(
        "instruct.buyer",
        Who::Buyer,
        Who::Insurer,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.buyer");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "role-instruction-buyer-insures-under-cif",
        "ROLE-INSTRUCTION: under CIF the buyer instructs the insurer; the seller insures (Incoterms 2020 A5)",
        &s,
        pd(),
        Completed,
        &[(RoleInstruction, bad)],
    );

    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 97, 23 * H, |_| {});
    s.send(
        "extra.inspector",
        Who::Inspector,
        Who::Seller,
        23 * H,
        b,
        &["instruct.carriage"],
    );
    let bad = at(&s, "extra.inspector");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "role-proof-by-wrong-provider",
        "ROLE-PROOF: a carriage proof signed by the inspection agency, not the instructed carrier (source step 4)",
        &s,
        pd(),
        Completed,
        &[(RoleProof, bad)],
    );
    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 97, 23 * H, |_| {});
    s.send(
        "extra.to-buyer",
        Who::Carrier,
        Who::Buyer,
        23 * H,
        b,
        &["instruct.carriage"],
    );
    let bad = at(&s, "extra.to-buyer");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "role-proof-to-buyer",
        "ROLE-PROOF: the carrier sends its proof to the buyer, not to the seller who owes the document",
        &s,
        pd(),
        Completed,
        &[(RoleProof, bad)],
    );

    let mut s = instructed(dflt());
    s.prove();
    let names = s.proof_names();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let price = s.terms.price;
    let bodies: Vec<Statement> = refs.iter().map(|n| s.statement(n).into_inner()).collect();
    s.send(
        "notice.stranger",
        Who::Seller,
        Who::Stranger,
        notice_time(&s) - H,
        PerformanceNotice {
            due: price,
            proofs: bodies,
        },
        &refs,
    );
    let bad = at(&s, "notice.stranger");
    finish_from_notice(&mut s);
    k.add(
        "role-notice-to-stranger",
        "ROLE-NOTICE: the performance notice goes to a stranger, not the buyer (source step 5)",
        &s,
        pd(),
        Completed,
        &[(RoleNotice, bad)],
    );

    let mut s = notified(dflt());
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send(
        "pay.stranger",
        Who::Stranger,
        Who::Seller,
        notice_time(&s) + H,
        p,
        &["notice"],
    );
    let bad = at(&s, "pay.stranger");
    s.pay().transfer();
    k.add(
        "role-payment-by-stranger",
        "ROLE-PAYMENT: a stranger's \"payment\" as the buyer proves nothing about the buyer's obligation (CISG 53, 54)",
        &s,
        pd(),
        Completed,
        &[(RolePayment, bad)],
    );
    let mut s = notified(dflt());
    let p = s.payment_body(PRICE, true, PayerRole::BuyerBank);
    s.send(
        "pay.bank",
        Who::BuyerBank,
        Who::Seller,
        notice_time(&s) + H,
        p,
        &["notice"],
    );
    let bad = at(&s, "pay.bank");
    s.pay().transfer();
    k.add(
        "role-payment-by-unnamed-bank",
        "ROLE-PAYMENT: a bank the terms do not name pays as the buyer's bank (CISG 54; URC 522)",
        &s,
        pd(),
        Completed,
        &[(RolePayment, bad)],
    );
    let mut s = notified(dflt());
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Carrier,
        notice_time(&s) + 4 * H,
        p,
        &["notice"],
    );
    k.add(
        "role-payment-to-carrier",
        "ROLE-PAYMENT: the buyer pays the carrier instead of the seller",
        &s,
        pd(),
        PerformanceNotified,
        &[(RolePayment, at(&s, "pay.0"))],
    );
    let mut s = complete(variant(|v| v.channel = Channel::Collection));
    let w = after_all(&s);
    let r = s.payment_body(PRICE, false, PayerRole::CollectingBank);
    s.send("remit.stranger", Who::Stranger, Who::Seller, w, r, &["pay.0"]);
    k.add(
        "role-payment-remittance-by-stranger",
        "ROLE-PAYMENT: a remittance of the proceeds from someone other than the presenting bank (URC 522 Art. 16)",
        &s,
        pd(),
        Completed,
        &[(RolePayment, at(&s, "remit.stranger"))],
    );

    let mut s = notified(dflt());
    let names = s.proof_names();
    let docs: Vec<DocumentRef> = names
        .iter()
        .map(|n| match s.statement(n).message() {
            Message::ServiceProof(p) => DocumentRef {
                id: p.document.id.clone(),
                digest: p.document.digest,
            },
            _ => unreachable!(),
        })
        .collect();
    let c = CollectionInstruction {
        documents: docs.clone(),
        terms: PaymentTerms::DocumentsAgainstPayment,
        amount: s.terms.price,
        presenting_bank: s.pid(Who::BuyerBank),
        tenor_days: None,
    };
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    s.send("collection", Who::Seller, Who::BuyerBank, notice_time(&s) + H, c, &refs);
    let bad = at(&s, "collection");
    s.pay().transfer();
    k.add("role-collection-direct-channel", "ROLE-COLLECTION: a collection instruction under terms that provide for direct payment, no collection (URC 522 Arts. 3, 4)", &s, pd(), Completed, &[(RoleCollection, bad)]);
    let mut s = notified(variant(|v| v.channel = Channel::Collection));
    let c = CollectionInstruction {
        documents: docs,
        terms: PaymentTerms::DocumentsAgainstPayment,
        amount: s.terms.price,
        presenting_bank: s.pid(Who::BuyerBank),
        tenor_days: None,
    };
    s.send(
        "collection.stranger",
        Who::Seller,
        Who::Stranger,
        notice_time(&s) + 30 * 60,
        c,
        &refs,
    );
    let bad = at(&s, "collection.stranger");
    s.collect().pay().transfer().remit();
    k.add(
        "role-collection-to-unnamed-bank",
        "ROLE-COLLECTION: the seller sends the collection instruction to a party the terms name as no bank",
        &s,
        pd(),
        Completed,
        &[(RoleCollection, bad)],
    );

    let mut s = complete_default();
    let w = after_all(&s);
    let off = s.id("offer");
    let i = next(&s);
    s.receipt_by("offer.receipt.stranger", off, Who::Stranger, Who::Seller, w);
    k.add(
        "role-receipt-by-stranger",
        "ROLE-RECEIPT: a receipt of the offer signed by someone other than its addressee (CISG 24)",
        &s,
        pd(),
        Completed,
        &[(RoleReceipt, i)],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    let off = s.id("offer");
    let i = next(&s);
    s.receipt_by("offer.receipt.seller", off, Who::Seller, Who::Buyer, 600);
    s.receipt("offer", 600);
    s.receipt_delay = Some(600);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "role-receipt-by-sender",
        "ROLE-RECEIPT: the seller signs a \"receipt\" of its own offer (CISG 24: the addressee's receipt counts)",
        &s,
        pd(),
        Completed,
        &[(RoleReceipt, i)],
    );
}
