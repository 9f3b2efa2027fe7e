//! The contract validator: the seven-step happy path, and for every rule a
//! transcript that breaks that rule and nothing else.

mod common;

use common::trade::{Rec, Trade, Who};
use common::*;
use econtract::*;

#[test]
fn the_seven_step_happy_path_validates_with_no_finding() {
    let tr = Trade::happy();
    let r = tr.audit();
    assert_eq!(r.findings, vec![], "{:#?}", r.findings);
    assert_eq!(r.status, Status::Completed);
    assert!(r.is_complete());
    // Concluded when the acceptance reached the seller (its receipt).
    assert_eq!(r.concluded_at, Some(t(3650)));
    assert_eq!(r.concluded_by, Some(tr.id("acceptance")));
    assert_eq!(r.paid, Some(tr.terms.price));
    assert_eq!(r.outstanding.map(|a| a.minor), Some(0));
    let title = r.title.as_ref().unwrap();
    assert_eq!(title.holder, tr.c.buyer.id());
    assert_eq!(title.issuer, tr.c.carrier.id());
    assert_eq!(title.transfers, 1);
    assert_eq!(r.offeror, Some(tr.c.seller.id()));
    assert_eq!(r.terms.as_ref(), Some(&tr.terms));
    let names: Vec<&str> = r.parties.iter().filter_map(|p| p.name.as_deref()).collect();
    assert!(
        names.contains(&"Seller Ltd") && names.contains(&"Buyer's Bank AG"),
        "{names:?}"
    );
}

/// The report names exactly `rule` (possibly more than once).
#[track_caller]
fn only(r: &Report, rule: Rule) {
    assert_eq!(
        r.rules(),
        vec![rule],
        "expected only {rule}; findings: {:#?}",
        r.findings
    );
    for f in &r.findings {
        assert!(!f.message.is_empty());
    }
}

/// The report names exactly `rule`, and a finding of it names statement `id`.
#[track_caller]
fn only_at(r: &Report, rule: Rule, id: StatementId) {
    only(r, rule);
    assert!(
        r.findings.iter().any(|f| f.statement == Some(id)),
        "{rule} does not name the statement {id}: {:#?}",
        r.findings
    );
}

fn acceptance_ready() -> Trade {
    let mut tr = Trade::new();
    tr.offer();
    tr.accept();
    tr
}

fn notified() -> Trade {
    let mut tr = Trade::new();
    tr.up_to_notice();
    tr
}

fn paid() -> Trade {
    let mut tr = notified();
    tr.pay();
    tr
}

// ---------------------------------------------------------------------------
// CHAIN and SEQ

#[test]
fn chain_contract_statement_from_another_contract() {
    let mut tr = Trade::happy();
    let other = ContractId::new("EC-2026-0999").unwrap();
    let o = tr.offer_body();
    let s = tr.sign_in(&other, Who::Seller, Who::Buyer, 120_000, o, &[]);
    tr.records.push(Rec::St(s));
    let r = tr.audit();
    only(&r, Rule::ChainContract);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn chain_duplicate_statement() {
    let mut tr = Trade::happy();
    let p = tr.statement("payment");
    tr.records.push(Rec::St(p));
    only(&tr.audit(), Rule::ChainDuplicate);
}

#[test]
fn chain_dangling_reference() {
    let mut tr = Trade::happy();
    let ghost = StatementId::of(b"a statement nobody archived");
    let s = tr.sign(
        Who::Buyer,
        Who::Seller,
        120_000,
        Receipt { received: t(119_000) },
        &[ghost],
    );
    tr.records.push(Rec::St(s));
    let r = tr.audit();
    only(&r, Rule::ChainDangling);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn chain_dangling_token() {
    let mut tr = Trade::happy();
    tr.token(StatementId::of(b"never archived"), 120_000);
    only(&tr.audit(), Rule::ChainDangling);
}

#[test]
fn chain_order_reordered_statements() {
    // The payment (and its token and receipt) archived before the notice.
    let mut tr = notified();
    tr.pay();
    tr.transfer();
    let notice_at = tr.index_of("notice");
    let payment_at = tr.index_of("payment");
    let moved: Vec<Rec> = tr.records.drain(payment_at..payment_at + 3).collect();
    for (i, r) in moved.into_iter().enumerate() {
        tr.records.insert(notice_at + i, r);
    }
    let r = tr.audit();
    only(&r, Rule::ChainOrder);
    // Once in order again, the contract completes.
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn chain_equivocation() {
    let mut tr = acceptance_ready();
    tr.instruct();
    let acc = tr.id("acceptance");
    let second = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "Carry two containers instead".into(),
    };
    let second = tr.send("second", Who::Seller, Who::Carrier, 7250, second, &[acc]);
    only_at(&tr.audit(), Rule::ChainEquivocation, second);
}

#[test]
fn chain_target_instruction_answering_the_offer() {
    let mut tr = acceptance_ready();
    let offer = tr.id("offer");
    let body = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry".into(),
    };
    tr.send("i", Who::Seller, Who::Carrier, 7200, body, &[offer]);
    let r = tr.audit();
    only(&r, Rule::ChainTarget);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn seq_unexpected_rejection_after_conclusion() {
    let mut tr = acceptance_ready();
    let offer = tr.id("offer");
    tr.send(
        "late rejection",
        Who::Buyer,
        Who::Seller,
        5000,
        Rejection::default(),
        &[offer],
    );
    let r = tr.audit();
    only(&r, Rule::SeqUnexpected);
    assert_eq!(r.status, Status::Concluded);
}

// ---------------------------------------------------------------------------
// ROLE: a wrong signer (or addressee) for each role

#[test]
fn role_offer_from_a_stranger() {
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Carrier, Who::Buyer, 0, o, &[]);
    let r = tr.audit();
    only(&r, Rule::RoleOffer);
    assert_eq!(r.status, Status::NoOffer);
}

#[test]
fn role_acceptance_by_someone_other_than_the_offeree() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Carrier,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    let r = tr.audit();
    only(&r, Rule::RoleAcceptance);
    assert_eq!(r.status, Status::OfferOutstanding);
}

#[test]
fn role_rejection_by_someone_other_than_the_offeree() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "rejection",
        Who::Carrier,
        Who::Seller,
        3600,
        Rejection::default(),
        &[offer],
    );
    only(&tr.audit(), Rule::RoleRejection);
}

#[test]
fn role_revocation_by_someone_other_than_the_offeror() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "revocation",
        Who::Buyer,
        Who::Seller,
        600,
        Revocation::default(),
        &[offer],
    );
    only(&tr.audit(), Rule::RoleRevocation);
}

#[test]
fn role_counter_offer_by_someone_other_than_the_offeree() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let mut body = tr.offer_body();
    body.terms.price.minor -= 1;
    tr.send(
        "counter",
        Who::Carrier,
        Who::Seller,
        600,
        Message::CounterOffer(body),
        &[offer],
    );
    only(&tr.audit(), Rule::RoleCounterOffer);
}

