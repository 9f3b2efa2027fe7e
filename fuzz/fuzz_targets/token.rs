//! `TimestampToken::decode` on arbitrary bytes, then `verify` against the
//! fixed cards.
#![no_main]

use econtract::TimestampToken;
use econtract_fuzz::CARDS;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(tok) = TimestampToken::decode(data) else {
        return;
    };
    assert_eq!(tok.as_bytes(), data);
    let _ = (
        tok.authority(),
        tok.time(),
        tok.imprint(),
        tok.serial(),
        tok.nonce(),
        tok.accuracy(),
    );
    let _ = tok.verify(&*CARDS);
});
