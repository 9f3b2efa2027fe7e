//! Interop with an independent HPKE implementation (the `hpke` crate): it
//! opens our envelopes, and we open envelopes it seals.

mod common;

use ::hpke::aead::ChaCha20Poly1305;
use ::hpke::kdf::HkdfSha256;
use ::hpke::kem::X25519HkdfSha256;
use ::hpke::{Deserializable, Kem as _, OpModeR, OpModeS, Serializable};
use common::*;
use econtract::*;

type Kem = X25519HkdfSha256;

fn info(recipient: &PartyCard) -> Vec<u8> {
    let mut info = econtract::envelope::ENVELOPE_INFO_LABEL.to_vec();
    info.extend_from_slice(recipient.id().as_bytes());
    info
}

/// Splits an envelope with ciborium (an independent CBOR decoder).
fn envelope_parts(envelope: &[u8]) -> (u64, Vec<u8>, Vec<u8>, Vec<u8>) {
    let v: ciborium::Value = ciborium::from_reader(envelope).unwrap();
    let items = v.into_array().unwrap();
    (
        u64::try_from(items[0].as_integer().unwrap()).unwrap(),
        items[1].as_bytes().unwrap().clone(),
        items[2].as_bytes().unwrap().clone(),
        items[3].as_bytes().unwrap().clone(),
    )
}

#[test]
fn the_hpke_crate_opens_our_envelopes() {
    let c = Cast::new();
    let mut rng = rng(20);
    for (statement, _, recipient) in every_kind(&c) {
        let envelope = seal(&statement, recipient.card(), &mut rng).unwrap();
        let (version, to, enc, ct) = envelope_parts(&envelope);
        assert_eq!(version, econtract::envelope::ENVELOPE_VERSION);
        assert_eq!(version, 2);
        assert_eq!(&to, recipient.id().as_bytes());
        let sk = <Kem as ::hpke::Kem>::PrivateKey::from_bytes(&recipient.encryption_secret()[..]).unwrap();
        let encapped = <Kem as ::hpke::Kem>::EncappedKey::from_bytes(&enc).unwrap();
        let pt = ::hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeR::Base,
            &sk,
            &encapped,
            &info(recipient.card()),
            &ct,
            b"",
        )
        .unwrap();
        assert_eq!(pt, statement.as_bytes());
    }
}

#[test]
fn we_open_envelopes_sealed_by_the_hpke_crate() {
    let c = Cast::new();
    let cards = c.cards();
    let mut rng = rng(21);
    for (statement, _, recipient) in every_kind(&c) {
        let pk = <Kem as ::hpke::Kem>::PublicKey::from_bytes(recipient.card().encryption_key()).unwrap();
        let (encapped, ct) = ::hpke::single_shot_seal_with_rng::<ChaCha20Poly1305, HkdfSha256, Kem>(
            &OpModeS::Base,
            &pk,
            &info(recipient.card()),
            statement.as_bytes(),
            b"",
            &mut rng,
        )
        .unwrap();
        let mut envelope = Vec::new();
        let value = ciborium::Value::Array(vec![
            ciborium::Value::Integer(2.into()),
            ciborium::Value::Bytes(recipient.id().as_bytes().to_vec()),
            ciborium::Value::Bytes(encapped.to_bytes().to_vec()),
            ciborium::Value::Bytes(ct),
        ]);
        ciborium::into_writer(&value, &mut envelope).unwrap();
        let opened = open(&envelope, recipient, &cards, Some(&contract())).unwrap();
        assert_eq!(opened.as_bytes(), statement.as_bytes());
    }
}

#[test]
fn our_keys_match_the_hpke_crate_derivation() {
    // DeriveKeyPair agrees between the implementations.
    for ikm in [[0u8; 32], [7u8; 32], [255u8; 32]] {
        let (_, ours) = econtract::hpke::derive_key_pair(&ikm);
        let (_, theirs) = Kem::derive_keypair(&ikm);
        assert_eq!(ours.to_vec(), theirs.to_bytes().to_vec());
    }
}