fn late_acceptance() -> Trade {
    let mut tr = Trade::new();
    let mut o = tr.offer_body();
    o.lapse = Some(t(1800));
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    tr.receipt("offer", Who::Buyer, 30);
    tr.accept(); // reaches the seller at 3650, after the lapse at 1800
    tr
}

#[test]
fn role_confirmation_by_the_offeree() {
    let mut tr = late_acceptance();
    let acc = tr.id("acceptance");
    tr.send(
        "bad confirmation",
        Who::Buyer,
        Who::Seller,
        4000,
        Confirmation::default(),
        &[acc],
    );
    tr.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        4100,
        Confirmation::default(),
        &[acc],
    );
    let r = tr.audit();
    only(&r, Rule::RoleConfirmation);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn role_instruction_by_the_buyer() {
    let mut tr = acceptance_ready();
    let acc = tr.id("acceptance");
    let body = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry".into(),
    };
    let bad = tr.send("i", Who::Buyer, Who::Carrier, 7200, body, &[acc]);
    only_at(&tr.audit(), Rule::RoleInstruction, bad);
}

#[test]
fn role_proof_from_the_wrong_provider() {
    let mut tr = acceptance_ready();
    tr.instruct();
    let instr = tr.id("instruction:carriage");
    let body = tr.proof_body(ServiceKind::Carriage);
    let bad = tr.send("proof", Who::Insurer, Who::Seller, 86_400, body, &[instr]);
    only_at(&tr.audit(), Rule::RoleProof, bad);
}

#[test]
fn role_notice_to_someone_other_than_the_buyer() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    let body = tr.notice_body();
    let bad = tr.send("notice", Who::Seller, Who::Bank, 90_000, body, &[]);
    only_at(&tr.audit(), Rule::RoleNotice, bad);
}

#[test]
fn role_payment_from_a_stranger() {
    let mut tr = notified();
    let mut body = tr.payment_body();
    body.on_behalf_of = None;
    let notice = tr.id("notice");
    let bad = tr.send("payment", Who::Carrier, Who::Seller, 100_000, body, &[notice]);
    only_at(&tr.audit(), Rule::RolePayment, bad);
}

#[test]
fn role_receipt_by_someone_other_than_the_addressee() {
    let mut tr = Trade::happy();
    let offer = tr.id("offer");
    tr.send(
        "bogus receipt",
        Who::Carrier,
        Who::Seller,
        120_000,
        Receipt { received: t(100) },
        &[offer],
    );
    let r = tr.audit();
    only(&r, Rule::RoleReceipt);
    assert_eq!(r.status, Status::Completed);
}

// ---------------------------------------------------------------------------
// FORM and TERMS

#[test]
fn form_definite_quantity_zero() {
    let mut tr = Trade::new();
    let mut o = tr.offer_body();
    o.terms.goods[0].quantity = 0;
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    let r = tr.audit();
    only(&r, Rule::FormDefinite);
    assert_eq!(r.status, Status::NoOffer);
}

#[test]
fn terms_incoterm_cif_without_insurance() {
    let mut tr = Trade::new();
    tr.terms.services.retain(|s| s.service == ServiceKind::Carriage);
    tr.perform();
    let r = tr.audit();
    only(&r, Rule::TermsIncoterm);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn form_premature_acceptance_signed_before_the_offer_arrived() {
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    tr.receipt("offer", Who::Buyer, 5000);
    tr.accept(); // signed at 3600
    only(&tr.audit(), Rule::FormPremature);
}

#[test]
fn form_premature_is_found_for_the_concluding_acceptance_after_another() {
    // A first acceptance is premature; the buyer then counter-offers, and
    // the seller accepts the counter-offer before it reached the seller
    // (its receipt, archived last, says 8000): both acceptances are
    // premature.
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    tr.receipt("offer", Who::Buyer, 5000);
    let offer = tr.id("offer");
    let a1 = tr.send("a1", Who::Buyer, Who::Seller, 3600, Acceptance::default(), &[offer]);
    let mut c = tr.offer_body();
    c.terms.price.minor -= 100;
    c.lapse = None;
    tr.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        6000,
        Message::CounterOffer(c),
        &[offer],
    );
    let counter = tr.id("counter");
    let a2 = tr.send("a2", Who::Seller, Who::Buyer, 7000, Acceptance::default(), &[counter]);
    tr.receipt("a2", Who::Buyer, 7100);
    tr.receipt("counter", Who::Seller, 8000);
    let r = tr.audit();
    only(&r, Rule::FormPremature);
    let named: Vec<_> = r.findings.iter().map(|f| f.statement).collect();
    assert_eq!(named, vec![Some(a1), Some(a2)], "{:#?}", r.findings);
}

#[test]
fn time_order_a_notice_signed_before_a_proof_it_carries_is_reported_once() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove(); // proofs signed at 86,400 and later
    let body = tr.notice_body();
    let n = tr.send("notice", Who::Seller, Who::Buyer, 80_000, body, &[]);
    let r = tr.audit();
    only_at(&r, Rule::TimeOrder, n);
    assert_eq!(r.findings.len(), 1, "{:#?}", r.findings);
    // Not applied: no notice, so nothing is due yet.
    assert_eq!(r.status, Status::Serviced);
}

#[test]
fn form_revoked_acceptance_of_a_revoked_offer() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &[offer],
    );
    tr.receipt("revocation", Who::Buyer, 1100);
    tr.accept();
    let r = tr.audit();
    only(&r, Rule::FormRevoked);
    assert_eq!(r.status, Status::OfferRevoked);
}

#[test]
fn form_revocation_of_an_irrevocable_offer() {
    let mut tr = Trade::new();
    let mut o = tr.offer_body();
    o.irrevocable = true;
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    tr.receipt("offer", Who::Buyer, 30);
    let offer = tr.id("offer");
    tr.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        1000,
        Revocation::default(),
        &[offer],
    );
    tr.receipt("revocation", Who::Buyer, 1100);
    tr.accept();
    let r = tr.audit();
    only(&r, Rule::FormRevocation);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn form_rejected_acceptance_of_a_rejected_offer() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        1000,
        Rejection::default(),
        &[offer],
    );
    tr.accept();
    let r = tr.audit();
    only(&r, Rule::FormRejected);
    assert_eq!(r.status, Status::OfferRejected);
}

#[test]
fn form_rejected_acceptance_of_an_offer_already_countered() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let mut body = tr.offer_body();
    body.terms.price.minor -= 100_000;
    tr.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        1000,
        Message::CounterOffer(body),
        &[offer],
    );
    tr.accept();
    let r = tr.audit();
    only(&r, Rule::FormRejected);
    assert_eq!(r.status, Status::OfferOutstanding);
    assert_eq!(
        r.offeror,
        Some(tr.c.buyer.id()),
        "the counter-offer is outstanding, roles swapped"
    );
}

