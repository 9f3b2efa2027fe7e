//! The conformance testkit's cases. Each case's expected status and
//! findings are written from the law (CISG, Incoterms 2020, URC 522, UCP
//! 600, MLETR) and the rule table (`src/validate/rules.rs`), never copied
//! from the validator's output. Record indices are those of the statements
//! or tokens the rule is about, looked up by name in the scenario.
//!
//! Included by `examples/make_testkit.rs` and `tests/testkit.rs` with
//! `#[path]`, next to `tests/common/scenario.rs` and `tests/testkit/kit.rs`.
#![allow(dead_code)]

use econtract::*;

use crate::kit::Case;
use crate::scenario::*;

use DocumentType::*;
use Status::*;

mod formation;
mod policies;
mod unfinished;
mod valid;
mod views;

/// Every case, in a fixed order.
pub fn all() -> Vec<Case> {
    let mut k = Kit::default();
    valid::valid(&mut k);
    formation::formation_ok(&mut k);
    policies::policies_ok(&mut k);
    unfinished::unfinished(&mut k);
    views::views(&mut k);
    crate::breaks::all(&mut k);
    k.cases
}

// ---------------------------------------------------------------------------
// The builder

#[derive(Default)]
pub struct Kit {
    pub cases: Vec<Case>,
}

impl Kit {
    pub fn push(
        &mut self,
        name: &str,
        about: &str,
        bytes: Vec<u8>,
        policy: Policy,
        status: Status,
        findings: &[(Rule, usize)],
    ) {
        assert!(!self.cases.iter().any(|c| c.name == name), "two cases named {name}");
        assert!(
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "case names are lowercase words joined by hyphens: {name}"
        );
        assert!(!about.contains('\n'), "a description is one line: {name}");
        self.cases.push(Case {
            name: name.to_owned(),
            about: about.to_owned(),
            policy,
            status,
            findings: findings.to_vec(),
            bytes,
        });
    }

    /// A case on the scenario's full transcript.
    pub fn add(
        &mut self,
        name: &str,
        about: &str,
        s: &Scenario,
        policy: Policy,
        status: Status,
        findings: &[(Rule, usize)],
    ) {
        self.push(name, about, s.bytes(), policy, status, findings);
    }

    /// A legal contract, performed: completed, no finding, default policy.
    pub fn ok(&mut self, name: &str, about: &str, s: &Scenario) {
        self.add(name, about, s, Policy::default(), Completed, &[]);
    }

    /// A case on one party's own archive of the scenario, default policy,
    /// no finding.
    pub fn archive(&mut self, name: &str, about: &str, s: &Scenario, who: Who, status: Status) {
        let recs = s.archive_of(who);
        self.push(
            name,
            about,
            bytes_of(&s.contract, &recs),
            Policy::default(),
            status,
            &[],
        );
    }

    /// A provider's or bank's archive read as a partial view: status
    /// `partial-view`, no finding.
    pub fn view(&mut self, name: &str, about: &str, s: &Scenario, who: Who) {
        let policy = Policy {
            viewer: Some(s.pid(who)),
            ..Policy::default()
        };
        let recs = s.archive_of(who);
        self.push(name, about, bytes_of(&s.contract, &recs), policy, PartialView, &[]);
    }
}

// ---------------------------------------------------------------------------
// Helpers

pub fn variant(f: impl FnOnce(&mut Variant)) -> Variant {
    let mut v = Variant::default();
    f(&mut v);
    v
}

pub fn dflt() -> Variant {
    Variant::default()
}

pub fn policy(f: impl FnOnce(&mut Policy)) -> Policy {
    let mut p = Policy::default();
    f(&mut p);
    p
}

pub fn pd() -> Policy {
    Policy::default()
}

pub fn complete(v: Variant) -> Scenario {
    Scenario::complete(v)
}

pub fn complete_default() -> Scenario {
    complete(dflt())
}

/// The record index of statement `name`.
pub fn at(s: &Scenario, name: &str) -> usize {
    s.index_of(name)
}

/// The record index of the first token stamping statement `name`.
pub fn tok(s: &Scenario, name: &str) -> usize {
    let id = s.id(name);
    s.records
        .iter()
        .position(|r| matches!(r, Rec::Tok(t) if t.imprint() == id))
        .unwrap_or_else(|| panic!("no token for {name}"))
}

/// The index the next record will have.
pub fn next(s: &Scenario) -> usize {
    s.records.len()
}

