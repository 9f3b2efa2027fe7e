//! Structure-aware fuzzing of the validator with hostile but correctly
//! signed sequences: the input is decoded with `arbitrary` into a policy and
//! operations, each statement and token is built and signed with the crate's
//! API (operations whose build fails are skipped), and everything is fed to
//! a `Validator`, then `finish()`. See `src/validator_ops.rs`.
//!
//! Its inputs only mean something to `arbitrary`, which the main crate does
//! not depend on: `examples/replay.rs` (not `tests/fuzz_corpus.rs`) replays
//! its seeds and reproducers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = econtract_fuzz::validator_ops::run_bytes(data);
});
