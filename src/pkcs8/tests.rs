//! Tests of the PKCS#8 import and export and of card files.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

use super::*;
use crate::ids::{ContractId, StatementId};
use crate::message::Rejection;
use crate::transcript::TranscriptWriter;

use KeyAlgorithm::{Ed25519, X25519};

/// The Ed25519 key of RFC 8410 section 10.3.
const ED: [u8; 32] = hex32("d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842");
/// Its public key (RFC 8410 section 10.1).
const ED_PUB: [u8; 32] = hex32("19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
/// Alice's X25519 key of RFC 7748 section 6.1.
const X: [u8; 32] = hex32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
/// Its public key.
const X_PUB: [u8; 32] = hex32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

/// RFC 8410 section 10.3, the v1 key.
const RFC_V1_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
/// RFC 8410 section 10.3, the v2 key with an attribute and the public key.
const RFC_V2_PEM: &str = "-----BEGIN PRIVATE KEY-----\nMHICAQEwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\noB8wHQYKKoZIhvcNAQkJFDEPDA1DdXJkbGUgQ2hhaXJzgSEAGb9ECWmEzf6FQbrB\nZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PRIVATE KEY-----\n";

const fn hex32(s: &str) -> [u8; 32] {
    let s = s.as_bytes();
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = (nibble(s[2 * i]) << 4) | nibble(s[2 * i + 1]);
        i += 1;
    }
    out
}

const fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'a' + 10,
    }
}

/// A v1 DER with the algorithm identifier `alg` (its DER, SEQUENCE
/// included) and the privateKey OCTET STRING's content `private`.
fn der_with(alg: &[u8], private: &[u8]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x00];
    body.extend_from_slice(alg);
    body.push(0x04);
    body.push(private.len() as u8);
    body.extend_from_slice(private);
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    der
}

fn curve_private_key(key: &[u8]) -> Vec<u8> {
    let mut v = vec![0x04, key.len() as u8];
    v.extend_from_slice(key);
    v
}

/// A v2 DER (version 1, the public key as [1] IMPLICIT BIT STRING).
fn v2_der(oid_byte: u8, key: &[u8; 32], public: &[u8; 32]) -> Vec<u8> {
    let mut der = vec![
        0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, oid_byte,
    ];
    der.extend([0x04, 0x22, 0x04, 0x20]);
    der.extend_from_slice(key);
    der.extend([0x81, 0x21, 0x00]);
    der.extend_from_slice(public);
    der
}

fn pem_of(label: &str, der: &[u8]) -> String {
    pem::encode_string(label, LineEnding::LF, der).unwrap()
}

fn t0() -> UnixTime {
    UnixTime::parse_rfc3339("2026-03-01T09:00:00Z").unwrap()
}

fn party() -> PartySecret {
    PartySecret::from_secrets("Seller Ltd", &ED, &X, t0()).unwrap()
}

#[test]
fn rfc_8410_vectors() {
    let der = encode_private_key_der(&ED, Ed25519);
    let mut expected = hex::decode("302e020100300506032b657004220420").unwrap();
    expected.extend_from_slice(&ED);
    assert_eq!(&der[..], &expected[..]);
    assert_eq!(&encode_private_key_pem(&ED, Ed25519)[..], RFC_V1_PEM);
    assert_eq!(*decode_private_key(RFC_V1_PEM.as_bytes(), Ed25519).unwrap(), ED);
    // The v2 example: an attribute (skipped) and the public key (checked).
    assert_eq!(*decode_private_key(RFC_V2_PEM.as_bytes(), Ed25519).unwrap(), ED);
    assert_eq!(public_key(&ED, Ed25519), ED_PUB);
    assert_eq!(public_key(&X, X25519), X_PUB);
    let x_der = encode_private_key_der(&X, X25519);
    assert_eq!(
        &x_der[..16],
        &hex::decode("302e020100300506032b656e04220420").unwrap()[..]
    );
}

