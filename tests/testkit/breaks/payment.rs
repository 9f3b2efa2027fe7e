//! Rule-breaking cases: PAY and COLL (payment and collection).

use super::*;

pub(super) fn payment(k: &mut Kit) {
    let mut s = instructed(dflt());
    s.prove();
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send("pay.early", Who::Buyer, Who::Seller, 25 * H, p, &["acceptance"]);
    let bad = at(&s, "pay.early");
    finish_from_notice(&mut s);
    k.add(
        "pay-before-notice",
        "PAY-BEFORE-NOTICE: a payment before the seller notified performance, answering the acceptance (source step 6)",
        &s,
        pd(),
        Completed,
        &[(PayBeforeNotice, bad)],
    );

    let mut s = notified(dflt());
    let mut p = s.payment_body(PRICE, true, PayerRole::Buyer);
    p.amount = Amount::new("EUR", PRICE).expect("amount");
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p,
        &["notice"],
    );
    k.add(
        "pay-currency",
        "PAY-CURRENCY: the price paid in euros, the contract currency is the dollar (ISO 4217; CISG 54)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayCurrency, at(&s, "pay.0"))],
    );
    let mut s = complete(variant(|v| v.channel = Channel::Collection));
    s.records.truncate(at(&s, "remit.0"));
    let mut r = s.payment_body(PRICE, false, PayerRole::CollectingBank);
    r.amount = Amount::new("EUR", PRICE).expect("amount");
    let w = after_all(&s);
    s.send("remit.0", Who::BuyerBank, Who::Seller, w, r, &["pay.0"]);
    k.add(
        "pay-currency-remittance",
        "PAY-CURRENCY: the presenting bank remits the proceeds in euros (URC 522 Art. 16; ISO 4217)",
        &s,
        pd(),
        Completed,
        &[(PayCurrency, at(&s, "remit.0"))],
    );

    for (name, about, minor) in [
        (
            "pay-amount-excess",
            "PAY-AMOUNT: a final payment exceeding the price (CISG 53)",
            PRICE + 100,
        ),
        (
            "pay-amount-short-final",
            "PAY-AMOUNT: a payment marked final that leaves USD 1.00 outstanding (CISG 53)",
            PRICE - 100,
        ),
    ] {
        let mut s = notified(dflt());
        let p = s.payment_body(minor, true, PayerRole::Buyer);
        s.send(
            "pay.0",
            Who::Buyer,
            Who::Seller,
            notice_time(&s) + 4 * H,
            p,
            &["notice"],
        );
        k.add(
            name,
            about,
            &s,
            pd(),
            PerformanceNotified,
            &[(PayAmount, at(&s, "pay.0"))],
        );
    }
    let mut s = complete_default();
    let w = after_all(&s);
    let p = s.payment_body(100, true, PayerRole::Buyer);
    s.send("pay.extra", Who::Buyer, Who::Seller, w, p, &["notice", "pay.0"]);
    k.add(
        "pay-amount-after-full-payment",
        "PAY-AMOUNT: a further payment after the price was paid in full (CISG 53)",
        &s,
        pd(),
        Completed,
        &[(PayAmount, at(&s, "pay.extra"))],
    );
    let mut s = notified(variant(|v| v.instalments = 2));
    let p = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p,
        &["notice"],
    );
    let p = s.payment_body(PRICE, false, PayerRole::Buyer);
    s.send(
        "pay.1",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H + DAY,
        p,
        &["notice", "pay.0"],
    );
    k.add(
        "pay-amount-instalments-exceed",
        "PAY-AMOUNT: a second instalment that would take the payments beyond the price (CISG 53)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayAmount, at(&s, "pay.1"))],
    );

    let mut s = notified(variant(|v| v.instalments = 2));
    let p0 = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    let mut p1 = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    p1.end_to_end_id = p0.end_to_end_id.clone();
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p0,
        &["notice"],
    );
    s.send(
        "pay.1",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H + DAY,
        p1,
        &["notice", "pay.0"],
    );
    k.add(
        "pay-e2e",
        "PAY-E2E: the second instalment reuses the first one's end-to-end id (ISO 20022)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayE2e, at(&s, "pay.1"))],
    );
    let mut s = notified(variant(|v| v.instalments = 2));
    let p0 = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    let mut p1 = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    p1.uetr = p0.uetr;
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p0,
        &["notice"],
    );
    s.send(
        "pay.1",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H + DAY,
        p1,
        &["notice", "pay.0"],
    );
    k.add(
        "pay-uetr",
        "PAY-UETR: the second instalment reuses the first one's UETR (SWIFT gpi)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayUetr, at(&s, "pay.1"))],
    );
    let mut s = complete(variant(|v| v.channel = Channel::Collection));
    s.records.truncate(at(&s, "remit.0"));
    let paid = match s.statement("pay.0").message() {
        Message::Payment(p) => p.clone(),
        _ => unreachable!(),
    };
    let mut r = s.payment_body(PRICE, false, PayerRole::CollectingBank);
    r.end_to_end_id = paid.end_to_end_id;
    let w = after_all(&s);
    s.send("remit.0", Who::BuyerBank, Who::Seller, w, r, &["pay.0"]);
    k.add("pay-e2e-remittance", "PAY-E2E: the presenting bank remits with the end-to-end id of the buyer's payment (ISO 20022: each payment its own)", &s, pd(), Completed, &[(PayE2e, at(&s, "remit.0"))]);

    let mut s = notified(dflt());
    let mut d = s.payment_body(PRICE, false, PayerRole::Buyer);
    d.instrument = Instrument::AcceptedDraft;
    d.tenor_days = Some(90);
    d.maturity = Some(t(notice_time(&s) + 4 * H + 90 * DAY));
    s.send(
        "draft",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        d,
        &["notice"],
    );
    k.add(
        "pay-draft-under-dp",
        "PAY-DRAFT: the buyer accepts a draft under documents against payment (URC 522 Art. 7)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayDraft, at(&s, "draft"))],
    );
    let mut s = notified(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    let mut d = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    d.instrument = Instrument::AcceptedDraft;
    d.tenor_days = Some(90);
    d.maturity = Some(t(notice_time(&s) + 4 * H + 90 * DAY));
    s.send(
        "draft",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        d,
        &["notice"],
    );
    k.add(
        "pay-draft-half-price",
        "PAY-DRAFT: a draft accepted for half the price (URC 522 Art. 7)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayDraft, at(&s, "draft"))],
    );
    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.offer().accept().instruct().prove().notify().pay().transfer();
    let mut d = s.payment_body(PRICE, false, PayerRole::Buyer);
    d.instrument = Instrument::AcceptedDraft;
    d.tenor_days = Some(90);
    let w = after_all(&s);
    d.maturity = Some(t(w + 90 * DAY));
    s.send("draft.again", Who::Buyer, Who::Seller, w, d, &["notice", "draft"]);
    k.add(
        "pay-draft-second",
        "PAY-DRAFT: a second draft after one was accepted (URC 522 Art. 7: once)",
        &s,
        pd(),
        TitleTransferred,
        &[(PayDraft, at(&s, "draft.again"))],
    );

    let mut s = notified(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    let mut d = s.payment_body(PRICE, false, PayerRole::Buyer);
    d.instrument = Instrument::AcceptedDraft;
    d.tenor_days = Some(60);
    d.maturity = Some(t(notice_time(&s) + 4 * H + 60 * DAY));
    s.send(
        "draft",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        d,
        &["notice"],
    );
    k.add(
        "pay-tenor-drawee-chooses",
        "PAY-TENOR: the buyer accepts the draft at 60 days; the terms fix 90 (URC 522 Art. 7)",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayTenor, at(&s, "draft"))],
    );
    let mut s = notified(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    let mut d = s.payment_body(PRICE, false, PayerRole::Buyer);
    d.instrument = Instrument::AcceptedDraft;
    d.tenor_days = Some(90);
    d.maturity = Some(t(notice_time(&s) + 4 * H + 120 * DAY));
    s.send(
        "draft",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        d,
        &["notice"],
    );
    k.add(
        "pay-tenor-maturity",
        "PAY-TENOR: a 90-day draft whose stated maturity is 120 days after its acceptance",
        &s,
        pd(),
        PerformanceNotified,
        &[(PayTenor, at(&s, "draft"))],
    );

    let mut s = complete(variant(|v| v.channel = Channel::Collection));
    s.records.truncate(at(&s, "remit.0"));
    let r = s.payment_body(PRICE + 100, false, PayerRole::CollectingBank);
    let w = after_all(&s);
    s.send("remit.0", Who::BuyerBank, Who::Seller, w, r, &["pay.0"]);
    k.add(
        "pay-remittance-excess",
        "PAY-REMITTANCE: the presenting bank remits more than the buyer paid it (URC 522 Art. 16)",
        &s,
        pd(),
        Completed,
        &[(PayRemittance, at(&s, "remit.0"))],
    );
    let mut s = complete(variant(|v| v.channel = Channel::Collection));
    let w = after_all(&s);
    let r = s.payment_body(PRICE, false, PayerRole::CollectingBank);
    s.send("remit.unpaid", Who::BuyerBank, Who::Seller, w, r, &["collection"]);
    k.add("pay-remittance-uncollected", "PAY-REMITTANCE: a remittance that answers the collection instruction, not a payment the bank received (URC 522 Art. 16)", &s, pd(), Completed, &[(PayRemittance, at(&s, "remit.unpaid"))]);

    // COLL
    let coll = variant(|v| v.channel = Channel::Collection);
    let make = |s: &Scenario, f: &dyn Fn(&mut CollectionInstruction)| -> CollectionInstruction {
        let docs: Vec<DocumentRef> = s
            .proof_names()
            .iter()
            .map(|n| match s.statement(n).message() {
                Message::ServiceProof(p) => DocumentRef {
                    id: p.document.id.clone(),
                    digest: p.document.digest,
                },
                _ => unreachable!(),
            })
            .collect();
        let mut c = CollectionInstruction {
            documents: docs,
            terms: PaymentTerms::DocumentsAgainstPayment,
            amount: s.terms.price,
            presenting_bank: s.pid(Who::BuyerBank),
            tenor_days: None,
        };
        f(&mut c);
        c
    };
    let cases: [(&str, &str, &Mutate<'_, CollectionInstruction>); 3] = [
        (
            "coll-terms-amount",
            "COLL-TERMS: the collection instruction asks the bank to collect half the price (URC 522 Arts. 4, 7)",
            &|c| c.amount = usd(PRICE / 2),
        ),
        (
            "coll-terms-against-acceptance",
            "COLL-TERMS: a D/A collection instruction under a D/P contract (URC 522 Art. 7)",
            &|c| {
                c.terms = PaymentTerms::DocumentsAgainstAcceptance;
                c.tenor_days = Some(90);
            },
        ),
        (
            "coll-terms-presenting-bank",
            "COLL-TERMS: the instruction names the seller's bank as presenting bank; the terms name the buyer's (URC 522 Art. 4)",
            &|_| {},
        ),
    ];
    for (name, about, f) in cases {
        let mut s = notified(coll.clone());
        let mut c = make(&s, f);
        if name == "coll-terms-presenting-bank" {
            c.presenting_bank = s.pid(Who::SellerBank);
        }
        let names = s.proof_names();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        s.send("collection", Who::Seller, Who::BuyerBank, notice_time(&s) + H, c, &refs);
        k.add(
            name,
            about,
            &s,
            pd(),
            PerformanceNotified,
            &[(CollTerms, at(&s, "collection"))],
        );
    }
    let mut s = notified(coll.clone());
    let mut c = make(&s, &|_| {});
    c.documents[1].digest = Digest::of(b"a forged bill of lading");
    let names = s.proof_names();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    s.send("collection", Who::Seller, Who::BuyerBank, notice_time(&s) + H, c, &refs);
    k.add("coll-documents-forged", "COLL-DOCUMENTS: the collection lists a bill of lading whose digest is not the one the carrier issued (URC 522 Art. 12)", &s, pd(), PerformanceNotified, &[(CollDocuments, at(&s, "collection"))]);
    let mut s = notified(coll.clone());
    let mut c = make(&s, &|_| {});
    c.documents.truncate(1);
    s.send(
        "collection",
        Who::Seller,
        Who::BuyerBank,
        notice_time(&s) + H,
        c,
        &["proof.insurance"],
    );
    k.add("coll-documents-without-title", "COLL-DOCUMENTS: the collection hands over the insurance document but leaves out the bill of lading (URC 522 Art. 12)", &s, pd(), PerformanceNotified, &[(CollDocuments, at(&s, "collection"))]);
    let mut s = complete(coll.clone());
    let mut c = make(&s, &|_| {});
    c.documents.truncate(1);
    let w = after_all(&s);
    s.send(
        "collection.again",
        Who::Seller,
        Who::BuyerBank,
        w,
        c,
        &["proof.insurance"],
    );
    k.add(
        "coll-documents-second-instruction",
        "COLL-DOCUMENTS: a second collection instruction after the first was given (URC 522 Art. 4)",
        &s,
        pd(),
        Completed,
        &[(CollDocuments, at(&s, "collection.again"))],
    );
}
