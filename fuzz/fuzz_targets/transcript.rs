//! `audit` on arbitrary bytes: the streaming transcript reader, card,
//! statement and token verification against the cards the transcript
//! declares (no pinned cards), and the validator.
//!
//! The default audit (Ed25519 batch verification, several threads) is
//! checked against the one-by-one audit (one signature at a time, one
//! thread): SPEC.md section 17 says they give the same report, or refuse
//! the transcript naming the same first bad record (one rule, SPEC.md
//! section 4, alone or batched).
//!
//! The checks are `econtract_fuzz::targets::transcript` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::transcript(data));
