//! The validator's API and the behaviour that per-rule testkit cases do not
//! show: reports taken at any moment without consuming the validator,
//! status as of a given time, checked arithmetic on hostile amounts and
//! quantities, partial views, carried proofs, bounded waiting and findings.
//! (Each rule broken alone, and every legitimate variant, is in the
//! conformance testkit: tests/testkit.rs and tests/variants.rs.)

#[path = "common/scenario.rs"]
mod scenario;

use econtract::*;
use scenario::*;

fn rules(r: &Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.rule.id()).collect()
}

/// Feeds `s`'s records to a validator one by one, calling `each` after each.
fn feed(s: &Scenario, policy: Policy, mut each: impl FnMut(usize, &Validator)) -> Validator {
    let mut v = Validator::new(s.contract.clone(), policy);
    for (i, r) in s.records.iter().enumerate() {
        match r {
            Rec::Card(c) => v.card(c),
            Rec::St(st) => v.statement(i, st),
            Rec::Tok(t) => v.token(i, t),
        }
        each(i, &v);
    }
    v
}

#[test]
fn a_report_mid_way_applies_every_pending_effect_and_does_not_consume() {
    let mut s = Scenario::new(Variant::default());
    s.offer().accept();
    let receipt_index = s.index_of("acceptance.receipt");
    let mut seen = Vec::new();
    let v = feed(&s, Policy::default(), |i, v| seen.push((i, v.report().status)));
    // The receipt of the acceptance concludes the contract at once, not at
    // the next statement (there is none).
    let status_after = |i: usize| seen.iter().find(|x| x.0 == i).unwrap().1;
    assert_eq!(status_after(receipt_index - 1), Status::OfferOutstanding);
    assert_eq!(status_after(receipt_index), Status::Concluded);
    let r = v.report();
    assert_eq!(r.concluded_by, Some(s.id("acceptance")));
    assert_eq!(r.concluded_at, Some(t(H + 600)));
    // report() left the validator usable: finishing gives the same report.
    assert_eq!(v.finish(), r);
}

#[test]
fn an_unanswered_offer_is_reported_lapsed_once_the_clock_passes_its_lapse_time() {
    let mut s = Scenario::new(Variant::default());
    s.offer();
    let v = feed(&s, Policy::default(), |_, _| {});
    assert_eq!(v.report_at(t(DAY)).status, Status::OfferOutstanding);
    assert_eq!(v.report_at(t(7 * DAY + 1)).status, Status::OfferLapsed);
    assert_eq!(v.report().status, Status::OfferOutstanding);
}

#[test]
fn instalments_past_u64_max_are_a_finding_not_a_wrap_or_a_panic() {
    // A price of u64::MAX minor units: an instalment of u64::MAX - 1, then
    // one of 2, whose sum does not fit in 64 bits. (Under overflow-checks a
    // wrapping `+` would panic this test; without them it would report
    // "paid 0".)
    let mut s = Scenario::new(Variant {
        incoterm: Incoterm::Fob,
        ..Variant::default()
    });
    s.terms.price = Amount::new("USD", u64::MAX).unwrap();
    s.offer().accept().instruct().prove().notify();
    let first = s.payment_body(u64::MAX - 1, false, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, 40 * DAY, first, &["notice"]);
    let second = s.payment_body(2, true, PayerRole::Buyer);
    s.send("pay.1", Who::Buyer, Who::Seller, 41 * DAY, second, &["notice", "pay.0"]);
    let r = s.audit(Policy::default());
    assert_eq!(rules(&r), ["PAY-AMOUNT"]);
    assert_eq!(r.findings[0].index, s.index_of("pay.1"));
    assert_eq!(r.paid.unwrap().minor, u64::MAX - 1);
    assert_eq!(r.outstanding.unwrap().minor, 1);
}