#[test]
fn form_late_acceptance_after_lapse() {
    let tr = late_acceptance();
    let r = tr.audit();
    only(&r, Rule::FormLate);
    assert_eq!(r.status, Status::OfferLapsed);
    assert_eq!(r.concluded_at, None);
}

#[test]
fn a_confirmed_late_acceptance_concludes_the_contract() {
    let mut tr = late_acceptance();
    let acc = tr.id("acceptance");
    tr.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        4000,
        Confirmation::default(),
        &[acc],
    );
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Concluded);
    assert_eq!(r.concluded_at, Some(t(3650)));
}

#[test]
fn form_counter_acceptance_with_a_changed_price() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let changed = Acceptance {
        changes: Some(TermsChanges {
            price: Some(Amount::new("USD", 9_000_000).unwrap()),
            ..TermsChanges::default()
        }),
        note: None,
    };
    tr.send("acceptance", Who::Buyer, Who::Seller, 3600, changed, &[offer]);
    tr.receipt("acceptance", Who::Seller, 3650);
    let r = tr.audit();
    only(&r, Rule::FormCounter);
    assert_eq!(r.status, Status::OfferOutstanding);
    assert_eq!(r.terms.unwrap().price.minor, 9_000_000);
    assert_eq!(r.offeror, Some(tr.c.buyer.id()));
}

#[test]
fn form_timestamp_acceptance_without_a_third_party_time_stamp() {
    let mut tr = Trade::new();
    tr.offer();
    tr.stamp = false;
    tr.accept();
    tr.stamp = true;
    tr.instruct();
    tr.prove();
    tr.notify();
    tr.pay();
    tr.transfer();
    let r = tr.audit();
    only(&r, Rule::FormTimestamp);
    // Not required by policy: no finding.
    let relaxed = Policy {
        require_acceptance_timestamp: false,
        ..Policy::default()
    };
    assert!(tr.audit_with(relaxed).is_complete());
}

// ---------------------------------------------------------------------------
// PERF

#[test]
fn perf_before_conclusion_instruction_before_the_acceptance_reached() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    let acc = tr.id("acceptance");
    let body = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry".into(),
    };
    tr.send("early", Who::Seller, Who::Carrier, 3620, body, &[acc]);
    tr.receipt("acceptance", Who::Seller, 3650);
    let r = tr.audit();
    only(&r, Rule::PerfBeforeConclusion);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn perf_service_instruction_to_a_provider_not_in_the_contract() {
    let mut tr = acceptance_ready();
    let acc = tr.id("acceptance");
    let body = ServiceInstruction {
        service: ServiceKind::Carriage,
        task: "carry".into(),
    };
    let bad = tr.send("i", Who::Seller, Who::Bank, 7200, body, &[acc]);
    only_at(&tr.audit(), Rule::PerfService, bad);
}

#[test]
fn perf_proof_for_another_service() {
    let mut tr = acceptance_ready();
    tr.instruct();
    let instr = tr.id("instruction:carriage");
    let body = tr.proof_body(ServiceKind::Insurance);
    let bad = tr.send("proof", Who::Carrier, Who::Seller, 86_400, body, &[instr]);
    only_at(&tr.audit(), Rule::PerfProof, bad);
}

#[test]
fn perf_notice_early_before_all_proofs() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    let mut body = tr.notice_body();
    body.proofs.retain(|p| p.sender() == tr.c.carrier.id());
    tr.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
    let r = tr.audit();
    only(&r, Rule::PerfNoticeEarly);
    assert_eq!(r.status, Status::Serviced);
}

#[test]
fn perf_notice_amount_other_than_the_price() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    let mut body = tr.notice_body();
    body.due.minor += 1;
    let bad = tr.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
    only_at(&tr.audit(), Rule::PerfNoticeAmount, bad);
}

// ---------------------------------------------------------------------------
// PAY

#[test]
fn pay_before_notice() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    let body = tr.payment_body();
    let acc = tr.id("acceptance");
    tr.send("payment", Who::Bank, Who::Seller, 89_000, body, &[acc]);
    let r = tr.audit();
    only(&r, Rule::PayBeforeNotice);
    assert_eq!(r.status, Status::Serviced);
}

#[test]
fn pay_currency_wrong() {
    let mut tr = notified();
    let mut body = tr.payment_body();
    body.amount = Amount::new("EUR", body.amount.minor).unwrap();
    let notice = tr.id("notice");
    let bad = tr.send("payment", Who::Bank, Who::Seller, 100_000, body, &[notice]);
    only_at(&tr.audit(), Rule::PayCurrency, bad);
}

#[test]
fn pay_amount_short_final_payment() {
    let mut tr = notified();
    let mut body = tr.payment_body();
    body.amount.minor -= 100_000;
    let notice = tr.id("notice");
    tr.send("payment", Who::Bank, Who::Seller, 100_000, body, &[notice]);
    let r = tr.audit();
    only(&r, Rule::PayAmount);
    assert_eq!(r.status, Status::PerformanceNotified);
}

