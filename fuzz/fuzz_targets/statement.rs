//! `Statement::decode` on arbitrary bytes and, on success, `verify` against
//! the fixed cards (seven parties with keys from fixed bytes).
//!
//! The checks are `econtract_fuzz::targets::statement` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::statement(data));