#[test]
fn round_trips() {
    for (key, alg) in [(ED, Ed25519), (X, X25519), ([0; 32], Ed25519), ([0xff; 32], X25519)] {
        let pem = encode_private_key_pem(&key, alg);
        assert_eq!(pem.len(), PEM_LEN);
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n") && pem.ends_with("-----END PRIVATE KEY-----\n"));
        assert!(!pem.contains('\r'));
        assert_eq!(*decode_private_key(pem.as_bytes(), alg).unwrap(), key);
        let der = encode_private_key_der(&key, alg);
        assert_eq!(der.len(), DER_LEN);
        assert_eq!(*decode_private_key(&der, alg).unwrap(), key);
        // CRLF line endings, text around the block, a public key block
        // before it.
        let crlf = pem.replace('\n', "\r\n");
        assert_eq!(*decode_private_key(crlf.as_bytes(), alg).unwrap(), key);
        let around = format!("my key, 2026\n{}trailing words\n", &*pem);
        assert_eq!(*decode_private_key(around.as_bytes(), alg).unwrap(), key);
        let spki = pem_of("PUBLIC KEY", &[0x30, 0x00]);
        let both = format!("{spki}{}", &*pem);
        assert_eq!(*decode_private_key(both.as_bytes(), alg).unwrap(), key);
        let bom = format!("\u{feff}{}", &*pem);
        assert_eq!(*decode_private_key(bom.as_bytes(), alg).unwrap(), key);
    }
}

#[test]
fn v2_keys_are_read_and_their_public_key_checked() {
    let ed = v2_der(0x70, &ED, &ED_PUB);
    assert_eq!(*decode_private_key(&ed, Ed25519).unwrap(), ED);
    assert_eq!(
        *decode_private_key(pem_of("PRIVATE KEY", &ed).as_bytes(), Ed25519).unwrap(),
        ED
    );
    let x = v2_der(0x6e, &X, &X_PUB);
    assert_eq!(*decode_private_key(&x, X25519).unwrap(), X);
    let wrong = v2_der(0x6e, &X, &ED_PUB);
    assert_eq!(
        decode_private_key(&wrong, X25519).unwrap_err(),
        KeyFileError::PublicKeyMismatch { expected: X25519 }
    );
    // A version 1 (v2) without a public key, or v0 (v1) with one, is malformed.
    let mut v = ed.clone();
    v[4] = 0;
    assert!(matches!(
        decode_private_key(&v, Ed25519),
        Err(KeyFileError::MalformedDer { .. })
    ));
}

#[test]
fn swapped_keys_are_named() {
    let x = encode_private_key_pem(&X, X25519);
    let e = decode_private_key(x.as_bytes(), Ed25519).unwrap_err();
    assert_eq!(
        e,
        KeyFileError::SwappedKeys {
            found: X25519,
            expected: Ed25519
        }
    );
    assert_eq!(
        e.to_string(),
        "this is an X25519 (encryption) key, but an Ed25519 (signing) key is expected: the signing and encryption key files may be swapped"
    );
    let ed = encode_private_key_der(&ED, Ed25519);
    assert_eq!(
        decode_private_key(&ed, X25519).unwrap_err().to_string(),
        "this is an Ed25519 (signing) key, but an X25519 (encryption) key is expected: the signing and encryption key files may be swapped"
    );
    // PartySecret::from_pkcs8 with the two files swapped.
    let err = PartySecret::from_pkcs8("Seller Ltd", x.as_bytes(), &ed, t0()).unwrap_err();
    assert!(
        matches!(err, KeyFileError::SwappedKeys { expected: Ed25519, .. }),
        "{err}"
    );
}

#[test]
fn parties_from_and_to_pkcs8() {
    let p = party();
    let sign = p.signing_key_pkcs8_pem();
    let enc = p.encryption_key_pkcs8_pem();
    assert_eq!(&sign[..], RFC_V1_PEM);
    let q = PartySecret::from_pkcs8(p.name(), sign.as_bytes(), enc.as_bytes(), t0()).unwrap();
    assert_eq!(q.card(), p.card());
    assert_eq!(q.card().signing_key(), &ED_PUB);
    assert_eq!(q.card().encryption_key(), &X_PUB);
    // DER works as well.
    let q = PartySecret::from_pkcs8(
        p.name(),
        &encode_private_key_der(&ED, Ed25519),
        &encode_private_key_der(&X, X25519),
        t0(),
    )
    .unwrap();
    assert_eq!(q.card(), p.card());
    let e = PartySecret::from_pkcs8("", sign.as_bytes(), enc.as_bytes(), t0()).unwrap_err();
    assert_eq!(e, KeyFileError::Party(KeyError::InvalidName("empty")));
}