#[test]
fn instalments_that_add_up_exactly_complete_the_contract() {
    let mut tr = notified();
    let notice = tr.id("notice");
    let mut first = tr.payment_body();
    first.amount.minor = 4_000_000;
    first.is_final = false;
    tr.send("payment:1", Who::Bank, Who::Seller, 100_000, first, &[notice]);
    let p1 = tr.id("payment:1");
    let mut second = tr.payment_body();
    second.amount.minor = 5_600_000;
    second.end_to_end_id = "E2E-2026-0042-2".into();
    tr.send("payment", Who::Bank, Who::Seller, 100_500, second, &[notice, p1]);
    tr.transfer();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn pay_amount_excess() {
    let mut tr = notified();
    let mut body = tr.payment_body();
    body.amount.minor += 1;
    let notice = tr.id("notice");
    let bad = tr.send("payment", Who::Bank, Who::Seller, 100_000, body, &[notice]);
    only_at(&tr.audit(), Rule::PayAmount, bad);
}

#[test]
fn pay_e2e_duplicate_end_to_end_id() {
    let mut tr = notified();
    let notice = tr.id("notice");
    let mut first = tr.payment_body();
    first.amount.minor = 4_000_000;
    first.is_final = false;
    tr.send("payment:1", Who::Bank, Who::Seller, 100_000, first, &[notice]);
    let p1 = tr.id("payment:1");
    let mut second = tr.payment_body();
    second.amount.minor = 5_600_000;
    tr.send("payment:2", Who::Bank, Who::Seller, 100_500, second, &[notice, p1]);
    let r = tr.audit();
    only(&r, Rule::PayEndToEnd);
    assert_eq!(r.paid.unwrap().minor, 4_000_000);
}

// ---------------------------------------------------------------------------
// TITLE

#[test]
fn title_issue_to_someone_other_than_the_seller() {
    let mut tr = acceptance_ready();
    tr.instruct();
    let instr = tr.id("instruction:carriage");
    let mut body = tr.proof_body(ServiceKind::Carriage);
    body.document.as_mut().unwrap().holder = tr.c.buyer.id();
    let bad = tr.send("proof", Who::Carrier, Who::Seller, 86_400, body, &[instr]);
    only_at(&tr.audit(), Rule::TitleIssue, bad);
}

#[test]
fn title_document_transfer_of_a_document_not_issued() {
    let mut tr = paid();
    let payment = tr.id("payment");
    let mut doc = tr.document();
    doc.digest = Digest::of(b"a different bill of lading");
    tr.send(
        "transfer",
        Who::Seller,
        Who::Buyer,
        110_000,
        TitleTransfer { document: doc },
        &[payment],
    );
    let r = tr.audit();
    only(&r, Rule::TitleDocument);
    assert_eq!(r.status, Status::Paid);
}

#[test]
fn title_before_payment() {
    let mut tr = notified();
    let notice = tr.id("notice");
    let doc = tr.document();
    tr.send(
        "early transfer",
        Who::Seller,
        Who::Buyer,
        95_000,
        TitleTransfer { document: doc },
        &[notice],
    );
    tr.pay();
    let r = tr.audit();
    only(&r, Rule::TitleBeforePayment);
    assert_eq!(r.status, Status::Paid);
    assert_eq!(r.title.unwrap().holder, tr.c.seller.id());
}

#[test]
fn title_holder_transfer_by_a_non_holder() {
    let mut tr = Trade::happy();
    let last = tr.id("transfer");
    let doc = tr.document();
    tr.send(
        "theft",
        Who::Bank,
        Who::Carrier,
        120_000,
        TitleTransfer { document: doc },
        &[last],
    );
    let r = tr.audit();
    only(&r, Rule::TitleHolder);
    assert_eq!(r.title.unwrap().holder, tr.c.buyer.id());
}

#[test]
fn title_double_transfer_from_the_same_state() {
    let mut tr = Trade::happy();
    let payment = tr.id("payment");
    let doc = tr.document();
    tr.send(
        "second transfer",
        Who::Seller,
        Who::Bank,
        120_000,
        TitleTransfer { document: doc },
        &[payment],
    );
    let r = tr.audit();
    only(&r, Rule::TitleDouble);
    assert_eq!(r.title.unwrap().holder, tr.c.buyer.id());
}

#[test]
fn title_surrendered_then_transferred() {
    let mut tr = Trade::happy();
    let last = tr.id("transfer");
    let doc = tr.document();
    tr.send(
        "surrender",
        Who::Buyer,
        Who::Carrier,
        120_000,
        TitleTransfer { document: doc.clone() },
        &[last],
    );
    let surrender = tr.id("surrender");
    tr.send(
        "after",
        Who::Carrier,
        Who::Bank,
        130_000,
        TitleTransfer { document: doc },
        &[surrender],
    );
    let r = tr.audit();
    only(&r, Rule::TitleSurrendered);
    assert!(r.title.unwrap().surrendered);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn documents_against_acceptance_title_after_an_accepted_draft() {
    let mut tr = Trade::new();
    tr.terms.payment.terms = PaymentTerms::DocumentsAgainstAcceptance;
    tr.offer();
    tr.accept();
    tr.instruct();
    tr.prove();
    tr.notify();
    let notice = tr.id("notice");
    let mut draft = tr.payment_body();
    draft.instrument = Instrument::AcceptedDraft;
    draft.maturity = Some(t(90 * 86_400));
    draft.on_behalf_of = None;
    tr.send("payment", Who::Buyer, Who::Seller, 100_000, draft, &[notice]);
    tr.transfer();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::TitleTransferred);
    assert!(r.draft_accepted);
    // At maturity the buyer pays; the contract completes.
    let draft_id = tr.id("payment");
    let mut funds = tr.payment_body();
    funds.end_to_end_id = "E2E-2026-0042-MAT".into();
    tr.send("funds", Who::Bank, Who::Seller, 90 * 86_400, funds, &[notice, draft_id]);
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    // Under documents against payment the same draft does not entitle title.
    let dp = Policy {
        documents_against: Some(PaymentTerms::DocumentsAgainstPayment),
        ..Policy::default()
    };
    only(&tr.audit_with(dp), Rule::TitleBeforePayment);
}

// ---------------------------------------------------------------------------
// TIME

#[test]
fn time_skew_token_before_the_statement() {
    let mut tr = Trade::happy();
    let payment = tr.id("payment");
    tr.token(payment, 1_000); // long before the payment was signed
    only(&tr.audit(), Rule::TimeSkew);
}

#[test]
fn time_skew_receipt_before_signing() {
    let mut tr = Trade::happy();
    // The carrier says it received the instruction before the seller signed it.
    let instr = tr.id("instruction:carriage");
    let s = tr.sign(
        Who::Carrier,
        Who::Seller,
        120_000,
        Receipt { received: t(10) },
        &[instr],
    );
    tr.records.push(Rec::St(s));
    only(&tr.audit(), Rule::TimeSkew);
}

#[test]
fn time_order_proof_signed_before_its_instruction() {
    let mut tr = acceptance_ready();
    tr.instruct();
    let instr = tr.id("instruction:carriage");
    let body = tr.proof_body(ServiceKind::Carriage);
    tr.send("proof:carriage", Who::Carrier, Who::Seller, 5000, body, &[instr]);
    let instr2 = tr.id("instruction:insurance");
    let body = tr.proof_body(ServiceKind::Insurance);
    tr.send("proof:insurance", Who::Insurer, Who::Seller, 86_500, body, &[instr2]);
    tr.notify();
    tr.pay();
    tr.transfer();
    let r = tr.audit();
    only(&r, Rule::TimeOrder);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn time_serial_reused() {
    let mut tr = Trade::happy();
    let payment = tr.id("payment");
    let mut again = LocalAuthority::new(party("Time-Stamp Authority", 6), || t(100_010), 1);
    let tok = again.stamp(payment, None).unwrap();
    tr.records.push(Rec::Tok(tok));
    only(&tr.audit(), Rule::TimeSerial);
}

#[test]
fn time_authority_stamp_by_a_party_to_the_contract() {
    let mut tr = Trade::happy();
    let instr = tr.id("instruction:carriage");
    let mut own = LocalAuthority::new(party("Seller Ltd", 1), || t(7300), 1);
    tr.records.push(Rec::Tok(own.stamp(instr, None).unwrap()));
    only(&tr.audit(), Rule::TimeAuthority);
    // A policy that names its authorities refuses any other.
    let pinned = Policy {
        authorities: Some(vec![tr.c.auditor.id()]),
        ..Policy::default()
    };
    assert!(tr.audit_with(pinned).rules().contains(&Rule::TimeAuthority));
}

#[test]
fn every_rule_has_a_test_here_that_breaks_only_it() {
    // Code lines only: a comment naming a rule does not count.
    let code: String = include_str!("validator.rs")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for rule in Rule::ALL {
        let named = [
            format!("only(&tr.audit(), Rule::{rule:?})"),
            format!("only(&r, Rule::{rule:?})"),
        ]
        .iter()
        .any(|n| code.contains(n.as_str()))
            || code.contains(&format!("only_at(&tr.audit(), Rule::{rule:?},"))
            || code.contains(&format!("only_at(&r, Rule::{rule:?},"));
        assert!(named, "no test names only {} ({rule:?})", rule.id());
    }
}

#[test]
fn a_purchase_order_from_the_buyer_accepted_by_the_seller() {
    // Roles follow the terms, not the order of messages: the buyer offers.
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Buyer, Who::Seller, 0, o, &[]);
    tr.receipt("offer", Who::Seller, 30);
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        3600,
        Acceptance::default(),
        &[offer],
    );
    tr.receipt("acceptance", Who::Buyer, 3650);
    tr.instruct();
    tr.prove();
    tr.notify();
    tr.pay();
    tr.transfer();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.offeror, Some(tr.c.buyer.id()));
    assert_eq!(r.concluded_at, Some(t(3650)));
}