#[test]
fn hostile_quantities_prices_tenors_and_skews_are_checked() {
    // Quantities that would overflow the shipped total.
    let mut s = Scenario::new(Variant {
        partial: true,
        shipments: 2,
        ..Variant::default()
    });
    s.offer().accept().instruct();
    for (n, q) in [(0, u64::MAX), (1, u64::MAX)] {
        let mut p = s.proof_body(ServiceKind::Carriage, n, DAY);
        p.facts = Facts::Carriage {
            quantities: vec![q],
            shipped: t(DAY),
            clean: true,
        };
        s.send(
            &format!("proof.carriage.{n}"),
            Who::Carrier,
            Who::Seller,
            DAY + n,
            p,
            &["instruct.carriage"],
        );
    }
    assert_eq!(rules(&s.audit(Policy::default())), ["PERF-QUANTITY", "PERF-QUANTITY"]);
    // A price of u64::MAX minor units and insurance of u64::MAX: 110% is
    // computed without overflow.
    let mut s = Scenario::new(Variant::default());
    s.terms.price = Amount::new("USD", u64::MAX).unwrap();
    s.offer().accept().instruct();
    let mut p = s.proof_body(ServiceKind::Insurance, 0, 20 * H);
    p.facts = Facts::Insurance {
        insured: Amount::new("USD", u64::MAX).unwrap(),
        cover_from: t(20 * H),
    };
    s.send(
        "proof.insurance",
        Who::Insurer,
        Who::Seller,
        20 * H,
        p,
        &["instruct.insurance"],
    );
    assert_eq!(rules(&s.audit(Policy::default())), ["PERF-INSURANCE"]);
    // A whole contract under a policy of extreme durations.
    let s = Scenario::complete(Variant::default());
    let p = Policy {
        clock_skew: u64::MAX,
        reasonable_time: u64::MAX,
        without_delay: u64::MAX,
        undue_delay: u64::MAX,
        transmission_time: u64::MAX,
        ..Policy::default()
    };
    assert!(s.audit(p).is_complete());
}

#[test]
fn partial_views_of_the_carrier_and_the_banks_report_what_they_can_know() {
    let s = Scenario::complete(Variant {
        channel: Channel::Collection,
        via_seller_bank: true,
        ..Variant::default()
    });
    for who in [Who::Carrier, Who::SellerBank, Who::BuyerBank] {
        let records = s.archive_of(who);
        let policy = Policy {
            viewer: Some(s.pid(who)),
            ..Policy::default()
        };
        let r = audit_records(&s.contract, &records, &s.cards(), policy);
        assert!(r.findings.is_empty(), "{who:?}: {:#?}", r.findings);
        assert_eq!(r.status, Status::PartialView);
        let view = r.view.unwrap();
        assert!(!view.outside.is_empty(), "{who:?} sees everything?");
        assert!(!view.known.is_empty());
    }
    // Without the viewer, the carrier's archive is a broken chain.
    let r = audit_records(&s.contract, &s.archive_of(Who::Carrier), &s.cards(), Policy::default());
    assert!(rules(&r).contains(&"CHAIN-DANGLING"));
}

#[test]
fn the_buyers_archive_completes_from_the_proofs_its_notice_carries() {
    let s = Scenario::complete(Variant::default());
    let r = audit_records(&s.contract, &s.archive_of(Who::Buyer), &s.cards(), Policy::default());
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.shipped, vec![QUANTITY]);
}

#[test]
fn a_carried_proof_that_differs_from_the_archived_one_is_an_equivocation_and_stops_the_notice() {
    let mut s = Scenario::new(Variant::default());
    s.offer().accept().instruct().prove();
    // The carrier signs a second proof of the same bill of lading, with
    // another quantity, and the seller's notice carries it.
    let mut other = s.proof_body(ServiceKind::Carriage, 0, 24 * H);
    other.facts = Facts::Carriage {
        quantities: vec![QUANTITY - 1],
        shipped: t(24 * H),
        clean: true,
    };
    let other = s.sign(
        Who::Carrier,
        Who::Seller,
        24 * H + 5,
        other,
        &[s.id("instruct.carriage")],
    );
    let ins = s.statement("proof.insurance");
    let n = PerformanceNotice {
        due: s.terms.price,
        proofs: vec![ins.clone().into_inner(), other.clone().into_inner()],
    };
    let notice = s.sign(Who::Seller, Who::Buyer, 2 * DAY, n, &[ins.id(), other.id()]);
    s.push("notice", notice, 2 * DAY);
    let r = s.audit(Policy::default());
    assert_eq!(rules(&r), ["CHAIN-EQUIVOCATION"]);
    assert_eq!(
        r.findings[0].statement,
        Some(other.id()),
        "the finding names the carried proof"
    );
    assert_eq!(r.findings[0].index, s.index_of("notice"));
    assert_eq!(r.status, Status::Serviced, "the notice was not applied");
}