#[test]
fn card_files() {
    let p = party();
    let card = p.card();
    assert_eq!(&decode_card_file(card.as_bytes()).unwrap(), card);
    let text = card_text(card);
    assert!(text.starts_with("econtract party card\nname:           Seller Ltd\nparty id:       "));
    assert!(text.contains(&format!("\nsigning key:    {} (Ed25519)\n", to_hex(&ED_PUB))));
    assert!(text.contains(&format!("\nencryption key: {} (X25519)\n", to_hex(&X_PUB))));
    assert!(text.contains("\ncreated:        2026-03-01T09:00:00Z\n\n-----BEGIN ECONTRACT PARTY CARD-----\n"));
    assert!(text.ends_with("\n-----END ECONTRACT PARTY CARD-----\n"));
    assert_eq!(&decode_card_file(text.as_bytes()).unwrap(), card);
    assert_eq!(&decode_card_file(text.replace('\n', "\r\n").as_bytes()).unwrap(), card);
    assert_eq!(
        &decode_card_file(pem_of(CARD_PEM_LABEL, card.as_bytes()).as_bytes()).unwrap(),
        card
    );
    // A damaged card: the card's own error, with what to do.
    let mut bad = card.as_bytes().to_vec();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let e = decode_card_file(&bad).unwrap_err();
    assert_eq!(e, KeyFileError::Card(KeyError::BadSignature));
    assert_eq!(
        e.to_string(),
        "the party card's self-signature does not verify: give the party's card file (STEM.card, or STEM.card.txt with the card as PEM), as the party sent it"
    );
    let e = decode_card_file(pem_of(CARD_PEM_LABEL, &bad).as_bytes()).unwrap_err();
    assert_eq!(e, KeyFileError::Card(KeyError::BadSignature));
}

/// Every variant's name; the match is exhaustive, so a new variant must
/// be added here and to [`every_error_is_reachable`].
fn variant(e: &KeyFileError) -> &'static str {
    match e {
        KeyFileError::TooLarge { .. } => "TooLarge",
        KeyFileError::Empty { .. } => "Empty",
        KeyFileError::LooksLikeJson { .. } => "LooksLikeJson",
        KeyFileError::LooksLikeEnvelope { .. } => "LooksLikeEnvelope",
        KeyFileError::LooksLikeTranscript { .. } => "LooksLikeTranscript",
        KeyFileError::LooksLikeSigned { .. } => "LooksLikeSigned",
        KeyFileError::PrivateKeyNotCard => "PrivateKeyNotCard",
        KeyFileError::NotPemOrDer { .. } => "NotPemOrDer",
        KeyFileError::WrongPemLabel { .. } => "WrongPemLabel",
        KeyFileError::SeveralPemBlocks { .. } => "SeveralPemBlocks",
        KeyFileError::Pem { .. } => "Pem",
        KeyFileError::MalformedDer { .. } => "MalformedDer",
        KeyFileError::SwappedKeys { .. } => "SwappedKeys",
        KeyFileError::WrongAlgorithm { .. } => "WrongAlgorithm",
        KeyFileError::AlgorithmParameters { .. } => "AlgorithmParameters",
        KeyFileError::MalformedPrivateKey { .. } => "MalformedPrivateKey",
        KeyFileError::PrivateKeyLength { .. } => "PrivateKeyLength",
        KeyFileError::PublicKeyMismatch { .. } => "PublicKeyMismatch",
        KeyFileError::Card(_) => "Card",
        KeyFileError::Party(_) => "Party",
    }
}

const ALL_VARIANTS: [&str; 20] = [
    "TooLarge",
    "Empty",
    "LooksLikeJson",
    "LooksLikeEnvelope",
    "LooksLikeTranscript",
    "LooksLikeSigned",
    "PrivateKeyNotCard",
    "NotPemOrDer",
    "WrongPemLabel",
    "SeveralPemBlocks",
    "Pem",
    "MalformedDer",
    "SwappedKeys",
    "WrongAlgorithm",
    "AlgorithmParameters",
    "MalformedPrivateKey",
    "PrivateKeyLength",
    "PublicKeyMismatch",
    "Card",
    "Party",
];

