//! Rule-breaking cases: CHAIN and SEQ (the chain of statements and the
//! order of the steps).

use super::*;

pub(super) fn chain(k: &mut Kit) {
    let mut s = complete_default();
    let w = after_all(&s);
    let o = offer_body(&s, None, false);
    let st = foreign(&s, Who::Seller, Who::Buyer, w, o);
    let i = next(&s);
    s.records.push(Rec::St(st));
    k.add(
        "chain-contract",
        "CHAIN-CONTRACT: an offer of another contract (EC-2026-0999) in this contract's transcript (UN ECC Art. 9)",
        &s,
        pd(),
        Completed,
        &[(ChainContract, i)],
    );

    let mut s = complete_default();
    let p = s.statement("pay.0");
    let i = next(&s);
    s.records.push(Rec::St(p));
    k.add(
        "chain-duplicate-payment",
        "CHAIN-DUPLICATE: the buyer's payment archived a second time (UN ECC Art. 9(2))",
        &s,
        pd(),
        Completed,
        &[(ChainDuplicate, i)],
    );
    let mut s = complete_default();
    let p = s.statement("offer");
    let i = next(&s);
    s.records.push(Rec::St(p));
    k.add(
        "chain-duplicate-offer",
        "CHAIN-DUPLICATE: the offer archived again after the contract was performed",
        &s,
        pd(),
        Completed,
        &[(ChainDuplicate, i)],
    );

    let mut s = complete_default();
    let ghost = StatementId::of(b"a statement nobody archived");
    let w = after_all(&s);
    let i = next(&s);
    s.receipt_by("ghost.receipt", ghost, Who::Buyer, Who::Seller, w);
    k.add(
        "chain-dangling-receipt",
        "CHAIN-DANGLING: a receipt for a statement that is not in the transcript (UN ECC Art. 9(2))",
        &s,
        pd(),
        Completed,
        &[(ChainDangling, i)],
    );
    let mut s = complete_default();
    let w = after_all(&s);
    let i = next(&s);
    s.token(ghost, w);
    k.add(
        "chain-dangling-token",
        "CHAIN-DANGLING: a time-stamp token for a statement that is not in the transcript",
        &s,
        pd(),
        Completed,
        &[(ChainDangling, i)],
    );
    let mut s = notified(dflt());
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    let st = s.sign(
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p,
        &[s.id("notice"), ghost],
    );
    let i = next(&s);
    s.push("pay.0", st, notice_time(&s) + 4 * H);
    k.add(
        "chain-dangling-payment",
        "CHAIN-DANGLING: a payment that answers an earlier payment missing from the transcript",
        &s,
        pd(),
        PerformanceNotified,
        &[(ChainDangling, i)],
    );

    // The title transfer archived before the payment it answers.
    let mut s = complete_default();
    let p = at(&s, "pay.0");
    let moved: Vec<Rec> = s.records.drain(p..p + 2).collect();
    s.records.extend(moved);
    k.add(
        "chain-order-transfer-before-payment",
        "CHAIN-ORDER: the title transfer is archived before the payment it answers (append-only transcript)",
        &s,
        pd(),
        Completed,
        &[(ChainOrder, at(&s, "title.0"))],
    );
    let mut s = complete_default();
    let p = at(&s, "pay.0");
    s.records.swap(p, p + 1);
    k.add(
        "chain-order-token-first",
        "CHAIN-ORDER: a token archived before the payment it stamps",
        &s,
        pd(),
        Completed,
        &[(ChainOrder, p)],
    );

    // Equivocations.
    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carriage on another vessel".into(),
    };
    s.send(
        "instruct.again",
        Who::Seller,
        Who::Carrier,
        2 * H + 300,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.again");
    s.prove();
    finish_from_notice(&mut s);
    k.add("chain-equivocation-instruction", "CHAIN-EQUIVOCATION: a second, different carriage instruction from the seller to the carrier answering the same acceptance", &s, pd(), Completed, &[(ChainEquivocation, bad)]);
    let mut s = complete_default();
    let w = after_all(&s);
    let off = s.id("offer");
    let i = next(&s);
    s.receipt_by("offer.receipt.again", off, Who::Buyer, Who::Seller, w);
    k.add("chain-equivocation-receipt", "CHAIN-EQUIVOCATION: the buyer signs a second receipt of the offer with another time (CISG 24; SPEC 18.2 step 6)", &s, pd(), Completed, &[(ChainEquivocation, i)]);
    let mut s = instructed(dflt());
    s.prove();
    let alt = {
        let mut b = s.proof_body(ServiceKind::Carriage, 0, 24 * H);
        b.comment = Some("shipped on deck".into());
        s.sign(Who::Carrier, Who::Seller, 24 * H, b, &[s.id("instruct.carriage")])
            .into_inner()
    };
    let ins = s.statement("proof.insurance").into_inner();
    let n = PerformanceNotice {
        due: s.terms.price,
        proofs: vec![ins, alt],
    };
    let i = next(&s);
    let st = s.sign(Who::Seller, Who::Buyer, notice_time(&s), n, &[]);
    s.push("notice", st, notice_time(&s));
    k.add("chain-equivocation-carried-proof", "CHAIN-EQUIVOCATION: the notice carries a carriage proof for the same bill of lading that differs from the one archived (DCSA PINT; UN ECC Art. 9)", &s, pd(), Serviced, &[(ChainEquivocation, i)]);
    let mut s = complete_default();
    let w = after_all(&s);
    let i = next(&s);
    s.send(
        "notice.again",
        Who::Seller,
        Who::Buyer,
        w,
        {
            let names = s.proof_names();
            PerformanceNotice {
                due: s.terms.price,
                proofs: names.iter().map(|n| s.statement(n).into_inner()).collect(),
            }
        },
        &[],
    );
    k.add(
        "chain-equivocation-second-notice",
        "CHAIN-EQUIVOCATION: a second, different performance notice carrying the same proofs",
        &s,
        pd(),
        Completed,
        &[(ChainEquivocation, i)],
    );

    // Targets.
    let mut s = instructed(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Insurance,
        task: "insure".into(),
    };
    s.send("instruct.bad", Who::Seller, Who::Insurer, 2 * H + 300, i, &["offer"]);
    let bad = at(&s, "instruct.bad");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "chain-target-instruction-answers-offer",
        "CHAIN-TARGET: an instruction that answers the offer instead of the acceptance that concluded the contract",
        &s,
        pd(),
        Completed,
        &[(ChainTarget, bad)],
    );
    let mut s = instructed(dflt());
    let b = carriage_proof(&s, 98, 24 * H, |_| {});
    s.send("extra.proof", Who::Carrier, Who::Seller, 24 * H, b, &["acceptance"]);
    let bad = at(&s, "extra.proof");
    s.prove();
    finish_from_notice(&mut s);
    k.add(
        "chain-target-proof-answers-acceptance",
        "CHAIN-TARGET: a carriage proof that answers the acceptance, not an instruction (source step 4)",
        &s,
        pd(),
        Completed,
        &[(ChainTarget, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    s.send(
        "rejection.bad",
        Who::Buyer,
        Who::Seller,
        1200,
        Rejection::default(),
        &["offer.receipt"],
    );
    let bad = at(&s, "rejection.bad");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "chain-target-rejection-answers-receipt",
        "CHAIN-TARGET: a rejection answering the offer's receipt rather than the offer",
        &s,
        pd(),
        Completed,
        &[(ChainTarget, bad)],
    );
    let mut s = notified(variant(|v| v.instalments = 2));
    let p0 = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    s.send(
        "pay.0",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H,
        p0,
        &["notice"],
    );
    let p1 = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    s.send(
        "pay.1",
        Who::Buyer,
        Who::Seller,
        notice_time(&s) + 4 * H + DAY,
        p1,
        &["notice", "proof.insurance"],
    );
    k.add(
        "chain-target-payment-second-answer",
        "CHAIN-TARGET: a second instalment whose second answer is a proof, not the earlier payment",
        &s,
        pd(),
        PerformanceNotified,
        &[(ChainTarget, at(&s, "pay.1"))],
    );

    // SEQ-UNEXPECTED.
    let mut s = complete_default();
    let w = after_all(&s);
    s.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        w,
        Rejection::default(),
        &["offer"],
    );
    k.add(
        "seq-unexpected-rejection-after-performance",
        "SEQ-UNEXPECTED: a rejection of the offer after the contract was concluded and performed (CISG 17, 23)",
        &s,
        pd(),
        Completed,
        &[(SeqUnexpected, at(&s, "rejection"))],
    );
    let mut s = notified(dflt());
    let i = ServiceInstruction {
        service: ServiceKind::Inspection,
        task: "inspect".into(),
    };
    s.send(
        "instruct.late",
        Who::Seller,
        Who::Inspector,
        notice_time(&s) + H,
        i,
        &["acceptance"],
    );
    let bad = at(&s, "instruct.late");
    s.pay().transfer();
    k.add(
        "seq-unexpected-instruction-after-notice",
        "SEQ-UNEXPECTED: an instruction after the seller notified performance (source steps 3, 5)",
        &s,
        pd(),
        Completed,
        &[(SeqUnexpected, bad)],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    let o = offer_body(&s, None, false);
    s.send("offer.buyer", Who::Buyer, Who::Seller, 600, o, &[]);
    let bad = at(&s, "offer.buyer");
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "seq-unexpected-second-offer",
        "SEQ-UNEXPECTED: the buyer's own offer while the seller's offer is outstanding",
        &s,
        pd(),
        Completed,
        &[(SeqUnexpected, bad)],
    );
    let mut s = complete_default();
    let w = after_all(&s);
    s.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        w,
        Confirmation::default(),
        &["acceptance"],
    );
    k.add("seq-unexpected-confirmation-after-performance", "SEQ-UNEXPECTED: a confirmation of the acceptance long after performance began (CISG 21(1) has nothing to confirm)", &s, pd(), Completed, &[(SeqUnexpected, at(&s, "confirmation"))]);
}
