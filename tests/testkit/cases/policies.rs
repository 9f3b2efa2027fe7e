//! Testkit cases: policies that legitimately relax the evidence required.

use super::*;

pub(super) fn policies_ok(k: &mut Kit) {
    let mut s = Scenario::new(dflt());
    s.receipt_delay = None;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add("ok-no-receipts-policy", "no receipts archived; the policy does not require them, so the acceptance reaches at its token (CISG 18(2), 24; policy)", &s, policy(|p| p.require_receipts = false), Completed, &[]);

    let mut s = Scenario::new(dflt());
    s.offer();
    s.stamp = false;
    s.accept();
    s.stamp = true;
    s.instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-no-acceptance-timestamp-policy",
        "the acceptance has no time-stamp and the policy does not require one (source step 2 as policy)",
        &s,
        policy(|p| p.require_acceptance_timestamp = false),
        Completed,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.stamp = false;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-no-tokens-policy",
        "no time-stamp at all, receipts only; the policy does not require an acceptance time-stamp",
        &s,
        policy(|p| p.require_acceptance_timestamp = false),
        Completed,
        &[],
    );

    let mut s = Scenario::new(dflt());
    s.stamp = false;
    s.receipt_delay = None;
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.add(
        "ok-signatures-only-policy",
        "neither tokens nor receipts; the policy requires neither, so statements take effect at their signing times",
        &s,
        policy(|p| {
            p.require_receipts = false;
            p.require_acceptance_timestamp = false;
        }),
        Completed,
        &[],
    );
    let s = complete_default();
    let tsa = s.pid(Who::Tsa);
    k.add(
        "ok-authorities-listed",
        "the policy lists the time-stamp authority that stamped every statement (RFC 3161; policy)",
        &s,
        policy(|p| p.authorities = Some(vec![tsa])),
        Completed,
        &[],
    );
    let s = complete_default();
    k.add(
        "ok-clock-skew-zero",
        "the happy path audited with no clock-skew tolerance at all",
        &s,
        policy(|p| p.clock_skew = 0),
        Completed,
        &[],
    );
    let s = complete(variant(|v| v.against = PaymentTerms::DocumentsAgainstAcceptance));
    k.add(
        "ok-da-policy-da",
        "a D/A contract audited with documents against acceptance set by the policy too",
        &s,
        policy(|p| p.documents_against = Some(PaymentTerms::DocumentsAgainstAcceptance)),
        Completed,
        &[],
    );
    let mut s = Scenario::new(dflt());
    s.stamp_delay = 250;
    s.receipt_delay = Some(290);
    s.offer().accept().instruct().prove();
    finish_from_notice(&mut s);
    k.ok(
        "ok-slow-tokens-and-receipts",
        "every token 250 s and every receipt 290 s after its statement: ordinary delays, no conflict",
        &s,
    );
}
