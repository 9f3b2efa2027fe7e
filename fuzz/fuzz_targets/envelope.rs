//! `open` on arbitrary bytes as the buyer (a fixed recipient secret), with
//! the fixed cards and no expected contract.
//!
//! The checks are `econtract_fuzz::targets::envelope` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::envelope(data));