fn reversed_receipt_chain(n: u64) -> Scenario {
    let mut s = Scenario::complete(Variant::default());
    let mut target = s.id("instruct.carriage");
    let mut chain = Vec::new();
    for i in 0..n {
        let (from, to) = if i % 2 == 0 {
            (Who::Carrier, Who::Seller)
        } else {
            (Who::Seller, Who::Carrier)
        };
        let st = s.sign(
            from,
            to,
            60 * DAY + i,
            Receipt {
                received: t(60 * DAY + i),
            },
            &[target],
        );
        target = st.id();
        chain.push(st);
    }
    for st in chain.into_iter().rev() {
        s.records.push(Rec::St(st));
    }
    s
}

#[test]
fn a_long_reversed_chain_is_released_without_recursion() {
    // 1,000 statements each waiting for the next in the file: when the last
    // arrives, all are processed, in a loop rather than by recursion (which
    // would overflow the stack), each reported out of order.
    let s = reversed_receipt_chain(1_000);
    let r = s.audit(Policy::default());
    assert!(r.findings.iter().all(|f| f.rule == Rule::ChainOrder));
    assert_eq!(r.findings.len(), 999);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn waiting_is_bounded() {
    // Beyond MAX_WAITING (1,024) waiting statements, a forward reference is
    // reported dangling at once; the chain is then broken for good.
    let s = reversed_receipt_chain(1_100);
    let r = s.audit(Policy::default());
    assert!(r.findings.iter().all(|f| f.rule == Rule::ChainDangling));
    assert_eq!(r.findings.len(), 1_099);
}

#[test]
fn findings_are_capped_and_counted() {
    let mut s = Scenario::complete(Variant::default());
    let mut other = Scenario::new(Variant::default());
    other.contract = ContractId::new("EC-OTHER").unwrap();
    let o = Offer {
        terms: s.terms.clone(),
        lapse: None,
        irrevocable: false,
    };
    let st = other.sign(Who::Seller, Who::Buyer, 1, o, &[]);
    for _ in 0..10_050 {
        s.records.push(Rec::St(st.clone()));
    }
    let r = s.audit(Policy::default());
    assert_eq!(r.findings.len(), econtract::validate::MAX_FINDINGS);
    assert_eq!(r.findings_omitted, 50);
    assert!(!r.is_valid());
}

#[test]
fn policy_reads_from_json_with_defaults_and_refuses_unknown_fields() {
    let p: Policy = serde_json::from_str(r#"{"clock_skew": 60, "documents_against": "DA"}"#).unwrap();
    assert_eq!(p.clock_skew, 60);
    assert_eq!(p.documents_against, Some(PaymentTerms::DocumentsAgainstAcceptance));
    assert!(p.require_receipts && p.require_acceptance_timestamp && p.fixed_time_irrevocable);
    assert!(serde_json::from_str::<Policy>(r#"{"clock_skwe": 60}"#).is_err());
}

#[test]
fn the_default_policy_names_every_authority_it_trusted_without_a_list() {
    let s = Scenario::complete(Variant::default());
    let r = s.audit(Policy::default());
    let tsa = s.pid(Who::Tsa).to_string();
    assert!(r.notices.iter().any(|n| n.contains(&tsa)), "{:#?}", r.notices);
    let listed = Policy {
        authorities: Some(vec![s.pid(Who::Tsa)]),
        ..Policy::default()
    };
    let r = s.audit(listed);
    assert!(r.is_complete());
    assert!(!r.notices.iter().any(|n| n.contains(&tsa)));
}

#[test]
fn without_the_cisg_the_report_names_the_formation_rules_applied() {
    let r = Scenario::complete(Variant {
        cisg: false,
        ..Variant::default()
    })
    .audit(Policy::default());
    assert!(r.is_complete());
    assert_eq!(
        r.formation_rules.as_deref(),
        Some("UNIDROIT Principles 2016 (CISG excluded)")
    );
    assert!(r.notices[0].contains("CISG is excluded"));
}