#[test]
fn a_counter_offer_accepted_by_the_original_offeror() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let mut body = tr.offer_body();
    body.terms.price = Amount::new("USD", 9_400_000).unwrap();
    tr.terms = body.terms.clone();
    tr.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        1000,
        Message::CounterOffer(body),
        &[offer],
    );
    tr.receipt("counter", Who::Seller, 1100);
    let counter = tr.id("counter");
    tr.send(
        "acceptance",
        Who::Seller,
        Who::Buyer,
        3600,
        Acceptance::default(),
        &[counter],
    );
    tr.receipt("acceptance", Who::Buyer, 3650);
    tr.instruct();
    tr.prove();
    tr.notify();
    tr.pay();
    tr.transfer();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.terms.unwrap().price.minor, 9_400_000);
    assert_eq!(r.offeror, Some(tr.c.buyer.id()));
}

#[test]
fn without_required_receipts_the_acceptance_takes_effect_at_its_time_stamp() {
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    let policy = Policy {
        require_receipts: false,
        ..Policy::default()
    };
    let r = tr.audit_with(policy.clone());
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Concluded);
    assert_eq!(r.concluded_at, Some(t(3605)), "the token's time");
    // With receipts required (the default) it has not reached the seller yet.
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::OfferOutstanding);
}

#[test]
fn an_offer_without_lapse_time_lapses_after_the_reasonable_time() {
    let mut tr = Trade::new();
    let mut o = tr.offer_body();
    o.lapse = None;
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        20 * 86_400,
        Acceptance::default(),
        &[offer],
    );
    tr.receipt("acceptance", Who::Seller, 20 * 86_400 + 60);
    only(&tr.audit(), Rule::FormLate);
    let patient = Policy {
        reasonable_time: 30 * 86_400,
        ..Policy::default()
    };
    assert_eq!(tr.audit_with(patient.clone()).findings, vec![]);
    // Without the CISG no reasonable-time lapse applies.
    let no_cisg = Policy {
        cisg: Some(false),
        ..Policy::default()
    };
    assert_eq!(tr.audit_with(no_cisg).status, Status::Concluded);
}

