//! Testkit cases that break rules: for every rule at least one transcript
//! that breaks it and nothing else, and more cases for rules with several
//! ways to break them. Expectations come from the rule's sentence in
//! `src/validate/rules.rs` and its article. Included with `#[path]`.
#![allow(dead_code)]

use econtract::*;

use crate::cases::*;
use crate::scenario::*;

use DocumentType::*;
use Rule::*;
use Status::*;

pub fn all(k: &mut Kit) {
    chain(k);
    roles(k);
    formation(k);
    terms(k);
    performance(k);
    payment(k);
    title(k);
    time(k);
    edges(k);
}

/// A change to a message body.
type Mutate<'a, T> = dyn Fn(&mut T) + 'a;

fn carriage_proof(s: &Scenario, n: u64, when: u64, f: impl FnOnce(&mut ServiceProof)) -> ServiceProof {
    let mut p = s.proof_body(ServiceKind::Carriage, n, when);
    f(&mut p);
    p
}

/// Offer, acceptance, instructions: a concluded, instructed contract.
fn instructed(v: Variant) -> Scenario {
    let mut s = Scenario::new(v);
    s.offer().accept().instruct();
    s
}

/// Up to and including the notice.
fn notified(v: Variant) -> Scenario {
    let mut s = Scenario::new(v);
    s.offer().accept().instruct().prove().notify();
    s
}

// ---------------------------------------------------------------------------
// CHAIN and SEQ

fn chain(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// ROLE

fn roles(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// FORM

fn formation(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// TERMS

fn terms(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    s.terms.documents.retain(|d| d.document_type != InsuranceDocument);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cif-uninsured",
        "TERMS-INCOTERM: CIF terms that require no insurance document (Incoterms 2020 CIF A5)",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Cpt;
        v.transport = None;
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cpt-no-transport",
        "TERMS-INCOTERM: CPT terms that require no transport document, though the seller contracts carriage (A4, A6)",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Fob;
        v.transport = Some(MultimodalTransportDocument);
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-fob-multimodal",
        "TERMS-INCOTERM: FOB is for sea transport only, but the terms require a multimodal transport document",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Cif;
        v.transport = Some(AirWaybill);
    }));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-incoterm-cif-air-waybill",
        "TERMS-INCOTERM: CIF (sea only) with an air waybill",
        &s,
        pd(),
        Completed,
        &[(TermsIncoterm, at(&s, "offer"))],
    );

    let mut s = Scenario::new(dflt());
    let seller = s.pid(Who::Seller);
    s.terms.documents.push(DocumentRequirement {
        document_type: CertificateOfOrigin,
        issuer: seller,
        title: false,
    });
    s.offer().accept();
    k.add("terms-issuer-seller-certifies", "TERMS-ISSUER: the seller is to issue the certificate of origin itself; a required document comes from a third party (UCP 600 Arts. 19-28)", &s, pd(), Concluded, &[(TermsIssuer, at(&s, "offer"))]);
    let mut s = Scenario::new(variant(|v| v.transport = Some(SeaWaybill)));
    s.terms.documents[0].title = true;
    s.offer().accept();
    k.add(
        "terms-issuer-waybill-as-title",
        "TERMS-ISSUER: the terms require a sea waybill as a document of title, which it never is (MLETR Art. 2)",
        &s,
        pd(),
        Concluded,
        &[(TermsIssuer, at(&s, "offer"))],
    );
    let mut s = Scenario::new(dflt());
    let buyer = s.pid(Who::Buyer);
    s.terms.documents.push(DocumentRequirement {
        document_type: InspectionCertificate,
        issuer: buyer,
        title: false,
    });
    s.offer().accept();
    k.add(
        "terms-issuer-buyer-inspects",
        "TERMS-ISSUER: the buyer is to issue the inspection certificate; an independent inspector does",
        &s,
        pd(),
        Concluded,
        &[(TermsIssuer, at(&s, "offer"))],
    );

    let mut s = Scenario::new(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    s.terms.payment.tenor_days = None;
    s.offer().accept().instruct().prove().notify();
    k.add("terms-tenor-da-without-tenor", "TERMS-TENOR: documents against acceptance without a tenor leave the draft's term to the drawee (URC 522 Art. 7)", &s, pd(), PerformanceNotified, &[(TermsTenor, at(&s, "offer"))]);
    let mut s = Scenario::new(dflt());
    s.terms.payment.tenor_days = Some(30);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-tenor-dp-with-tenor",
        "TERMS-TENOR: documents against payment with a tenor; there is no draft to accept (URC 522 Art. 7)",
        &s,
        pd(),
        Completed,
        &[(TermsTenor, at(&s, "offer"))],
    );

    let mut s = Scenario::new(variant(|v| v.channel = Channel::Collection));
    s.terms.payment.buyer_bank = None;
    s.offer().accept().instruct().prove().notify();
    k.add(
        "terms-collection-no-presenting-bank",
        "TERMS-COLLECTION: a collection without the buyer's bank to present the documents (URC 522 Art. 3)",
        &s,
        pd(),
        PerformanceNotified,
        &[(TermsCollection, at(&s, "offer"))],
    );
    let mut s = Scenario::new(dflt());
    s.terms.payment.buyer_bank = Some(s.pid(Who::Buyer));
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "terms-collection-buyer-as-bank",
        "TERMS-COLLECTION: the terms name the buyer itself as the buyer's bank (URC 522 Art. 3)",
        &s,
        pd(),
        Completed,
        &[(TermsCollection, at(&s, "offer"))],
    );
}

