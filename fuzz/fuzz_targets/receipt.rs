//! Receipt-focused: the fixed valid offer (seller to buyer, signed at T0)
//! and then the input, decoded as a statement and verified against the fixed
//! cards, go into a `Validator`, which must finish without panicking. Seeds
//! are receipts (and other answers) of that offer, so mutations of the
//! receipt time, answers and parties that still verify reach the formation
//! logic.
//!
//! The checks are `econtract_fuzz::targets::receipt` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::receipt(data));
