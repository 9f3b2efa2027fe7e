//! `audit` on arbitrary bytes: the streaming transcript reader, card,
//! statement and token verification against the cards the transcript
//! declares (no pinned cards), and the validator.
//!
//! The default audit (Ed25519 batch verification, several threads) is
//! checked against the reference audit (`verify_strict` one signature at a
//! time, one thread): SPEC.md section 17 says they give the same report, or
//! refuse the transcript naming the same first bad record. (The one
//! signature a batch may accept and `verify_strict` refuses can only be made
//! by the holder of the signing key, which the fuzzer is not.)
#![no_main]

use econtract::{AuditOptions, Policy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let default = econtract::audit(data, None, Policy::default(), |_| {});
    let strict = AuditOptions {
        batch: false,
        threads: 1,
    };
    let reference = econtract::audit::audit_with(data, None, Policy::default(), strict, |_| {});
    match (default, reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "batch and reference audits give different reports"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "batch and reference audits differ"),
        (a, b) => panic!("batch audit: {a:?}\nreference audit: {b:?}"),
    }
});