#[test]
fn policy_reads_from_json_with_defaults_and_refuses_unknown_fields() {
    let p: Policy = serde_json::from_str(r#"{"clock_skew": 60, "documents_against": "DA"}"#).unwrap();
    assert_eq!(p.clock_skew, 60);
    assert_eq!(p.documents_against, Some(PaymentTerms::DocumentsAgainstAcceptance));
    assert!(p.require_receipts && p.require_acceptance_timestamp);
    assert!(serde_json::from_str::<Policy>(r#"{"clock_skwe": 60}"#).is_err());
}

// ---------------------------------------------------------------------------
// Checks that an independent review showed no test exercised, and holes it
// found (each now closed).

#[test]
fn title_to_buyer_the_seller_transfers_to_someone_else() {
    let mut tr = paid();
    let payment = tr.id("payment");
    let doc = tr.document();
    let bad = tr.send(
        "transfer",
        Who::Seller,
        Who::Bank,
        110_000,
        TitleTransfer { document: doc },
        &[payment],
    );
    let r = tr.audit();
    only_at(&r, Rule::TitleToBuyer, bad);
    assert_eq!(r.status, Status::Paid);
}

#[test]
fn a_surrender_by_the_seller_is_not_delivery_to_the_buyer() {
    let mut tr = paid();
    let payment = tr.id("payment");
    let doc = tr.document();
    let bad = tr.send(
        "surrender",
        Who::Seller,
        Who::Carrier,
        110_000,
        TitleTransfer { document: doc },
        &[payment],
    );
    let r = tr.audit();
    only_at(&r, Rule::TitleToBuyer, bad);
    assert_ne!(r.status, Status::Completed);
}

#[test]
fn completed_stays_completed_when_the_buyer_passes_the_document_on() {
    let mut tr = Trade::happy();
    let last = tr.id("transfer");
    let doc = tr.document();
    tr.send(
        "onward",
        Who::Buyer,
        Who::Bank,
        120_000,
        TitleTransfer { document: doc },
        &[last],
    );
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.title.unwrap().holder, tr.c.bank.id());
}

#[test]
fn title_double_by_the_buyer_from_the_same_state() {
    let mut tr = Trade::happy();
    let last = tr.id("transfer");
    let doc = tr.document();
    tr.send(
        "to bank",
        Who::Buyer,
        Who::Bank,
        120_000,
        TitleTransfer { document: doc.clone() },
        &[last],
    );
    let bad = tr.send(
        "to carrier",
        Who::Buyer,
        Who::Carrier,
        120_100,
        TitleTransfer { document: doc },
        &[last],
    );
    only_at(&tr.audit(), Rule::TitleDouble, bad);
}

#[test]
fn chain_target_transfers_answering_the_wrong_statement() {
    // The seller's transfer answers the notice although the payment entitles it.
    let mut tr = paid();
    let notice = tr.id("notice");
    let doc = tr.document();
    let bad = tr.send(
        "transfer",
        Who::Seller,
        Who::Buyer,
        110_000,
        TitleTransfer { document: doc.clone() },
        &[notice],
    );
    only_at(&tr.audit(), Rule::ChainTarget, bad);
    // A later transfer answers something other than the previous transfer.
    let mut tr = Trade::happy();
    let notice = tr.id("notice");
    let bad = tr.send(
        "onward",
        Who::Buyer,
        Who::Bank,
        120_000,
        TitleTransfer { document: doc },
        &[notice],
    );
    only_at(&tr.audit(), Rule::ChainTarget, bad);
}

#[test]
fn pay_amount_after_full_payment() {
    let mut tr = Trade::happy();
    let notice = tr.id("notice");
    let payment = tr.id("payment");
    let mut again = tr.payment_body();
    again.end_to_end_id = "E2E-AGAIN".into();
    let bad = tr.send("again", Who::Bank, Who::Seller, 120_000, again, &[notice, payment]);
    only_at(&tr.audit(), Rule::PayAmount, bad);
    // Nor a draft after the price was paid in full (paying twice).
    let mut tr = Trade::happy();
    let mut draft = tr.payment_body();
    draft.instrument = Instrument::AcceptedDraft;
    draft.maturity = Some(t(90 * 86_400));
    draft.end_to_end_id = "DRAFT".into();
    draft.on_behalf_of = None;
    let bad = tr.send("draft", Who::Buyer, Who::Seller, 120_000, draft, &[notice]);
    only_at(&tr.audit(), Rule::PayAmount, bad);
}

#[test]
fn pay_amount_a_second_draft_or_a_short_draft() {
    let mut tr = Trade::new();
    tr.terms.payment.terms = PaymentTerms::DocumentsAgainstAcceptance;
    tr.offer();
    tr.accept();
    tr.instruct();
    tr.prove();
    tr.notify();
    let notice = tr.id("notice");
    let mut draft = tr.payment_body();
    draft.instrument = Instrument::AcceptedDraft;
    draft.maturity = Some(t(90 * 86_400));
    draft.on_behalf_of = None;
    tr.send("draft", Who::Buyer, Who::Seller, 100_000, draft.clone(), &[notice]);
    let draft_id = tr.id("draft");
    draft.end_to_end_id = "DRAFT-2".into();
    let bad = tr.send(
        "draft 2",
        Who::Buyer,
        Who::Seller,
        100_100,
        draft.clone(),
        &[notice, draft_id],
    );
    only_at(&tr.audit(), Rule::PayAmount, bad);
    let mut tr = notified();
    let notice = tr.id("notice");
    draft.amount.minor -= 1;
    let bad = tr.send("short draft", Who::Buyer, Who::Seller, 100_000, draft, &[notice]);
    only_at(&tr.audit(), Rule::PayAmount, bad);
}

#[test]
fn seq_unexpected_rejection_or_counter_offer_after_the_acceptance_was_sent() {
    for late in ["rejection", "counter"] {
        let mut tr = Trade::new();
        tr.offer();
        let offer = tr.id("offer");
        tr.send(
            "acceptance",
            Who::Buyer,
            Who::Seller,
            3600,
            Acceptance::default(),
            &[offer],
        );
        let bad = if late == "rejection" {
            tr.send(
                "rejection",
                Who::Buyer,
                Who::Seller,
                3700,
                Rejection::default(),
                &[offer],
            )
        } else {
            let mut body = tr.offer_body();
            body.terms.price.minor -= 1;
            tr.send(
                "counter",
                Who::Buyer,
                Who::Seller,
                3700,
                Message::CounterOffer(body),
                &[offer],
            )
        };
        tr.receipt("acceptance", Who::Seller, 3650);
        let r = tr.audit();
        only_at(&r, Rule::SeqUnexpected, bad);
        assert_eq!(r.status, Status::Concluded, "{late}");
        assert_eq!(r.terms.unwrap().price, tr.terms.price, "{late}");
    }
}

#[test]
fn form_revocation_after_the_acceptance_was_sent() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    let bad = tr.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        3610,
        Revocation::default(),
        &[offer],
    );
    tr.receipt("acceptance", Who::Seller, 3650);
    let r = tr.audit();
    only_at(&r, Rule::FormRevocation, bad);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn an_acceptance_dispatched_before_the_revocation_arrived_stands() {
    // CISG 16(1): archived after the revocation's receipt, but signed before
    // the revocation reached the offeree.
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.send(
        "revocation",
        Who::Seller,
        Who::Buyer,
        800,
        Revocation::default(),
        &[offer],
    );
    tr.receipt("revocation", Who::Buyer, 1100);
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        900,
        Acceptance::default(),
        &[offer],
    );
    tr.receipt("acceptance", Who::Seller, 1200);
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Concluded);
}

#[test]
fn time_skew_receipt_dated_after_its_own_signing() {
    let mut tr = Trade::happy();
    let instr = tr.id("instruction:carriage");
    // Received at 9000, but the receipt was signed at 8000.
    let bad = tr.send(
        "receipt",
        Who::Carrier,
        Who::Seller,
        8000,
        Receipt { received: t(9000) },
        &[instr],
    );
    only_at(&tr.audit(), Rule::TimeSkew, bad);
}

#[test]
fn perf_notice_early_with_a_stray_or_substituted_proof() {
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    // A second carriage proof the carrier signed but never sent.
    let instr = tr.id("instruction:carriage");
    let mut other = tr.proof_body(ServiceKind::Carriage);
    other.report = "another report".into();
    let stray = tr.sign(Who::Carrier, Who::Seller, 86_450, other, &[instr]).into_inner();
    let mut body = tr.notice_body();
    body.proofs.push(stray.clone());
    let bad = tr.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
    only_at(&tr.audit(), Rule::PerfNoticeEarly, bad);
    // The same proof in place of the one the carrier sent.
    let mut tr = acceptance_ready();
    tr.instruct();
    tr.prove();
    let mut body = tr.notice_body();
    body.proofs[0] = stray;
    let bad = tr.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
    only_at(&tr.audit(), Rule::PerfNoticeEarly, bad);
}

#[test]
fn carried_proofs_signed_before_the_conclusion_are_refused() {
    // The buyer's archive: no instructions, only the notice's proofs, one of
    // them signed before the offer and answering nothing known.
    let mut tr = acceptance_ready();
    let ghost = StatementId::of(b"no instruction");
    let carriage = tr.sign(
        Who::Carrier,
        Who::Seller,
        86_400,
        tr.proof_body(ServiceKind::Carriage),
        &[ghost],
    );
    let insurance = tr.sign(
        Who::Insurer,
        Who::Seller,
        1,
        tr.proof_body(ServiceKind::Insurance),
        &[ghost],
    );
    let body = PerformanceNotice {
        due: tr.terms.price,
        proofs: vec![carriage.into_inner(), insurance.into_inner()],
    };
    let bad = tr.send("notice", Who::Seller, Who::Buyer, 90_000, body, &[]);
    only_at(&tr.audit(), Rule::PerfBeforeConclusion, bad);
}

#[test]
fn the_buyers_archive_completes_without_instructions_or_proofs() {
    // What the buyer holds: offer, acceptance, the notice carrying the
    // proofs, the payment, the transfer; the proofs answer instructions the
    // buyer never saw.
    let full = Trade::happy();
    let mut tr = Trade::new();
    let keep = |r: &Rec| match r {
        Rec::St(s) => !matches!(s.kind(), Kind::ServiceInstruction | Kind::ServiceProof),
        Rec::Tok(tk) => {
            let target = full.records.iter().find_map(|x| match x {
                Rec::St(s) if s.id() == tk.imprint() => Some(s.kind()),
                _ => None,
            });
            !matches!(target, Some(Kind::ServiceInstruction | Kind::ServiceProof))
        }
        Rec::Card(_) => true,
    };
    tr.records = full.records.iter().filter(|r| keep(r)).cloned().collect();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    assert_eq!(r.title.unwrap().holder, tr.c.buyer.id());
}

