//! Rule-breaking cases: PERF (performance: carriage, services, the notice).

use super::*;

pub(super) fn performance(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
    s.accept();
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "book the vessel".into(),
    };
    s.send(
        "instruct.carriage",
        Who::Seller,
        Who::Carrier,
        2 * H,
        i,
        &["acceptance"],
    );
    s.receipt("acceptance", 3 * H);
    k.add(
        "perf-before-conclusion-instruction",
        "PERF-BEFORE-CONCLUSION: the seller instructs the carrier before the acceptance reached it (CISG 23, 30)",
        &s,
        pd(),
        Concluded,
        &[(PerfBeforeConclusion, at(&s, "instruct.carriage"))],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    s.receipt_delay = None;
    s.accept();
    s.receipt_delay = Some(600);
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, 2 * H, p, &["acceptance"]);
    k.add(
        "perf-before-conclusion-payment",
        "PERF-BEFORE-CONCLUSION: a payment while the acceptance has not reached the seller",
        &s,
        pd(),
        OfferOutstanding,
        &[(PerfBeforeConclusion, at(&s, "pay.0"))],
    );
    // A proof signed before conclusion, known only from the notice (buyer's archive).
    let mut s = Scenario::new(variant(|v| v.incoterm = Incoterm::Cfr));
    s.offer().accept();
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "book the vessel".into(),
    };
    s.send(
        "instruct.carriage",
        Who::Seller,
        Who::Carrier,
        H + 50,
        i,
        &["acceptance"],
    );
    let b = s.proof_body(ServiceKind::Carriage, 0, H + 100);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        H + 100,
        b,
        &["instruct.carriage"],
    );
    s.notify();
    let recs = s.archive_of(Who::Buyer);
    let n = recs
        .iter()
        .position(|r| matches!(r, Rec::St(x) if x.kind() == Kind::PerformanceNotice))
        .expect("notice");
    k.push("perf-before-conclusion-carried-proof", "PERF-BEFORE-CONCLUSION: in the buyer's archive the notice carries a carriage proof signed before the acceptance reached the seller", bytes_of(&s.contract, &recs), pd(), Concluded, &[(PerfBeforeConclusion, n)]);

    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Inspection,
        task: "inspect".into(),
    };
    s.send(
        "instruct.inspection",
        Who::Seller,
        Who::Inspector,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.inspection");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "perf-service-not-required",
        "PERF-SERVICE: an inspection instruction, though the terms require no inspection certificate (source step 3)",
        &s,
        pd(),
        Completed,
        &[(PerfService, bad)],
    );
    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry".into(),
    };
    s.send(
        "instruct.wrong",
        Who::Seller,
        Who::Insurer,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.wrong");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "perf-service-wrong-provider",
        "PERF-SERVICE: a carriage instruction to the insurer, who issues no transport document in the terms",
        &s,
        pd(),
        Completed,
        &[(PerfService, bad)],
    );

    let mut s = instructed(variant(|v| v.inspection = true));
    let mut b = s.proof_body(ServiceKind::Inspection, 0, 19 * H);
    b.document.id = "INSPECTION-CERTIFICATE-0099".into();
    s.send(
        "extra.odd",
        Who::Insurer,
        Who::Seller,
        19 * H,
        b,
        &["instruct.insurance"],
    );
    let bad = at(&s, "extra.odd");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "perf-proof-other-service",
        "PERF-PROOF: the insurer answers its insurance instruction with an inspection certificate (source step 4)",
        &s,
        pd(),
        Completed,
        &[(PerfProof, bad)],
    );

    let buyer = party(Who::Buyer).id();
    let cases: [(&str, &str, &Mutate<'_, ServiceProof>); 3] = [
        (
            "perf-document-waybill-for-bill",
            "PERF-DOCUMENT: the carrier issues a sea waybill where the terms require a bill of lading (UCP 600 Art. 20)",
            &|p| {
                p.document.document_type = SeaWaybill;
                p.document.title = false;
            },
        ),
        (
            "perf-document-not-negotiable",
            "PERF-DOCUMENT: the bill of lading is issued as no document of title where the terms require one (MLETR Art. 10)",
            &|p| p.document.title = false,
        ),
        (
            "perf-document-issued-to-buyer",
            "PERF-DOCUMENT: the bill of lading is issued to the buyer, not to the seller who must hand it over (Incoterms A6)",
            &|p| p.document.issued_to = buyer,
        ),
    ];
    for (name, about, f) in cases {
        let mut s = instructed(dflt());
        let b = carriage_proof(&s, 96, 23 * H, f);
        s.send(
            "extra.proof",
            Who::Carrier,
            Who::Seller,
            23 * H,
            b,
            &["instruct.carriage"],
        );
        let bad = at(&s, "extra.proof");
        s.prove();
        finish_from_notice(&mut s);
        k.add(name, about, &s, pd(), Completed, &[(PerfDocument, bad)]);
    }

    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 96, 23 * H, |p| {
        if let Facts::Carriage { quantities, .. } = &mut p.facts {
            quantities[0] = QUANTITY * 2;
        }
    });
    s.send(
        "extra.proof",
        Who::Carrier,
        Who::Seller,
        23 * H,
        b,
        &["instruct.carriage"],
    );
    let bad = at(&s, "extra.proof");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "perf-quantity-excess",
        "PERF-QUANTITY: a bill of lading for twice the contracted quantity (CISG 35(1))",
        &s,
        pd(),
        Completed,
        &[(PerfQuantity, bad)],
    );
    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 96, 23 * H, |p| {
        if let Facts::Carriage { quantities, .. } = &mut p.facts {
            *quantities = vec![QUANTITY / 2, QUANTITY / 2];
        }
    });
    s.send(
        "extra.proof",
        Who::Carrier,
        Who::Seller,
        23 * H,
        b,
        &["instruct.carriage"],
    );
    let bad = at(&s, "extra.proof");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "perf-quantity-lines",
        "PERF-QUANTITY: a bill of lading giving two quantities for a contract with one goods line",
        &s,
        pd(),
        Completed,
        &[(PerfQuantity, bad)],
    );
    let mut s = Scenario::new(variant(|v| {
        v.partial = true;
        v.shipments = 2;
    }));
    s.offer().accept().instruct().prove();
    s.records.truncate(at(&s, "proof.carriage.1"));
    s.names.remove("proof.carriage.1");
    s.notify();
    k.add(
        "perf-quantity-notice-short",
        "PERF-QUANTITY: the seller notifies performance after only the first of two partial shipments (CISG 35(1), 51)",
        &s,
        pd(),
        Instructed,
        &[(PerfQuantity, at(&s, "notice"))],
    );

    let mut s = Scenario::new(variant(|v| v.shipments = 2));
    s.offer().accept().instruct().prove();
    let (p0, p1) = (at(&s, "proof.carriage.0"), at(&s, "proof.carriage.1"));
    k.add("perf-partial-forbidden", "PERF-PARTIAL: the goods are shipped in two lots though the terms forbid partial shipments (UCP 600 Art. 31; CISG 51)", &s, pd(), Instructed, &[(PerfPartial, p0), (PerfPartial, p1)]);
    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 96, 23 * H, |p| {
        if let Facts::Carriage { quantities, .. } = &mut p.facts {
            quantities[0] = QUANTITY / 2;
        }
    });
    s.send(
        "extra.half",
        Who::Carrier,
        Who::Seller,
        23 * H,
        b,
        &["instruct.carriage"],
    );
    k.add(
        "perf-partial-half-lot",
        "PERF-PARTIAL: a first lot of half the goods where partial shipments are not allowed",
        &s,
        pd(),
        Instructed,
        &[(PerfPartial, at(&s, "extra.half"))],
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
    let b = s.proof_body(ServiceKind::Carriage, 0, 31 * DAY);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        31 * DAY,
        b,
        &["instruct.carriage"],
    );
    k.add(
        "perf-shipment-date",
        "PERF-SHIPMENT-DATE: shipped on day 31, after the latest shipment date of day 30 (CISG 33)",
        &s,
        pd(),
        Instructed,
        &[(PerfShipmentDate, at(&s, "proof.carriage.0"))],
    );
    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 0, 24 * H, |p| {
        if let Facts::Carriage { clean, .. } = &mut p.facts {
            *clean = false;
        }
    });
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        24 * H,
        b,
        &["instruct.carriage"],
    );
    k.add(
        "perf-clean",
        "PERF-CLEAN: a claused bill of lading declaring the bags torn (UCP 600 Art. 27)",
        &s,
        pd(),
        Instructed,
        &[(PerfClean, at(&s, "proof.carriage.0"))],
    );
    let mut s = instructed(variant(|v| v.inspection = true));
    let mut b = s.proof_body(ServiceKind::Inspection, 0, 20 * H);
    b.facts = Facts::Inspection {
        result: InspectionResult::Failed,
        inspected: t(20 * H),
    };
    s.send(
        "proof.inspection",
        Who::Inspector,
        Who::Seller,
        20 * H,
        b,
        &["instruct.inspection"],
    );
    k.add(
        "perf-inspection-failed",
        "PERF-INSPECTION: the inspection certificate states that the goods failed (CISG 35, 36)",
        &s,
        pd(),
        Instructed,
        &[(PerfInspection, at(&s, "proof.inspection"))],
    );

    for (name, about, insured) in [
        (
            "perf-insurance-short",
            "PERF-INSURANCE: cover for 100% of the price, less than the 110% CIF requires (Incoterms 2020 A5)",
            usd(PRICE),
        ),
        (
            "perf-insurance-currency",
            "PERF-INSURANCE: cover in euros for a price in dollars (Incoterms 2020 A5: in the currency of the contract)",
            Amount::new("EUR", PRICE / 10 * 11).expect("amount"),
        ),
    ] {
        let mut s = instructed(dflt());
        let mut b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
        b.facts = Facts::Insurance {
            insured,
            cover_from: t(20 * H),
        };
        s.send(
            "proof.insurance",
            Who::Insurer,
            Who::Seller,
            20 * H,
            b,
            &["instruct.insurance"],
        );
        k.add(
            name,
            about,
            &s,
            pd(),
            Instructed,
            &[(PerfInsurance, at(&s, "proof.insurance"))],
        );
    }
    let mut s = instructed(dflt());
    let b = s.proof_body(ServiceKind::Carriage, 0, 24 * H);
    s.send(
        "proof.carriage.0",
        Who::Carrier,
        Who::Seller,
        24 * H,
        b,
        &["instruct.carriage"],
    );
    let mut b = s.proof_body(ServiceKind::Insurance, 0, 25 * H);
    b.facts = Facts::Insurance {
        insured: usd(PRICE / 10 * 11),
        cover_from: t(25 * H),
    };
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        25 * H,
        b,
        &["instruct.insurance"],
    );
    k.add(
        "perf-insurance-after-shipment",
        "PERF-INSURANCE: cover starts an hour after the goods were shipped (UCP 600 Art. 28(e))",
        &s,
        pd(),
        Instructed,
        &[(PerfInsurance, at(&s, "proof.insurance"))],
    );
    let mut s = instructed(dflt());
    let mut b = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    b.facts = Facts::Insurance {
        insured: usd(PRICE / 10 * 11),
        cover_from: t(30 * H),
    };
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
        b,
        &["instruct.carriage"],
    );
    s.notify();
    k.add("perf-insurance-after-shipment-at-notice", "PERF-INSURANCE: cover from hour 30, the shipment at hour 24; found when the notice puts the documents together (UCP 600 Art. 28(e))", &s, pd(), Serviced, &[(PerfInsurance, at(&s, "notice"))]);

    let mut s = instructed(dflt());
    s.prove();
    let n = notice_time(&s);
    let price = s.terms.price;
    notice_of(&mut s, "notice.early", n - H, &["proof.carriage.0"], price);
    let bad = at(&s, "notice.early");
    finish_from_notice(&mut s);
    k.add("perf-notice-early-missing-insurance", "PERF-NOTICE-EARLY: a notice that does not carry the insurance document the terms require; then the full notice (source step 5; CISG 34)", &s, pd(), Completed, &[(PerfNoticeEarly, bad)]);
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
    notice_of(&mut s, "notice.early", 21 * H, &["proof.insurance"], price);
    let bad = at(&s, "notice.early");
    let b = s.proof_body(ServiceKind::Carriage, 0, 24 * H);
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
        "perf-notice-early-before-shipment",
        "PERF-NOTICE-EARLY: the seller notifies performance before the goods are shipped (source step 5; CISG 34)",
        &s,
        pd(),
        Completed,
        &[(PerfNoticeEarly, bad)],
    );
    let mut s = instructed(dflt());
    s.prove();
    let n = notice_time(&s);
    notice_of(
        &mut s,
        "notice",
        n,
        &["proof.insurance", "proof.carriage.0"],
        usd(PRICE / 2),
    );
    k.add(
        "perf-notice-amount",
        "PERF-NOTICE-AMOUNT: the notice asks for half the price (source step 5; CISG 53)",
        &s,
        pd(),
        Serviced,
        &[(PerfNoticeAmount, at(&s, "notice"))],
    );
    let mut s = instructed(dflt());
    s.prove();
    let n = notice_time(&s);
    notice_of(
        &mut s,
        "notice",
        n,
        &["proof.insurance", "proof.carriage.0"],
        Amount::new("EUR", PRICE).expect("amount"),
    );
    k.add(
        "perf-notice-amount-currency",
        "PERF-NOTICE-AMOUNT: the notice asks for the price in euros; the price is in dollars",
        &s,
        pd(),
        Serviced,
        &[(PerfNoticeAmount, at(&s, "notice"))],
    );
}
