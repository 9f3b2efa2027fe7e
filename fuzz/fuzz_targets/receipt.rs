//! Receipt-focused: the fixed valid offer (seller to buyer, signed at T0)
//! and then the input, decoded as a statement and verified against the fixed
//! cards, go into a `Validator`, which must finish without panicking. Seeds
//! are receipts (and other answers) of that offer, so mutations of the
//! receipt time, answers and parties that still verify reach the formation
//! logic.
#![no_main]

use econtract::{Policy, Statement, Validator};
use econtract_fuzz::{CARDS, OFFER, contract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = Statement::decode(data) else {
        return;
    };
    let Ok(s) = s.verify(&*CARDS) else {
        return;
    };
    let mut v = Validator::new(contract(), Policy::default());
    v.statement(0, &OFFER);
    v.statement(1, &s);
    let _ = v.status();
    let report = v.finish();
    let _ = (report.is_valid(), report.is_complete(), report.rules());
});