#[test]
fn a_token_for_a_carried_proof_is_matched() {
    let full = Trade::happy();
    let mut tr = Trade::new();
    let proof = full.id("proof:carriage");
    let instructions: Vec<StatementId> = full
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(s) if s.kind() == Kind::ServiceInstruction => Some(s.id()),
            _ => None,
        })
        .collect();
    // Keep the proofs' tokens, drop the instructions, the proofs and the
    // instructions' tokens.
    tr.records = full
        .records
        .iter()
        .filter(|r| match r {
            Rec::St(s) => !matches!(s.kind(), Kind::ServiceInstruction | Kind::ServiceProof),
            Rec::Tok(t) => !instructions.contains(&t.imprint()),
            Rec::Card(_) => true,
        })
        .cloned()
        .collect();
    // The proof's token is archived before the notice that carries the proof.
    let token_at = tr
        .records
        .iter()
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == proof))
        .unwrap();
    let notice_at = tr
        .records
        .iter()
        .position(|r| matches!(r, Rec::St(s) if s.kind() == Kind::PerformanceNotice))
        .unwrap();
    assert!(token_at < notice_at);
    let r = tr.audit();
    only(&r, Rule::ChainOrder);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn a_contract_without_services_completes_on_payment() {
    let mut tr = Trade::new();
    tr.terms.services.clear();
    tr.terms.incoterm = Incoterm::Fob;
    tr.offer();
    tr.accept();
    tr.notify();
    tr.pay();
    let r = tr.audit();
    assert_eq!(r.findings, vec![]);
    assert_eq!(r.status, Status::Completed);
    assert!(r.title.is_none());
}

#[test]
fn form_late_for_a_second_acceptance_of_a_lapsed_offer() {
    let mut tr = late_acceptance();
    let offer = tr.id("offer");
    let note = Acceptance {
        changes: None,
        note: Some("again".into()),
    };
    // (A second acceptance from the buyer would have the same place in the
    // chain as the first, an equivocation; any other acceptance of the
    // lapsed offer is late.)
    let bad = tr.send("again", Who::Carrier, Who::Seller, 4000, note, &[offer]);
    only_at(&tr.audit(), Rule::FormLate, bad);
}

#[test]
fn chain_target_confirmation_of_something_else() {
    let mut tr = late_acceptance();
    let offer = tr.id("offer");
    let bad = tr.send(
        "confirmation",
        Who::Seller,
        Who::Buyer,
        4000,
        Confirmation::default(),
        &[offer],
    );
    let r = tr.audit();
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == Rule::ChainTarget && f.statement == Some(bad))
    );
    // The late acceptance, never confirmed, is still reported.
    assert_eq!(r.rules(), vec![Rule::ChainTarget, Rule::FormLate]);
}

#[test]
fn chain_target_instalment_answering_something_other_than_a_payment() {
    let mut tr = notified();
    let notice = tr.id("notice");
    let acc = tr.id("acceptance");
    let p = tr.payment_body();
    let bad = tr.send("payment", Who::Bank, Who::Seller, 100_000, p, &[notice, acc]);
    only_at(&tr.audit(), Rule::ChainTarget, bad);
}

#[test]
fn chain_order_token_before_its_statement() {
    let mut tr = Trade::happy();
    let pay_at = tr
        .records
        .iter()
        .position(|r| matches!(r, Rec::St(s) if s.kind() == Kind::Payment))
        .unwrap();
    let token = tr.records.remove(pay_at + 1);
    assert!(matches!(token, Rec::Tok(_)));
    tr.records.insert(pay_at, token);
    let r = tr.audit();
    only(&r, Rule::ChainOrder);
    assert!(r.findings[0].statement.is_none(), "a token finding names no statement");
}

#[test]
fn title_issue_a_second_document() {
    // Two carriers, each issuing a bill of lading.
    let mut tr = Trade::new();
    tr.terms.services.push(Service {
        provider: tr.c.bank.id(),
        service: ServiceKind::Carriage,
        task: "second leg".into(),
    });
    tr.offer();
    tr.accept();
    let acc = tr.id("acceptance");
    tr.instruct_one(ServiceKind::Carriage, Who::Carrier, "i1", &[acc]);
    tr.instruct_one(ServiceKind::Insurance, Who::Insurer, "i2", &[acc]);
    tr.instruct_one(ServiceKind::Carriage, Who::Bank, "i3", &[acc]);
    let i1 = tr.id("i1");
    let i3 = tr.id("i3");
    tr.send(
        "p1",
        Who::Carrier,
        Who::Seller,
        86_400,
        tr.proof_body(ServiceKind::Carriage),
        &[i1],
    );
    let mut second = tr.proof_body(ServiceKind::Carriage);
    second.document.as_mut().unwrap().id = "BL-SECOND-LEG".into();
    let bad = tr.send("p3", Who::Bank, Who::Seller, 86_500, second, &[i3]);
    only_at(&tr.audit(), Rule::TitleIssue, bad);
}

#[test]
fn time_authority_not_among_the_policys_authorities() {
    let tr = Trade::happy();
    let pinned = Policy {
        authorities: Some(vec![tr.c.auditor.id()]),
        ..Policy::default()
    };
    // The authority is no party, but not the one the policy names.
    let r = tr.audit_with(pinned);
    assert!(r.rules().contains(&Rule::TimeAuthority));
    let listed = Policy {
        authorities: Some(vec![tr.c.tsa.id()]),
        ..Policy::default()
    };
    assert!(tr.audit_with(listed).is_complete());
}

#[test]
fn time_authority_a_party_that_shows_up_later() {
    // The bank stamps the acceptance, then turns out to pay for the buyer.
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    tr.stamp = false;
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    let acc = tr.id("acceptance");
    let mut bank = LocalAuthority::new(party("Buyer's Bank AG", 5), || t(3605), 1);
    tr.records.push(Rec::Tok(bank.stamp(acc, None).unwrap()));
    tr.receipt("acceptance", Who::Seller, 3650);
    tr.stamp = true;
    tr.instruct();
    tr.prove();
    tr.notify();
    tr.pay();
    tr.transfer();
    only(&tr.audit(), Rule::TimeAuthority);
}

