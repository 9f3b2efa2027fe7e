//! The key and card file readers of `econtract::pkcs8` on arbitrary bytes:
//! `decode_private_key` for each algorithm and `decode_card_file` must
//! refuse without panicking, with a message; an accepted key re-encodes
//! (PEM and DER) to a file that reads back to the same 32 bytes and is
//! refused as swapped by the other algorithm; an accepted card reads back
//! from its bytes and from its `card_text`.
//!
//! The checks are `econtract_fuzz::targets::keyfile` (`src/targets.rs`),
//! which `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::keyfile(data));