// ---------------------------------------------------------------------------
// PERF

fn performance(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// PAY and COLL

fn payment(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// TITLE

fn title(k: &mut Kit) {
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

// ---------------------------------------------------------------------------
// TIME

fn time(k: &mut Kit) {
    let mut s = complete_default();
    let i = next(&s);
    let n = notice_time(&s);
    s.token_by(Who::Tsa, "notice", n - 1000, 1001);
    k.add("time-skew-token-before-signing", "TIME-SKEW: a token for the notice 1000 s earlier than the notice's own signing time (RFC 3161; evidence beats the signer's claim)", &s, pd(), Completed, &[(TimeSkew, i)]);
    let mut s = Scenario::new(dflt());
    s.offer();
    s.stamp = false;
    s.accept();
    s.stamp = true;
    let i = next(&s);
    s.token_by(Who::Tsa, "acceptance", H - 1000, 1001);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("time-skew-acceptance-stamped-before-its-claim", "TIME-SKEW: the acceptance's token is 1000 s earlier than the signing time it claims; the token still time-stamps it (RFC 3161)", &s, pd(), Completed, &[(TimeSkew, i)]);
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    offer_at(&mut s, "offer", 2000, Some(7 * DAY), false);
    let off = s.id("offer");
    let st = s.sign(Who::Buyer, Who::Seller, 2600, Receipt { received: t(500) }, &[off]);
    let i = next(&s);
    s.push("offer.receipt", st, 2600);
    s.receipt_delay = Some(600);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "time-skew-receipt-before-statement",
        "TIME-SKEW: a receipt saying the offer arrived 1500 s before it was signed (CISG 24)",
        &s,
        pd(),
        Completed,
        &[(TimeSkew, i)],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    let off = s.id("offer");
    let st = s.sign(Who::Buyer, Who::Seller, 600, Receipt { received: t(1500) }, &[off]);
    let i = next(&s);
    s.push("offer.receipt", st, 600);
    s.receipt_delay = Some(600);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "time-skew-receipt-after-its-signing",
        "TIME-SKEW: a receipt signed at 600 s saying the offer arrived at 1500 s",
        &s,
        pd(),
        Completed,
        &[(TimeSkew, i)],
    );
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer();
    let off = s.id("offer");
    let st = s.sign(Who::Buyer, Who::Seller, 500, Receipt { received: t(700) }, &[off]);
    let rid = st.id();
    s.records.push(Rec::St(st));
    let i = next(&s);
    s.token_by(Who::Tsa, rid, 350, 1001);
    s.receipt_delay = Some(600);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "time-skew-receipt-after-its-token",
        "TIME-SKEW: a receipt says the offer arrived at 700 s, but the receipt's own token dates it at 350 s",
        &s,
        pd(),
        Completed,
        &[(TimeSkew, i)],
    );

    let mut s = instructed(dflt());
    let b = s.proof_body(ServiceKind::Insurance, 0, 2 * H + 60 - 1000);
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        2 * H + 60 - 1000,
        b,
        &["instruct.insurance"],
    );
    let bad = at(&s, "proof.insurance");
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
        "time-order-proof-before-instruction",
        "TIME-ORDER: the insurance proof is signed 1000 s before the instruction it answers",
        &s,
        pd(),
        Completed,
        &[(TimeOrder, bad)],
    );
    let mut s = notified(variant(|v| v.instalments = 2));
    let t0 = notice_time(&s) + 4 * H;
    let p = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, t0, p, &["notice"]);
    let p = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    s.send("pay.1", Who::Buyer, Who::Seller, t0 - 250, p, &["notice", "pay.0"]);
    let x = title_body(&s);
    s.send(
        "title.0",
        Who::Seller,
        Who::Buyer,
        t0 - 500,
        x,
        &["proof.carriage.0", "pay.1"],
    );
    k.add("time-order-accumulated-skew", "TIME-ORDER: each step 250 s earlier than the one before, within one skew, but 500 s before the first payment it depends on: the skew applies once per chain", &s, pd(), Completed, &[(TimeOrder, at(&s, "title.0"))]);
    let mut s = notified(variant(|v| v.instalments = 2));
    let t0 = notice_time(&s) + 4 * H;
    let p = s.payment_body(PRICE / 2, false, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, t0, p, &["notice"]);
    let p = s.payment_body(PRICE / 2, true, PayerRole::Buyer);
    s.send("pay.1", Who::Buyer, Who::Seller, t0 - 100, p, &["notice", "pay.0"]);
    let x = title_body(&s);
    s.send(
        "title.0",
        Who::Seller,
        Who::Buyer,
        t0 - 200,
        x,
        &["proof.carriage.0", "pay.1"],
    );
    k.ok(
        "ok-time-order-within-one-skew",
        "two steps each 100 s earlier than the one before: 200 s along the chain, within one clock skew (policy)",
        &s,
    );

    let mut s = complete_default();
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward", Who::Buyer, Who::Stranger, w, x.clone(), &["title.0"]);
    s.recreate(Who::Stranger, w + 2 * DAY);
    s.send("surrender", Who::Stranger, Who::Carrier, w + DAY, x, &["onward"]);
    k.add("time-key-before-card", "TIME-KEY: the sub-buyer signs its surrender a day before its card (key) was created (UN Model Law on E-Signatures Art. 6(3))", &s, pd(), Completed, &[(TimeKey, at(&s, "surrender"))]);
    let mut s = Scenario::new(dflt());
    s.recreate(Who::Tsa, 1800);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "time-key-token-before-authority-card",
        "TIME-KEY: the offer's token is dated before the time-stamp authority's card was created (UN ECC Art. 9(3))",
        &s,
        pd(),
        Completed,
        &[(TimeKey, tok(&s, "offer"))],
    );
    let mut s = Scenario::new(dflt());
    s.recreate(Who::Tsa, 300);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-time-key-within-skew",
        "the offer's token is dated 240 s before the authority's card, within the clock skew",
        &s,
    );

    let mut s = complete_default();
    let i = next(&s);
    let w = after_all(&s);
    s.token_by(Who::Carrier, "pay.0", w, 1);
    k.add(
        "time-authority-carrier",
        "TIME-AUTHORITY: the carrier, a party to the contract, time-stamps the buyer's payment",
        &s,
        pd(),
        Completed,
        &[(TimeAuthority, i)],
    );
    let mut s = complete_default();
    let i = next(&s);
    let w = after_all(&s);
    s.token_by(Who::Stranger, "pay.0", w, 1);
    let tsa = s.pid(Who::Tsa);
    k.add(
        "time-authority-not-listed",
        "TIME-AUTHORITY: a token from an authority the policy does not list",
        &s,
        policy(|p| p.authorities = Some(vec![tsa])),
        Completed,
        &[(TimeAuthority, i)],
    );
    let mut s = Scenario::new(dflt());
    s.offer();
    let i = next(&s);
    s.token_by(Who::Stranger, "offer", 120, 1);
    s.accept().instruct().prove();
    finish_from_notice(&mut s);
    let w = after_all(&s);
    let x = title_body(&s);
    s.send("onward", Who::Buyer, Who::Stranger, w, x, &["title.0"]);
    k.add("time-authority-revealed-later", "TIME-AUTHORITY: the offer's second token came from a party that later receives the bill of lading, so no third party (found at the end)", &s, pd(), Completed, &[(TimeAuthority, i)]);

    let mut s = complete_default();
    let i = next(&s);
    let w = after_all(&s);
    s.token_by(Who::Tsa, "pay.0", w, 1);
    k.add(
        "time-serial",
        "TIME-SERIAL: the authority issues a second token with serial 1 (RFC 3161 2.4.2)",
        &s,
        pd(),
        Completed,
        &[(TimeSerial, i)],
    );
    let mut s = complete_default();
    let tk = s.records[tok(&s, "pay.0")].clone();
    s.records.push(tk);
    k.ok(
        "ok-token-archived-twice",
        "the same token (same serial, same statement) archived twice: one use of the serial, no reuse (RFC 3161 2.4.2)",
        &s,
    );
}

// ---------------------------------------------------------------------------
// Edge cases of the law, clean or not

fn edges(k: &mut Kit) {
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
