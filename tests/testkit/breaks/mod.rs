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

mod chain;
mod edges;
mod formation;
mod keys;
mod payment;
mod performance;
mod roles;
mod terms;
mod time;
mod title;

pub fn all(k: &mut Kit) {
    chain::chain(k);
    roles::roles(k);
    formation::formation(k);
    terms::terms(k);
    performance::performance(k);
    payment::payment(k);
    title::title(k);
    time::time(k);
    edges::edges(k);
    keys::keys(k);
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