/// An hour after the latest signing time in the scenario (seconds from T0).
pub fn after_all(s: &Scenario) -> u64 {
    let latest = s
        .records
        .iter()
        .filter_map(|r| match r {
            Rec::St(st) => Some(st.time().as_secs()),
            Rec::Tok(tk) => Some(tk.time().as_secs()),
            Rec::Card(_) => None,
        })
        .max()
        .unwrap_or(T0);
    latest - T0 + H
}

/// When the happy path sends the notice.
pub fn notice_time(s: &Scenario) -> u64 {
    24 * H + s.variant.shipments * DAY + 6 * H
}

pub fn offer_body(s: &Scenario, lapse: Option<u64>, irrevocable: bool) -> Offer {
    Offer {
        terms: s.terms.clone(),
        lapse: lapse.map(t),
        irrevocable,
    }
}

/// The offer (seller to buyer) at `when`, with the given lapse time.
pub fn offer_at(s: &mut Scenario, name: &str, when: u64, lapse: Option<u64>, irrevocable: bool) -> StatementId {
    let o = offer_body(s, lapse, irrevocable);
    s.send(name, Who::Seller, Who::Buyer, when, o, &[])
}

/// The first title document, as a transfer body.
pub fn title_body(s: &Scenario) -> TitleTransfer {
    TitleTransfer {
        document: s.title_docs()[0].clone(),
    }
}

pub fn usd(minor: u64) -> Amount {
    Amount::new("USD", minor).expect("amount")
}

/// A statement of another contract.
pub fn foreign(s: &Scenario, from: Who, to: Who, when: u64, msg: impl Into<Message>) -> Verified<Statement> {
    let other = ContractId::new("EC-2026-0999").expect("contract id");
    Statement::build(s.p(from), s.p(to).card(), &other, t(when), msg.into())
        .sign()
        .expect("signs")
}

/// The notice carrying `proofs` (by name), at `when`, asking for `due`.
pub fn notice_of(s: &mut Scenario, name: &str, when: u64, proofs: &[&str], due: Amount) -> StatementId {
    let bodies: Vec<Statement> = proofs.iter().map(|n| s.statement(n).into_inner()).collect();
    s.send(
        name,
        Who::Seller,
        Who::Buyer,
        when,
        PerformanceNotice { due, proofs: bodies },
        proofs,
    )
}

/// The proof names in record order, as `&str`s for `send`.
pub fn proof_refs(s: &Scenario) -> Vec<String> {
    s.proof_names()
}

/// Performance of a direct D/P contract (one shipment, one payment) with
/// every step `base` seconds later than the happy path's.
pub fn perform(s: &mut Scenario, base: u64) {
    let mut when = base + 2 * H;
    for (service, who) in s.required_services() {
        let from = if service == ServiceKind::Carriage {
            s.carriage_instructor()
        } else {
            Who::Seller
        };
        let i = ServiceInstruction {
            service,
            task: format!("{service} as the contract requires"),
        };
        s.send(&format!("instruct.{service}"), from, who, when, i, &["acceptance"]);
        when += 60;
    }
    let services = s.required_services();
    let mut when = base + 20 * H;
    for (service, who) in services.iter().copied().filter(|(x, _)| *x != ServiceKind::Carriage) {
        let body = s.proof_body(service, 0, when);
        s.send(
            &format!("proof.{service}"),
            who,
            Who::Seller,
            when,
            body,
            &[&format!("instruct.{service}")],
        );
        when += 60;
    }
    if let Some((_, who)) = services.iter().find(|(x, _)| *x == ServiceKind::Carriage) {
        let body = s.proof_body(ServiceKind::Carriage, 0, base + 24 * H);
        s.send(
            "proof.carriage.0",
            *who,
            Who::Seller,
            base + 24 * H,
            body,
            &["instruct.carriage"],
        );
    }
    let names = proof_refs(s);
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let price = s.terms.price;
    notice_of(s, "notice", base + 54 * H, &refs, price);
    let p = s.payment_body(PRICE, true, PayerRole::Buyer);
    s.send("pay.0", Who::Buyer, Who::Seller, base + 58 * H, p, &["notice"]);
    for (k, doc) in s.title_docs().into_iter().enumerate() {
        let proof = names
            .iter()
            .find(|n| matches!(s.statement(n).message(), Message::ServiceProof(p) if p.document.id == doc.id))
            .expect("issuing proof")
            .clone();
        let x = TitleTransfer { document: doc };
        s.send(
            &format!("title.{k}"),
            Who::Seller,
            Who::Buyer,
            base + 82 * H + k as u64 * 60,
            x,
            &[&proof, "pay.0"],
        );
    }
}

/// Up to the notice, then the payments and title of the happy path.
pub fn finish_from_notice(s: &mut Scenario) {
    s.notify().collect().pay().transfer().pay_draft().remit();
}
