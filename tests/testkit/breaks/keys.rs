//! Rule-breaking cases: KEY (key retirement and succession), and the
//! legitimate successions that must pass clean.

use super::*;

/// Signs `body` from the seller's first (retired) key to `to`.
fn by_first_seller_key(
    s: &Scenario,
    to: Who,
    at: u64,
    body: impl Into<Message>,
    answers: &[StatementId],
) -> Verified<Statement> {
    let first = party(Who::Seller);
    let mut b = Statement::build(&first, s.p(to).card(), &s.contract, t(at), body.into());
    for a in answers {
        b = b.answers(*a);
    }
    b.sign().expect("signs")
}

fn retirement_body(successor: PartyId) -> KeyRetirement {
    KeyRetirement { successor, note: None }
}

pub(super) fn keys(k: &mut Kit) {
    // Legitimate successions.
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.retire(Who::Seller, &[Who::Buyer], H + 30 * 60);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-seller-key-retired-after-conclusion", "the seller retires its key after conclusion, naming a successor; the successor instructs, notifies, is paid and transfers title as the seller (UN ECC 2005 Art. 9(3))", &s);
    let mut s = Scenario::new(dflt());
    s.offer().accept();
    s.retire(Who::Seller, &[Who::Buyer, Who::Carrier, Who::Insurer], H + 30 * 60);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-seller-key-retired-told-to-three",
        "the seller sends the same retirement to the buyer, the carrier and the insurer: one succession, not three",
        &s,
    );
    k.view(
        "view-carrier-seller-key-retired",
        "the carrier's own archive: the seller's retirement, then the successor's instruction; the carrier proves to the successor",
        &s,
        Who::Carrier,
    );
    let mut s = Scenario::new(dflt());
    s.offer().accept().instruct().prove().notify();
    s.retire(Who::Buyer, &[Who::Seller], notice_time(&s) + 2 * H);
    s.collect().pay().transfer().pay_draft().remit();
    k.ok(
        "ok-buyer-key-retired-before-payment",
        "the buyer retires its key after the notice; its successor pays and receives the title as the buyer",
        &s,
    );
    let mut s = Scenario::new(variant(|v| v.channel = Channel::Collection));
    s.offer().accept();
    s.retire(Who::Seller, &[Who::Buyer, Who::SellerBank], H + 30 * 60);
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-seller-key-retired-in-a-collection", "in a documentary collection the seller's successor instructs its bank and receives the proceeds (URC 522 Art. 4)", &s);
    k.view(
        "view-remitting-bank-seller-key-retired",
        "the remitting bank's own archive: the seller's retirement, then the successor's collection instruction and the remittance to it (URC 522 Art. 4)",
        &s,
        Who::SellerBank,
    );

    // KEY-RETIRED: the first key signs after its retirement.
    let mut s = complete_default();
    let x = after_all(&s);
    s.retire(Who::Seller, &[Who::Buyer], x);
    let pay = s.id("pay.0");
    let st = by_first_seller_key(&s, Who::Buyer, x + 60, Receipt { received: t(x - 30) }, &[pay]);
    let i = next(&s);
    s.push("late.receipt", st, x + 60);
    k.add(
        "key-retired-signs-after",
        "KEY-RETIRED: a receipt signed with the seller's key a minute after the seller retired it",
        &s,
        pd(),
        Completed,
        &[(KeyRetired, i)],
    );
    let mut s = complete_default();
    let x = after_all(&s);
    let pay = s.id("pay.0");
    let st = by_first_seller_key(&s, Who::Buyer, x + 60, Receipt { received: t(x - 30) }, &[pay]);
    s.push("late.receipt", st, x + 60);
    let i = next(&s) + 1;
    s.retire(Who::Seller, &[Who::Buyer], x);
    k.add(
        "key-retired-signed-after-archived-before",
        "KEY-RETIRED: a receipt archived before the retirement but dated after it, signed with the retired key",
        &s,
        pd(),
        Completed,
        &[(KeyRetired, i)],
    );

    // KEY-SUCCESSOR: a succession that does not hold.
    let mut s = complete_default();
    let x = after_all(&s);
    let st = by_first_seller_key(&s, Who::Buyer, x, retirement_body(s.pid(Who::Carrier)), &[]);
    let i = next(&s);
    s.push("retirement", st, x);
    k.add(
        "key-successor-already-a-party",
        "KEY-SUCCESSOR: the seller names the carrier, a party to the contract, as its successor",
        &s,
        pd(),
        Completed,
        &[(KeySuccessor, i)],
    );
    let mut s = complete_default();
    let x = after_all(&s);
    let st = by_first_seller_key(
        &s,
        Who::Buyer,
        x,
        retirement_body(Scenario::successor(Who::Seller, x).id()),
        &[],
    );
    let i = next(&s);
    s.push("retirement", st, x);
    k.add(
        "key-successor-without-card",
        "KEY-SUCCESSOR: the retirement names a successor whose card the transcript does not hold",
        &s,
        pd(),
        Completed,
        &[(KeySuccessor, i)],
    );
    let mut s = complete_default();
    let x = after_all(&s);
    s.retire(Who::Seller, &[Who::Buyer], x);
    let other = Scenario::successor(Who::Inspector, x);
    s.records.push(Rec::Card(other.card().clone()));
    let st = by_first_seller_key(&s, Who::Carrier, x, retirement_body(other.id()), &[]);
    let i = next(&s);
    s.push("retirement.again", st, x);
    k.add(
        "key-successor-retired-twice",
        "KEY-SUCCESSOR: the seller's key, already retired naming one successor, names another in a second retirement",
        &s,
        pd(),
        Completed,
        &[(KeySuccessor, i)],
    );
    let mut s = complete_default();
    let x = after_all(&s);
    let early = Scenario::successor(Who::Seller, x - 2000);
    s.records.push(Rec::Card(early.card().clone()));
    let st = by_first_seller_key(&s, Who::Buyer, x, retirement_body(early.id()), &[]);
    s.push("retirement", st, x);
    let pay = s.id("pay.0");
    let st = Statement::build(
        &early,
        s.p(Who::Buyer).card(),
        &s.contract,
        t(x - 1000),
        Receipt { received: t(x - 1500) },
    )
    .answers(pay)
    .sign()
    .expect("signs");
    let i = next(&s);
    s.push("early.receipt", st, x - 1000);
    k.add(
        "key-successor-signs-before-retirement",
        "KEY-SUCCESSOR: the successor signs a receipt dated 1000 s before the retirement that names it",
        &s,
        pd(),
        Completed,
        &[(KeySuccessor, i)],
    );

    // The seller retires before making any offer; the terms name its
    // successor, which offers and performs.
    let mut s = Scenario::new(dflt());
    s.retire(Who::Seller, &[Who::Buyer], 0);
    s.terms = terms_of(&s.parties, &s.variant);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok("ok-seller-key-retired-before-the-offer", "the seller retires its key before it offers; the terms name the successor, which offers and performs as the seller", &s);

    // KEY-SUCCESSOR: a successor card made after the retirement naming it.
    let mut s = complete_default();
    let x = after_all(&s);
    let late = Scenario::successor(Who::Seller, x + 3600);
    s.records.push(Rec::Card(late.card().clone()));
    let st = by_first_seller_key(&s, Who::Buyer, x, retirement_body(late.id()), &[]);
    let i = next(&s);
    s.push("retirement", st, x);
    k.add(
        "key-successor-card-after-retirement",
        "KEY-SUCCESSOR: the retirement names a card created an hour after it (a back-dated retirement)",
        &s,
        pd(),
        Completed,
        &[(KeySuccessor, i)],
    );

    // KEY-RETIRED on a carried proof: the carrier retired its key, then its
    // first key signs the bill of lading, which the seller carries in its
    // notice without archiving it. The notice stops.
    let mut s = Scenario::new(variant(|v| {
        v.incoterm = Incoterm::Cpt;
        v.transport = Some(BillOfLading);
    }));
    s.offer().accept().instruct();
    s.retire(Who::Carrier, &[Who::Seller], 3 * H);
    let body = s.proof_body(ServiceKind::Carriage, 0, 20 * H);
    let first = party(Who::Carrier);
    let proof = Statement::build(&first, s.p(Who::Seller).card(), &s.contract, t(20 * H), body)
        .answers(s.id("instruct.carriage"))
        .sign()
        .expect("signs");
    let notice = PerformanceNotice {
        due: s.terms.price,
        proofs: vec![proof.clone().into_inner()],
    };
    let cards = s.cards();
    let st = Statement::build(s.p(Who::Seller), s.p(Who::Buyer).card(), &s.contract, t(30 * H), notice)
        .proof_cards(&cards)
        .answers(proof.id())
        .sign()
        .expect("signs");
    let i = next(&s);
    s.push("notice", st, 30 * H);
    k.add("key-retired-carried-proof", "KEY-RETIRED: the notice carries a bill of lading signed with the carrier's key after the carrier retired it; the notice has no effect", &s, pd(), Instructed, &[(KeyRetired, i)]);

    // TIME-AUTHORITY: a token issued by the seller's successor key is the
    // seller's own, no third party's.
    let mut s = Scenario::new(dflt());
    s.offer();
    s.retire(Who::Seller, &[Who::Buyer], 1000);
    s.accept();
    let acc = s.id("acceptance");
    let next_seller = Scenario::successor(Who::Seller, 1000);
    let mut own = LocalAuthority::new(next_seller, move || t(H + 120), 1);
    let i = next(&s);
    s.records.push(Rec::Tok(own.stamp(acc, None).expect("stamps")));
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add("time-authority-successor-of-seller", "TIME-AUTHORITY: the acceptance is also stamped by the seller's successor key, which is the seller, not a third party", &s, pd(), Completed, &[(TimeAuthority, i)]);
}
