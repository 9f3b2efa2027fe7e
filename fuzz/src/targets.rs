//! What each fuzz target does with its input, one function per target (but
//! `validator`, which decodes its input with `arbitrary`: see
//! [`validator_ops`](crate::validator_ops)). Each `fuzz_targets/NAME.rs` is
//! `fuzz_target!(|data: &[u8]| targets::NAME(data))`.
//!
//! A function returns normally for any input, valid or not; a failed check
//! panics. The main crate's `tests/fuzz_corpus.rs` includes this file (and
//! `fixtures.rs`) by path and replays the seeds and reproducers through
//! these functions on the stable toolchain, so this file uses nothing but
//! `econtract`, the standard library and `super::fixtures`.

use econtract::pkcs8::{
    KeyAlgorithm, KeyFileError, MAX_CARD_FILE, MAX_KEY_FILE, card_text, decode_card_file, decode_private_key,
    encode_private_key_der, encode_private_key_pem,
};
use econtract::{
    AuditOptions, Parcel, PartyCard, Policy, Session, Statement, TimestampToken, TranscriptReader, Validator, open,
};

use super::fixtures::{BUYER, CARDS, OFFER, contract, p, party};

/// `card`: `PartyCard::from_bytes` on arbitrary bytes: strict CBOR,
/// COSE_Sign1, the self-signature and the key checks must reject without
/// panicking. An accepted card is the input's exact bytes, and reads back
/// the same.
pub fn card(data: &[u8]) {
    if let Ok(card) = PartyCard::from_bytes(data) {
        assert_eq!(card.as_bytes(), data);
        let again = PartyCard::from_bytes(card.as_bytes()).expect("an accepted card reads back");
        assert_eq!(again, card);
        let _ = (card.id(), card.name(), card.created());
    }
}

/// `statement`: `Statement::decode` on arbitrary bytes and, on success,
/// `verify` against the fixed cards.
pub fn statement(data: &[u8]) {
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
}

/// `envelope`: `open` on arbitrary bytes as the buyer (a fixed recipient
/// secret), with the fixed cards and no expected contract.
pub fn envelope(data: &[u8]) {
    if let Ok(s) = open(data, p(BUYER), &*CARDS, None) {
        assert_eq!(s.recipient(), p(BUYER).id());
    }
}

/// `token`: `TimestampToken::decode` on arbitrary bytes, then `verify`
/// against the fixed cards.
pub fn token(data: &[u8]) {
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
}

/// `receipt`: the fixed valid offer (seller to buyer, signed at T0) and
/// then the input, decoded as a statement and verified against the fixed
/// cards, go into a `Validator`, which must finish without panicking.
pub fn receipt(data: &[u8]) {
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
}

/// `transcript`: `audit` on arbitrary bytes, the default audit (batch
/// verification, several threads) against the reference audit
/// (one signature at a time, one thread): SPEC.md section 17 says they give
/// the same report, or refuse the transcript naming the
/// same first bad record.
pub fn transcript(data: &[u8]) {
    let default = econtract::audit(data, None, Policy::default(), |_| {});
    let strict = AuditOptions {
        batch: false,
        threads: 1,
    };
    let reference = econtract::audit::audit_with(data, None, Policy::default(), strict, |_| {});
    match (default, reference) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "batch and reference audits give different reports"),
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "batch and reference audits differ"),
        (a, b) => panic!("batch audit: {a:?}\nreference audit: {b:?}"),
    }
}

/// `keyfile`: the input as a private key file of each algorithm
/// (`decode_private_key`) and as a card file (`decode_card_file`). Neither
/// may panic, and every error has a message. An accepted key re-encodes
/// (PEM and DER) to a file that reads back to the same bytes, and the same
/// input, read as the other algorithm's key, is refused as swapped. An
/// accepted card reads back the same from its CBOR bytes and from its
/// `card_text`.
pub fn keyfile(data: &[u8]) {
    for alg in [KeyAlgorithm::Ed25519, KeyAlgorithm::X25519] {
        match decode_private_key(data, alg) {
            Ok(key) => {
                assert!(data.len() <= MAX_KEY_FILE);
                let pem = encode_private_key_pem(&key, alg);
                let again = decode_private_key(pem.as_bytes(), alg).expect("a re-encoded PEM key reads back");
                assert_eq!(*again, *key);
                let der = encode_private_key_der(&key, alg);
                let again = decode_private_key(&der, alg).expect("a re-encoded DER key reads back");
                assert_eq!(*again, *key);
                match decode_private_key(data, alg.other()) {
                    Err(KeyFileError::SwappedKeys { found, expected }) => {
                        assert_eq!((found, expected), (alg, alg.other()));
                    }
                    other => panic!("an {alg} key read as an {} key: {other:?}", alg.other()),
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
    match decode_card_file(data) {
        Ok(card) => {
            assert!(data.len() <= MAX_CARD_FILE);
            let again = decode_card_file(card.as_bytes()).expect("an accepted card's bytes read back");
            assert_eq!(again, card);
            let again = decode_card_file(card_text(&card).as_bytes()).expect("an accepted card's text reads back");
            assert_eq!(again, card);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// `parcel`: `Parcel::from_bytes` on arbitrary bytes (an accepted parcel
/// re-encodes to its exact bytes), then a fresh buyer's session receives
/// it: it is refused or archived, never a panic, and whatever the session
/// wrote reads back as a whole transcript.
pub fn parcel(data: &[u8]) {
    if let Ok(p) = Parcel::from_bytes(data) {
        assert_eq!(p.to_bytes(), data, "a parcel is decoded only from its one encoding");
    }
    let mut s = Session::new(party(BUYER), contract(), Policy::default(), &CARDS, Vec::new()).expect("a session");
    let archived = s.receive(data).is_ok();
    let bytes = s.into_inner().expect("a Vec");
    let mut r = TranscriptReader::new(bytes.as_slice()).expect("the session's transcript");
    let mut records = 0;
    while r.next_record().expect("whole records").is_some() {
        records += 1;
    }
    assert!(records >= CARDS.len(), "the cards are archived first");
    if !archived {
        assert_eq!(records, CARDS.len(), "a refused parcel archives nothing");
    }
}