#[test]
fn role_payment_and_proof_and_acceptance_addressed_to_the_wrong_party() {
    let mut tr = notified();
    let notice = tr.id("notice");
    let bad = tr.send("payment", Who::Bank, Who::Buyer, 100_000, tr.payment_body(), &[notice]);
    only_at(&tr.audit(), Rule::RolePayment, bad);
    // A bank paying for someone other than the buyer.
    let mut tr = notified();
    let mut p = tr.payment_body();
    p.on_behalf_of = Some(tr.c.carrier.id());
    let bad = tr.send("payment", Who::Bank, Who::Seller, 100_000, p, &[notice]);
    only_at(&tr.audit(), Rule::RolePayment, bad);
    // A proof sent to the buyer instead of the seller.
    let mut tr = acceptance_ready();
    tr.instruct();
    let instr = tr.id("instruction:carriage");
    let bad = tr.send(
        "proof",
        Who::Carrier,
        Who::Buyer,
        86_400,
        tr.proof_body(ServiceKind::Carriage),
        &[instr],
    );
    only_at(&tr.audit(), Rule::RoleProof, bad);
    // An acceptance sent to the carrier instead of the offeror.
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let bad = tr.send(
        "acceptance",
        Who::Buyer,
        Who::Carrier,
        3600,
        Acceptance::default(),
        &[offer],
    );
    only_at(&tr.audit(), Rule::RoleAcceptance, bad);
}

#[test]
fn role_counter_offer_naming_another_buyer() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let mut body = tr.offer_body();
    body.terms.buyer = tr.c.bank.id();
    let bad = tr.send(
        "counter",
        Who::Buyer,
        Who::Seller,
        600,
        Message::CounterOffer(body),
        &[offer],
    );
    only_at(&tr.audit(), Rule::RoleCounterOffer, bad);
}

#[test]
fn form_definite_zero_price_and_a_counter_that_is_not_definite() {
    let mut tr = Trade::new();
    let mut o = tr.offer_body();
    o.terms.price.minor = 0;
    let bad = tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    only_at(&tr.audit(), Rule::FormDefinite, bad);
    // A reply changing the price to zero: a rejection, and no new offer.
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let changed = Acceptance {
        changes: Some(TermsChanges {
            price: Some(Amount::new("USD", 0).unwrap()),
            ..TermsChanges::default()
        }),
        note: None,
    };
    tr.send("reply", Who::Buyer, Who::Seller, 3600, changed, &[offer]);
    let r = tr.audit();
    assert_eq!(r.rules(), vec![Rule::FormDefinite, Rule::FormCounter]);
    assert_eq!(r.status, Status::OfferRejected);
}

#[test]
fn seq_unexpected_reply_when_there_is_no_offer() {
    // An indefinite offer is no offer (FORM-DEFINITE); a reply to it finds
    // no offer to answer.
    let mut tr = Trade::new();
    let mut not_an_offer = tr.offer_body();
    not_an_offer.terms.goods[0].quantity = 0;
    let indefinite = tr.send("offer", Who::Seller, Who::Buyer, 0, not_an_offer, &[]);
    let bad = tr.send(
        "rejection",
        Who::Buyer,
        Who::Seller,
        100,
        Rejection::default(),
        &[indefinite],
    );
    let r = tr.audit();
    assert_eq!(r.rules(), vec![Rule::SeqUnexpected, Rule::FormDefinite]);
    assert!(
        r.findings
            .iter()
            .any(|f| f.rule == Rule::SeqUnexpected && f.statement == Some(bad))
    );
    assert_eq!(r.status, Status::NoOffer);
}

#[test]
fn perf_before_conclusion_title_transfer() {
    let mut tr = Trade::new();
    tr.offer();
    let offer = tr.id("offer");
    let doc = tr.document();
    let bad = tr.send(
        "transfer",
        Who::Seller,
        Who::Buyer,
        500,
        TitleTransfer { document: doc },
        &[offer],
    );
    only_at(&tr.audit(), Rule::PerfBeforeConclusion, bad);
}

#[test]
fn form_premature_is_found_even_when_the_offers_receipt_is_archived_late() {
    let mut tr = Trade::new();
    let o = tr.offer_body();
    tr.send("offer", Who::Seller, Who::Buyer, 0, o, &[]);
    let offer = tr.id("offer");
    tr.send(
        "acceptance",
        Who::Buyer,
        Who::Seller,
        3600,
        Acceptance::default(),
        &[offer],
    );
    tr.receipt("acceptance", Who::Seller, 3650);
    // The offer's receipt, archived after all that, says it arrived at 5000.
    tr.receipt("offer", Who::Buyer, 5000);
    only(&tr.audit(), Rule::FormPremature);
}

/// A chain of `n` receipts, each acknowledging the one before (the first
/// acknowledges the carriage instruction), archived in reverse: every
/// receipt before the one it answers.
fn reversed_receipt_chain(n: u64) -> Trade {
    let mut tr = Trade::happy();
    let mut target = tr.id("instruction:carriage");
    let mut chain = Vec::new();
    for i in 0..n {
        let (from, to) = if i % 2 == 0 {
            (Who::Carrier, Who::Seller)
        } else {
            (Who::Seller, Who::Carrier)
        };
        let s = tr.sign(
            from,
            to,
            120_000 + i,
            Receipt {
                received: t(120_000 + i),
            },
            &[target],
        );
        target = s.id();
        chain.push(s);
    }
    for s in chain.into_iter().rev() {
        tr.records.push(Rec::St(s));
    }
    tr
}

#[test]
fn a_long_reversed_chain_is_released_without_recursion() {
    // 1,000 statements each waiting for the next in the file: when the last
    // arrives, all are processed, in a loop rather than by recursion (which
    // would overflow the stack), each reported out of order.
    let tr = reversed_receipt_chain(1_000);
    let options = AuditOptions {
        threads: 1,
        batch: true,
    };
    let r = econtract::audit::audit_with(tr.bytes().as_slice(), None, Policy::default(), options, |_| {}).unwrap();
    only(&r, Rule::ChainOrder);
    assert_eq!(r.findings.len(), 999);
    assert_eq!(r.status, Status::Completed);
}

#[test]
fn waiting_is_bounded() {
    // Beyond MAX_WAITING (1,024) waiting statements, a forward reference is
    // reported dangling at once; the chain is then broken for good.
    let tr = reversed_receipt_chain(1_100);
    let options = AuditOptions {
        threads: 1,
        batch: true,
    };
    let r = econtract::audit::audit_with(tr.bytes().as_slice(), None, Policy::default(), options, |_| {}).unwrap();
    only(&r, Rule::ChainDangling);
    assert_eq!(r.findings.len(), 1_099);
}

#[test]
fn a_huge_clock_skew_in_the_policy_does_not_overflow() {
    let tr = Trade::happy();
    let p = Policy {
        clock_skew: u64::MAX,
        reasonable_time: u64::MAX,
        ..Policy::default()
    };
    assert!(tr.audit_with(p).is_complete());
}

#[test]
fn findings_are_capped_and_counted() {
    let mut tr = Trade::happy();
    let other = ContractId::new("EC-OTHER").unwrap();
    let s = tr.sign_in(&other, Who::Seller, Who::Buyer, 1, tr.offer_body(), &[]);
    for _ in 0..10_050 {
        tr.records.push(Rec::St(s.clone()));
    }
    let r = tr.audit();
    assert_eq!(r.findings.len(), econtract::validate::MAX_FINDINGS);
    assert_eq!(r.findings_omitted, 50);
}
