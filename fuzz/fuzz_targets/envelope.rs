//! `open` on arbitrary bytes as the buyer (a fixed recipient secret), with
//! the fixed cards and no expected contract.
#![no_main]

use econtract::open;
use econtract_fuzz::{BUYER, CARDS, p};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = open(data, p(BUYER), &*CARDS, None) {
        assert_eq!(s.recipient(), p(BUYER).id());
    }
});