/// A real envelope, transcript and statement.
fn econtract_objects() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    use rand_chacha::rand_core::SeedableRng;
    let seller = party();
    let buyer = PartySecret::from_secrets("Buyer GmbH", &[3; 32], &[4; 32], t0()).unwrap();
    let contract = ContractId::new("EC-2026-0042").unwrap();
    let statement = crate::Statement::build(&buyer, seller.card(), &contract, t0(), Rejection { reason: None })
        .answers(StatementId::from_bytes([7; 32]))
        .sign()
        .unwrap();
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(1);
    let envelope = crate::seal(&statement, seller.card(), &mut rng).unwrap();
    let mut w = TranscriptWriter::create(Vec::new(), &contract).unwrap();
    w.card(seller.card()).unwrap();
    w.statement(&statement).unwrap();
    let transcript = w.finish().unwrap();
    (envelope, transcript, statement.as_bytes().to_vec())
}

#[test]
fn every_error_is_reachable() {
    let (envelope, transcript, statement) = econtract_objects();
    let card = party().card().as_bytes().to_vec();
    let ed_pem = encode_private_key_pem(&ED, Ed25519).to_string();
    let ed_der = encode_private_key_der(&ED, Ed25519).to_vec();
    let ed_alg = [0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
    let key = |input: &[u8]| decode_private_key(input, Ed25519).unwrap_err();
    let card_err = |input: &[u8]| decode_card_file(input).unwrap_err();
    let cases: Vec<(&str, KeyFileError)> = vec![
        ("TooLarge", key(&vec![b'a'; MAX_KEY_FILE + 1])),
        ("TooLarge", card_err(&vec![b'a'; MAX_CARD_FILE + 1])),
        ("Empty", key(b"")),
        ("Empty", card_err(b" \r\n\t")),
        ("LooksLikeJson", key(b"  {\"seller\": 1}")),
        ("LooksLikeJson", card_err(b"[1, 2]")),
        ("LooksLikeEnvelope", key(&envelope)),
        ("LooksLikeEnvelope", card_err(&envelope)),
        ("LooksLikeTranscript", key(&transcript)),
        ("LooksLikeTranscript", card_err(&transcript)),
        ("LooksLikeSigned", key(&card)),
        ("LooksLikeSigned", key(&statement)),
        ("LooksLikeSigned", card_err(&statement)),
        ("PrivateKeyNotCard", card_err(ed_pem.as_bytes())),
        ("PrivateKeyNotCard", card_err(&ed_der)),
        (
            "PrivateKeyNotCard",
            card_err(pem_of("ENCRYPTED PRIVATE KEY", &[0x30, 0x00]).as_bytes()),
        ),
        ("NotPemOrDer", key(b"hello")),
        ("WrongPemLabel", key(pem_of("PUBLIC KEY", &[0x30, 0x00]).as_bytes())),
        ("WrongPemLabel", key(pem_of(CARD_PEM_LABEL, &card).as_bytes())),
        (
            "WrongPemLabel",
            card_err(pem_of("PUBLIC KEY", &[0x30, 0x00]).as_bytes()),
        ),
        ("SeveralPemBlocks", key(format!("{ed_pem}{ed_pem}").as_bytes())),
        (
            "Pem",
            key(b"-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n"),
        ),
        ("Pem", key(b"-----BEGIN PRIVATE KEY-----\nMC4CAQAw\n")),
        (
            "Pem",
            card_err(b"-----BEGIN ECONTRACT PARTY CARD-----\n-----END ECONTRACT PARTY CARD-----\n"),
        ),
        ("MalformedDer", key(&[0x30, 0x03, 0x02, 0x01, 0x00])),
        ("MalformedDer", key(&[&ed_der[..], &[0]].concat())),
        ("SwappedKeys", key(&encode_private_key_der(&X, X25519))),
        (
            "WrongAlgorithm",
            key(&der_with(
                &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f],
                &curve_private_key(&ED),
            )),
        ),
        (
            "AlgorithmParameters",
            key(&der_with(
                &[0x30, 0x07, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x05, 0x00],
                &curve_private_key(&ED),
            )),
        ),
        ("MalformedPrivateKey", key(&der_with(&ed_alg, &[0x05, 0x00]))),
        ("MalformedPrivateKey", key(&der_with(&ed_alg, &ED))),
        (
            "PrivateKeyLength",
            key(&der_with(&ed_alg, &curve_private_key(&ED[..31]))),
        ),
        (
            "PrivateKeyLength",
            key(&der_with(&ed_alg, &curve_private_key(&[1; 64]))),
        ),
        ("PublicKeyMismatch", key(&v2_der(0x70, &ED, &X_PUB))),
        ("Card", card_err(&card[..card.len() - 1])),
        ("Card", card_err(b"hello")),
        (
            "Party",
            PartySecret::from_pkcs8("a\nb", ed_pem.as_bytes(), &encode_private_key_der(&X, X25519), t0()).unwrap_err(),
        ),
    ];
    let mut reached = BTreeSet::new();
    for (want, e) in &cases {
        assert_eq!(variant(e), *want, "{e:?}");
        let msg = e.to_string();
        // What was expected, and what to do.
        assert!(
            msg.contains("expected") || msg.contains("give") || msg.contains("cannot"),
            "{msg}"
        );
        reached.insert(*want);
    }
    let all: BTreeSet<&str> = ALL_VARIANTS.into_iter().collect();
    assert_eq!(reached, all, "variants not reached");
}

