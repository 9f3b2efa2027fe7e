//! Transcripts built on the scenario builder for the tests that need more
//! than one contract's happy path: the default contract, a contract paid
//! in many instalments, and the byte offsets of a transcript's records.
//!
//! Included as `common::trade` by the tests and with `#[path]` (beside
//! `scenario.rs`, as `crate::scenario`) by the benchmarks.
#![allow(dead_code)]

use econtract::*;

use super::scenario::{H, Rec, Scenario, Variant, Who};

/// The default contract (CIF Rotterdam, documents against payment, direct,
/// a carrier and an insurer), from the offer to the title transfer.
pub fn happy() -> Scenario {
    Scenario::complete(Variant::default())
}

/// The default contract paid in `n` instalments by the buyer, each payment
/// answering the notice and the previous instalment and holding a
/// 1000-byte method (about 1.5 KiB a statement), then the title transfer.
/// Statements after the notice are not time-stamped. Payments are named
/// `pay.0` to `pay.{n-1}`.
pub fn instalments(n: u64) -> Scenario {
    instalments_with(n, |i| {
        format!("SWIFT gpi credit transfer, instalment {i}; ").repeat(40)[..1000].to_owned()
    })
}

/// As [`instalments`], with the payment method `method(i)` for instalment `i`.
pub fn instalments_with(n: u64, method: impl Fn(u64) -> String) -> Scenario {
    assert!(n >= 1);
    let mut s = Scenario::new(Variant {
        instalments: n,
        ..Variant::default()
    });
    s.offer().accept().instruct().prove().notify();
    s.stamp = false;
    let notice_at = s.statement("notice").time().as_secs() - super::scenario::T0;
    let price = s.terms.price.minor;
    for i in 0..n {
        let is_final = i + 1 == n;
        let mut p = s.payment_body(if is_final { price - (n - 1) } else { 1 }, is_final, PayerRole::Buyer);
        p.method = method(i);
        let prev = format!("pay.{}", i.wrapping_sub(1));
        let answers: Vec<&str> = if i == 0 { vec!["notice"] } else { vec!["notice", &prev] };
        s.send(
            &format!("pay.{i}"),
            Who::Buyer,
            Who::Seller,
            notice_at + 4 * H + i,
            p,
            &answers,
        );
    }
    s.transfer();
    s
}

/// A transcript of `contract` holding `records`, and the byte offset at
/// which each record starts, then the end.
pub fn write(contract: &ContractId, records: &[Rec]) -> (Vec<u8>, Vec<usize>) {
    let mut w = TranscriptWriter::create(Vec::new(), contract).unwrap();
    let mut starts = Vec::with_capacity(records.len() + 1);
    for r in records {
        starts.push(w.bytes_written() as usize);
        match r {
            Rec::Card(c) => w.card(c).unwrap(),
            Rec::St(s) => w.statement(s).unwrap(),
            Rec::Tok(t) => w.token(t).unwrap(),
        }
    }
    let bytes = w.finish().unwrap();
    starts.push(bytes.len());
    (bytes, starts)
}

/// The byte offsets at which each record of `s` starts, and the end.
pub fn boundaries(s: &Scenario) -> Vec<usize> {
    write(&s.contract, &s.records).1
}

/// The records of `s` without the party cards.
pub fn without_cards(s: &Scenario) -> Vec<Rec> {
    s.records
        .iter()
        .filter(|r| !matches!(r, Rec::Card(_)))
        .cloned()
        .collect()
}
