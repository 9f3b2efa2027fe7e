//! Parcels on arbitrary bytes: `Parcel::from_bytes` strictly, then a
//! buyer's `Session::receive`, which must refuse or archive without
//! panicking and leave a transcript of whole records. The checks are
//! `econtract_fuzz::targets::parcel` (`src/targets.rs`), which
//! `tests/fuzz_corpus.rs` of the main crate also runs on every seed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| econtract_fuzz::targets::parcel(data));