#[test]
fn messages_say_what_was_found_and_what_to_do() {
    let spki = pem_of("PUBLIC KEY", &[0x30, 0x00]);
    assert_eq!(
        decode_private_key(spki.as_bytes(), X25519).unwrap_err().to_string(),
        "this is a public key, but an X25519 (encryption) private key (PEM \"PRIVATE KEY\") is expected: give the encryption key file (STEM.enc.pem as `econtract keygen` writes it, or a key from `openssl genpkey -algorithm x25519`)"
    );
    let ec = der_with(
        &hex::decode("301306072a8648ce3d020106082a8648ce3d030107").unwrap(),
        &curve_private_key(&ED),
    );
    let e = decode_private_key(&ec, Ed25519).unwrap_err();
    assert_eq!(
        e,
        KeyFileError::WrongAlgorithm {
            expected: Ed25519,
            found: "1.2.840.10045.2.1 (EC)".into()
        }
    );
    assert!(e.to_string().starts_with(
        "this is a private key of algorithm 1.2.840.10045.2.1 (EC), but an Ed25519 (signing) private key is expected: give the signing key file"
    ));
    let unknown = der_with(&[0x30, 0x04, 0x06, 0x02, 0x2a, 0x03], &curve_private_key(&ED));
    assert_eq!(
        decode_private_key(&unknown, Ed25519).unwrap_err(),
        KeyFileError::WrongAlgorithm {
            expected: Ed25519,
            found: "1.2.3".into()
        }
    );
    let encrypted = pem_of("ENCRYPTED PRIVATE KEY", &[0x30, 0x00]);
    assert!(
        decode_private_key(encrypted.as_bytes(), Ed25519)
            .unwrap_err()
            .to_string()
            .contains("decrypt it first")
    );
    let card = pem_of(CARD_PEM_LABEL, party().card().as_bytes());
    assert!(
        decode_private_key(card.as_bytes(), Ed25519)
            .unwrap_err()
            .to_string()
            .starts_with(
                "this is a party card (public: a name and two public keys), but an Ed25519 (signing) private key"
            )
    );
    assert_eq!(
        decode_private_key(&[0; 5000], Ed25519).unwrap_err().to_string(),
        "the file is 5000 bytes, too large for an Ed25519 (signing) private key (at most 4096 bytes): give the signing key file (STEM.sign.pem as `econtract keygen` writes it, or a key from `openssl genpkey -algorithm ed25519`)"
    );
    // A label that is not a valid PEM label is shown escaped and cut.
    let odd = format!("-----BEGIN {}\"\u{7}-----\n", "X".repeat(100));
    match decode_private_key(odd.as_bytes(), Ed25519).unwrap_err() {
        KeyFileError::WrongPemLabel { found, .. } => assert_eq!(found.chars().count(), 64),
        e => panic!("{e:?}"),
    }
}

