//! `Statement::decode` on arbitrary bytes and, on success, `verify` against
//! the fixed cards (seven parties with keys from fixed bytes).
#![no_main]

use econtract::Statement;
use econtract_fuzz::CARDS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = Statement::decode(data) else {
        return;
    };
    assert_eq!(s.as_bytes(), data);
    let _ = (
        s.id(),
        s.kind(),
        s.sender(),
        s.recipient(),
        s.copies(),
        s.contract(),
        s.time(),
        s.answers(),
    );
    let _ = s.message();
    if let Ok(v) = s.verify(&*CARDS) {
        assert_eq!(v.as_bytes(), data);
    }
});
