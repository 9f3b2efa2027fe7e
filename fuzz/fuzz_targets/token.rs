//! `TimestampToken::decode` on arbitrary bytes, then `verify` against the
//! fixed cards.
//!
//! The checks are `econtract_fuzz::targets::token` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::token(data));