/// Whether `openssl` runs; if not, a note (or, with
/// `ECONTRACT_REQUIRE_INTEROP=1`, as in CI, a failure).
fn have_openssl() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let required = std::env::var("ECONTRACT_REQUIRE_INTEROP").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "openssl is not on PATH, and ECONTRACT_REQUIRE_INTEROP=1 requires it"
        );
        eprintln!("note: openssl is not on PATH: skipping the OpenSSL interoperability checks");
    }
    ok
}

/// Runs openssl with `args`, `input` on its standard input; its output.
fn openssl(args: &[&str], input: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run openssl");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn openssl_reads_and_writes_the_same_keys() {
    if !have_openssl() {
        return;
    }
    for (alg, name) in [(Ed25519, "ed25519"), (X25519, "x25519")] {
        // Our PEM is what openssl writes for the same key.
        for key in [ED, X, [0x5a; 32]] {
            let ours = encode_private_key_pem(&key, alg);
            assert_eq!(openssl(&["pkey"], ours.as_bytes()), ours.as_bytes(), "{name}");
            let der = openssl(&["pkey", "-outform", "DER"], ours.as_bytes());
            assert_eq!(der, &encode_private_key_der(&key, alg)[..]);
            let spki = openssl(&["pkey", "-pubout", "-outform", "DER"], ours.as_bytes());
            assert_eq!(spki[spki.len() - 32..], public_key(&key, alg));
        }
        // Keys openssl generates are read, and written back byte for byte.
        for _ in 0..3 {
            let generated = openssl(&["genpkey", "-algorithm", name], b"");
            let key = decode_private_key(&generated, alg).unwrap();
            assert_eq!(encode_private_key_pem(&key, alg).as_bytes(), &generated[..]);
            let der = openssl(&["pkey", "-outform", "DER"], &generated);
            assert_eq!(*decode_private_key(&der, alg).unwrap(), *key);
            let e = decode_private_key(&generated, alg.other()).unwrap_err();
            assert_eq!(
                e,
                KeyFileError::SwappedKeys {
                    found: alg,
                    expected: alg.other()
                }
            );
        }
    }
    // A party made of openssl's keys has openssl's public keys.
    let sign = openssl(&["genpkey", "-algorithm", "ed25519"], b"");
    let enc = openssl(&["genpkey", "-algorithm", "x25519"], b"");
    let p = PartySecret::from_pkcs8("OpenSSL Party", &sign, &enc, t0()).unwrap();
    let sign_pub = openssl(&["pkey", "-pubout", "-outform", "DER"], &sign);
    let enc_pub = openssl(&["pkey", "-pubout", "-outform", "DER"], &enc);
    assert_eq!(p.card().signing_key()[..], sign_pub[sign_pub.len() - 32..]);
    assert_eq!(p.card().encryption_key()[..], enc_pub[enc_pub.len() - 32..]);
    assert_eq!(p.signing_key_pkcs8_pem().as_bytes(), &sign[..]);
    assert_eq!(p.encryption_key_pkcs8_pem().as_bytes(), &enc[..]);
    // Other algorithms are named.
    let ec = openssl(
        &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        b"",
    );
    assert_eq!(
        decode_private_key(&ec, Ed25519).unwrap_err(),
        KeyFileError::WrongAlgorithm {
            expected: Ed25519,
            found: "1.2.840.10045.2.1 (EC)".into()
        }
    );
    for (name, found) in [("ed448", "1.3.101.113 (Ed448)"), ("x448", "1.3.101.111 (X448)")] {
        let key = openssl(&["genpkey", "-algorithm", name], b"");
        assert_eq!(
            decode_private_key(&key, X25519).unwrap_err(),
            KeyFileError::WrongAlgorithm {
                expected: X25519,
                found: found.into()
            }
        );
    }
    let public = openssl(&["pkey", "-pubout"], &sign);
    assert!(matches!(
        decode_private_key(&public, Ed25519),
        Err(KeyFileError::WrongPemLabel { found, .. }) if found == "PUBLIC KEY"
    ));
    let encrypted = openssl(&["pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:x"], &sign);
    assert!(matches!(
        decode_private_key(&encrypted, Ed25519),
        Err(KeyFileError::WrongPemLabel { found, .. }) if found == "ENCRYPTED PRIVATE KEY"
    ));
}
