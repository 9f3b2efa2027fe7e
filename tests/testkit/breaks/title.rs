//! Rule-breaking cases: TITLE (the title documents).

use super::*;

pub(super) fn title(k: &mut Kit) {
    // Two carriers, one bill of lading number.
    let mut s = Scenario::new(dflt());
    let second = s.pid(Who::Stranger);
    s.terms.documents.push(DocumentRequirement {
        document_type: BillOfLading,
        issuer: second,
        title: true,
    });
    s.offer().accept();
    for (n, who) in [
        ("instruct.carriage", Who::Carrier),
        ("instruct.carriage.2", Who::Stranger),
        ("instruct.insurance", Who::Insurer),
    ] {
        let service = if who == Who::Insurer {
            ServiceKind::Insurance
        } else {
            ServiceKind::Carriage
        };
        s.send(
            n,
            Who::Seller,
            who,
            2 * H,
            ServiceInstruction {
                service,
                task: format!("{service}"),
            },
            &["acceptance"],
        );
    }
    let b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        20 * H,
        b,
        &["instruct.insurance"],
    );
    let b = s.proof_body(ServiceKind::Carriage, 0, 24 * H);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        24 * H,
        b.clone(),
        &["instruct.carriage"],
    );
    s.send(
        "proof.carriage.2",
        Who::Stranger,
        Who::Seller,
        24 * H + 60,
        b,
        &["instruct.carriage.2"],
    );
    let bad = at(&s, "proof.carriage.2");
    k.add("title-issue-number-reused", "TITLE-ISSUE: a second carrier issues a bill of lading with the number the first one issued (MLETR Art. 10: one authoritative record)", &s, pd(), Instructed, &[(TitleIssue, bad)]);

    // A title flag on an insurance document or a sea waybill cannot be
    // built: the decoder refuses a document of title of a type that is
    // never one (message/performance.rs, Document::check).

    let mut s = complete_default();
    let w = after_all(&s);
    let mut x = title_body(&s);
    x.document.id = "BILL-OF-LADING-9999".into();
    s.send("onward", Who::Buyer, Who::Stranger, w, x, &["title.0"]);
    k.add(
        "title-document-unknown",
        "TITLE-DOCUMENT: the buyer transfers a bill of lading never issued in this contract (MLETR Art. 10)",
        &s,
        pd(),
        Completed,
        &[(TitleDocument, at(&s, "onward"))],
    );
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward", Who::Buyer, Who::Stranger, w, x, &["notice"]);
    k.add(
        "title-document-wrong-link",
        "TITLE-DOCUMENT: a transfer that answers the notice, not the last link of the document's chain (DCSA PINT)",
        &s,
        pd(),
        Completed,
        &[(TitleDocument, at(&s, "onward"))],
    );

    let mut s = notified(dflt());
    let x = title_body(&s);
    s.send(
        "title.early",
        Who::Seller,
        Who::Buyer,
        notice_time(&s) + H,
        x,
        &["proof.carriage.0", "notice"],
    );
    let bad = at(&s, "title.early");
    s.pay().transfer();
    k.add("title-before-payment", "TITLE-BEFORE-PAYMENT: the seller transfers the bill of lading before it is paid under D/P (URC 522 Art. 7; source step 7)", &s, pd(), Completed, &[(TitleBeforePayment, bad)]);
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
    let x = title_body(&s);
    s.send(
        "title.early",
        Who::Seller,
        Who::Buyer,
        notice_time(&s) + 5 * H,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    let bad = at(&s, "title.early");
    let p = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    s.send(
        "pay.1",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H + DAY,
        p,
        &["notice", "pay.0"],
    );
    s.transfer();
    k.add("title-before-payment-in-full", "TITLE-BEFORE-PAYMENT: title transferred after the first of two instalments, before payment in full (URC 522 Art. 7)", &s, pd(), Completed, &[(TitleBeforePayment, bad)]);
    let mut s = notified(dflt());
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
        notice_time(&s) + 4 * H + DAY,
        x,
        &["proof.carriage.0"],
    );
    k.add(
        "title-before-payment-unanswered",
        "TITLE-BEFORE-PAYMENT: a release that does not answer the payment entitling it (source step 7)",
        &s,
        pd(),
        Paid,
        &[(TitleBeforePayment, at(&s, "title.0"))],
    );

    let mut s = notified(dflt());
    s.pay();
    let x = title_body(&s);
    s.send(
        "title.stranger",
        Who::Seller,
        Who::Stranger,
        notice_time(&s) + 5 * H,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    let bad = at(&s, "title.stranger");
    s.transfer();
    k.add("title-to-buyer", "TITLE-TO-BUYER: after payment the seller transfers the bill of lading to a stranger, not the buyer (source step 7; CISG 30)", &s, pd(), Completed, &[(TitleToBuyer, bad)]);
    let mut s = notified(variant(|v| v.channel = Channel::Collection));
    s.collect().pay();
    let x = title_body(&s);
    s.send(
        "title.stranger",
        Who::BuyerBank,
        Who::Stranger,
        notice_time(&s) + 5 * H,
        x,
        &["collection", "pay.0"],
    );
    let bad = at(&s, "title.stranger");
    s.transfer().remit();
    k.add(
        "title-to-buyer-bank-releases-to-stranger",
        "TITLE-TO-BUYER: the presenting bank releases the documents to someone other than the drawee (URC 522 Art. 7)",
        &s,
        pd(),
        Completed,
        &[(TitleToBuyer, bad)],
    );
    let mut s = notified(dflt());
    s.pay();
    let x = title_body(&s);
    s.send(
        "title.surrender",
        Who::Seller,
        Who::Carrier,
        notice_time(&s) + 5 * H,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    let bad = at(&s, "title.surrender");
    s.transfer();
    k.add("title-to-buyer-seller-surrenders", "TITLE-TO-BUYER: the paid seller surrenders the bill of lading to the carrier instead of transferring it to the buyer", &s, pd(), Completed, &[(TitleToBuyer, bad)]);

    let mut s = notified(variant(|v| v.channel = Channel::Collection));
    let x = title_body(&s);
    s.send(
        "title.direct",
        Who::Seller,
        Who::Buyer,
        notice_time(&s) + 30 * 60,
        x,
        &["proof.carriage.0"],
    );
    let bad = at(&s, "title.direct");
    s.collect().pay().transfer().remit();
    k.add("title-bank-seller-bypasses-banks", "TITLE-BANK: under a collection the seller transfers the bill of lading to the buyer itself (URC 522 Arts. 3, 7)", &s, pd(), Completed, &[(TitleBank, bad)]);
    let mut s = notified(variant(|v| {
        v.channel = Channel::Collection;
        v.via_seller_bank = true;
    }));
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
        documents: docs,
        terms: PaymentTerms::DocumentsAgainstPayment,
        amount: s.terms.price,
        presenting_bank: s.pid(Who::BuyerBank),
        tenor_days: None,
    };
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let when = notice_time(&s) + H;
    s.send("collection", Who::Seller, Who::SellerBank, when, c, &refs);
    let x = title_body(&s);
    s.send(
        "forward.bad",
        Who::SellerBank,
        Who::Buyer,
        when + 30 * 60,
        x.clone(),
        &["collection"],
    );
    let bad = at(&s, "forward.bad");
    s.send(
        "forward.0",
        Who::SellerBank,
        Who::BuyerBank,
        when + H,
        x,
        &["collection"],
    );
    s.pay().transfer().remit();
    k.add("title-bank-remitting-bank-to-buyer", "TITLE-BANK: the remitting bank hands the documents to the buyer instead of the presenting bank (URC 522 Art. 3)", &s, pd(), Completed, &[(TitleBank, bad)]);

    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("title.again", Who::Seller, Who::Stranger, w, x, &["title.0"]);
    k.add(
        "title-holder",
        "TITLE-HOLDER: the seller transfers the bill of lading again after the buyer became its holder (MLETR Art. 11)",
        &s,
        pd(),
        Completed,
        &[(TitleHolder, at(&s, "title.again"))],
    );
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send(
        "title.double",
        Who::Seller,
        Who::Stranger,
        w,
        x,
        &["proof.carriage.0", "pay.0"],
    );
    k.add("title-double-seller", "TITLE-DOUBLE: the seller transfers the bill of lading a second time from the state it already transferred from (MLETR Art. 11; DCSA PINT)", &s, pd(), Completed, &[(TitleDouble, at(&s, "title.double"))]);
    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward.1", Who::Buyer, Who::Stranger, w, x.clone(), &["title.0"]);
    s.send("onward.2", Who::Buyer, Who::BuyerBank, w + H, x, &["title.0"]);
    k.add("title-double-buyer", "TITLE-DOUBLE: the buyer endorses the same bill of lading to two parties (suspected double spending, DCSA PINT)", &s, pd(), Completed, &[(TitleDouble, at(&s, "onward.2"))]);

    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("surrender", Who::Buyer, Who::Carrier, w, x.clone(), &["title.0"]);
    s.send("after", Who::Carrier, Who::Stranger, w + H, x, &["surrender"]);
    k.add("title-surrendered", "TITLE-SURRENDERED: the carrier passes on a bill of lading surrendered to it for delivery (MLETR Art. 17; DCSA eBL)", &s, pd(), Completed, &[(TitleSurrendered, at(&s, "after"))]);
}
