//! Rule-breaking cases: TIME (signing times and time-stamp tokens).

use super::*;

pub(super) fn time(k: &mut Kit) {
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
