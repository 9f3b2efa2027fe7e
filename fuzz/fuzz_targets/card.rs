//! `PartyCard::from_bytes` on arbitrary bytes: strict CBOR, COSE_Sign1,
//! the self-signature and the key checks must reject without panicking.
//!
//! The checks are `econtract_fuzz::targets::card` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::card(data));
