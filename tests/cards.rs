//! Party cards made by hand, as a hostile or careless party would: weak keys
//! and bad self-signatures are refused when a card is read.

mod common;

use econtract::*;

/// A card with the given public keys, self-signed by hand with `seed`
/// (which need not match `signing_key`).
fn hand_card(seed: &[u8; 32], signing_key: [u8; 32], encryption_key: [u8; 32]) -> Vec<u8> {
    use ciborium::Value as V;
    use ed25519_dalek::Signer;
    let iss = PartyId::of_signing_key(&signing_key).to_hex();
    let protected = enc(&V::Map(vec![
        (V::Integer(1.into()), V::Integer((-19).into())),
        (
            V::Integer(2.into()),
            V::Array(vec![V::Integer((-65537).into()), V::Integer((-65538).into())]),
        ),
        (
            V::Integer(15.into()),
            V::Map(vec![
                (V::Integer(1.into()), V::Text(iss)),
                (V::Integer(6.into()), V::Integer(0.into())),
            ]),
        ),
        (
            V::Integer((-65537).into()),
            V::Integer(econtract::FORMAT_VERSION.into()),
        ),
        (V::Integer((-65538).into()), V::Integer(100.into())),
    ]));
    let payload = enc(&V::Map(vec![
        (V::Text("name".into()), V::Text("Mallory".into())),
        (V::Text("signing_key".into()), V::Bytes(signing_key.to_vec())),
        (V::Text("encryption_key".into()), V::Bytes(encryption_key.to_vec())),
    ]));
    let tbs = enc(&V::Array(vec![
        V::Text("Signature1".into()),
        V::Bytes(protected.clone()),
        V::Bytes(econtract::keys::CARD_AAD.to_vec()),
        V::Bytes(payload.clone()),
    ]));
    let sig = ed25519_dalek::SigningKey::from_bytes(seed).sign(&tbs).to_bytes();
    enc(&V::Tag(
        18,
        Box::new(V::Array(vec![
            V::Bytes(protected),
            V::Map(vec![]),
            V::Bytes(payload),
            V::Bytes(sig.to_vec()),
        ])),
    ))
}

fn enc(v: &ciborium::Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(v, &mut out).unwrap();
    out
}

fn public(seed: &[u8; 32]) -> [u8; 32] {
    ed25519_dalek::SigningKey::from_bytes(seed).verifying_key().to_bytes()
}

fn x25519_public(secret: [u8; 32]) -> [u8; 32] {
    x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from(secret)).to_bytes()
}

#[test]
fn a_hand_made_card_with_good_keys_reads_like_the_crates() {
    let seed = [9u8; 32];
    let bytes = hand_card(&seed, public(&seed), x25519_public([10; 32]));
    let card = PartyCard::from_bytes(&bytes).unwrap();
    let ours = PartySecret::from_secrets("Mallory", &seed, &[10; 32], UnixTime::from_secs(0).unwrap()).unwrap();
    assert_eq!(card, *ours.card(), "hand-made card is byte-identical to the crate's");
}

#[test]
fn small_order_encryption_keys_are_refused_on_read() {
    let seed = [9u8; 32];
    // Small-order X25519 points: 0, 1, and the order-8 point from RFC 7748 errata.
    let mut one = [0u8; 32];
    one[0] = 1;
    let order8 = hex::decode("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800").unwrap();
    for bad in [[0u8; 32], one, order8.try_into().unwrap()] {
        let bytes = hand_card(&seed, public(&seed), bad);
        assert_eq!(PartyCard::from_bytes(&bytes), Err(KeyError::WeakEncryptionKey));
    }
    // Non-canonical: p itself (= 0 mod p) and a key with bit 255 set.
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    assert_eq!(
        PartyCard::from_bytes(&hand_card(&seed, public(&seed), p)),
        Err(KeyError::WeakEncryptionKey)
    );
    let mut high = x25519_public([10; 32]);
    high[31] |= 0x80;
    assert_eq!(
        PartyCard::from_bytes(&hand_card(&seed, public(&seed), high)),
        Err(KeyError::WeakEncryptionKey)
    );
}

#[test]
fn weak_signing_keys_are_refused_on_read() {
    let seed = [9u8; 32];
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let bytes = hand_card(&seed, identity, x25519_public([10; 32]));
    assert_eq!(PartyCard::from_bytes(&bytes), Err(KeyError::WeakSigningKey));
    // A non-canonical encoding of a point (y = p + 1 encodes y = 1).
    let mut noncanon = [0xffu8; 32];
    noncanon[0] = 0xee;
    noncanon[31] = 0x7f;
    let r = PartyCard::from_bytes(&hand_card(&seed, noncanon, x25519_public([10; 32])));
    assert!(
        matches!(r, Err(KeyError::InvalidSigningKey | KeyError::WeakSigningKey)),
        "{r:?}"
    );
}

#[test]
fn a_card_signed_by_another_key_is_refused() {
    let bytes = hand_card(&[8u8; 32], public(&[9u8; 32]), x25519_public([10; 32]));
    assert_eq!(PartyCard::from_bytes(&bytes), Err(KeyError::BadSignature));
}

#[test]
fn every_byte_of_a_card_matters() {
    let card = common::party(common::Who::Seller);
    let bytes = card.card().as_bytes();
    for i in 0..bytes.len() {
        let mut bad = bytes.to_vec();
        bad[i] ^= 0x01;
        assert!(PartyCard::from_bytes(&bad).is_err(), "byte {i}");
    }
}

#[test]
fn debug_output_never_shows_a_secret() {
    let seed = [0x5a; 32];
    let enc = [0xc3; 32];
    let p = PartySecret::from_secrets("Seller Ltd", &seed, &enc, UnixTime::from_secs(1_772_355_600).unwrap()).unwrap();
    assert_eq!(&p.signing_seed()[..], &seed);
    assert_eq!(&p.encryption_secret()[..], &enc);
    for shown in [format!("{p:?}"), format!("{p:#?}")] {
        assert!(
            shown.contains("Seller Ltd") && shown.contains(&p.id().to_hex()),
            "{shown}"
        );
        for secret in [&seed, &enc] {
            let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
            let decimal = format!("{:?}", &secret[..4]).trim_end_matches(']').to_owned();
            assert!(!shown.to_lowercase().contains(&hex[..8]), "{shown}");
            assert!(!shown.contains(&decimal), "{shown}");
        }
    }
}
