//! `PartyCard::from_bytes` on arbitrary bytes: strict CBOR, COSE_Sign1,
//! the self-signature and the key checks must reject without panicking.
#![no_main]

use econtract::PartyCard;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(card) = PartyCard::from_bytes(data) {
        // A card that was accepted is its exact bytes, and reads back the same.
        assert_eq!(card.as_bytes(), data);
        let again = PartyCard::from_bytes(card.as_bytes()).expect("an accepted card reads back");
        assert_eq!(again, card);
        let _ = (card.id(), card.name(), card.created());
    }
});
