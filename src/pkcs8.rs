//! A party's key files and card files.
//!
//! A party's two secret keys are kept as PKCS#8 private keys (RFC 5958 with
//! the algorithm identifiers of RFC 8410), exactly as
//! `openssl genpkey -algorithm ed25519` and `openssl genpkey -algorithm
//! x25519` write them: a `PRIVATE KEY` PEM block around
//!
//! ```text
//! OneAsymmetricKey ::= SEQUENCE {
//!     version                Version,              -- v1 (0), or v2 (1) with publicKey
//!     privateKeyAlgorithm    AlgorithmIdentifier,  -- id-Ed25519 1.3.101.112 or id-X25519 1.3.101.110, no parameters
//!     privateKey             OCTET STRING,         -- holding CurvePrivateKey ::= OCTET STRING (32 bytes)
//!     attributes         [0] Attributes OPTIONAL,  -- ignored
//!     publicKey          [1] BIT STRING OPTIONAL } -- v2 only; must match the private key
//! ```
//!
//! [`decode_private_key`] reads PEM or DER, v1 or v2 (the form with the
//! public key that some tools write; OpenSSL 3.0 writes and reads only
//! v1), and [`encode_private_key_pem`] writes the v1 PEM byte for byte as
//! OpenSSL does. [`decode_card_file`] reads a party card as its CBOR bytes
//! or from the `ECONTRACT PARTY CARD` PEM block of the text that
//! [`card_text`] writes.
//!
//! Every error ([`KeyFileError`]) says what was expected, what was found
//! and what to do; the swapped case (the encryption key given where the
//! signing key is expected, or the other way round) is named as such.
//!
//! No secret is left in freed memory: every buffer that holds secret bytes
//! (the decoded DER, the encoded DER and PEM) is wiped before it is freed
//! (`zeroize::Zeroizing`), and the PKCS#8 structures are parsed by
//! borrowing from those buffers, never copied into owned ones
//! (`tests/secrets.rs` checks this with an allocator that scans every freed
//! block). The PEM text a caller passes in is the caller's to wipe.

use std::fmt;

use ::pkcs8::der::asn1::OctetStringRef;
use ::pkcs8::der::pem::{self, LineEnding};
use ::pkcs8::der::{Decode, Encode};
use ::pkcs8::{AlgorithmIdentifierRef, ObjectIdentifier, PrivateKeyInfoRef};
use ed25519_dalek::SigningKey;
use thiserror::Error;
use x25519_dalek::{PublicKey as XPublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::error::KeyError;
use crate::ids::{UnixTime, to_hex};
use crate::keys::{PartyCard, PartySecret};
use crate::statement::Statement;
use crate::timestamp::TimestampToken;

/// Largest key file [`decode_private_key`] reads, in bytes (a PKCS#8 key of
/// econtract is 119 bytes of PEM; the limit leaves room for comments around
/// it and for other algorithms' keys, so that those are named correctly).
pub const MAX_KEY_FILE: usize = 4096;
/// Largest card file [`decode_card_file`] reads, in bytes: a `.card.txt`
/// (the card in words and as PEM) of a card of up to
/// [`MAX_CARD_SIZE`](crate::keys::MAX_CARD_SIZE) bytes.
pub const MAX_CARD_FILE: usize = 8192;

/// The PEM label of a PKCS#8 private key.
const PRIVATE_KEY_LABEL: &str = "PRIVATE KEY";
/// The PEM label of a party card in a `.card.txt`.
pub const CARD_PEM_LABEL: &str = "ECONTRACT PARTY CARD";

/// id-Ed25519 (RFC 8410).
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-X25519 (RFC 8410).
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// Length of the DER of a v1 PKCS#8 key of either algorithm.
const DER_LEN: usize = 48;
/// Length of its PEM: BEGIN line, one line of 64 base64 characters, END line.
const PEM_LEN: usize = 119;

/// The algorithm of one of a party's two keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyAlgorithm {
    /// The Ed25519 signing key (RFC 8032; id-Ed25519, 1.3.101.112).
    Ed25519,
    /// The X25519 encryption key (RFC 7748; id-X25519, 1.3.101.110).
    X25519,
}

impl KeyAlgorithm {
    /// The algorithm's object identifier (RFC 8410), dotted.
    pub fn oid(self) -> &'static str {
        match self {
            KeyAlgorithm::Ed25519 => "1.3.101.112",
            KeyAlgorithm::X25519 => "1.3.101.110",
        }
    }

    /// The other one of the two.
    pub fn other(self) -> KeyAlgorithm {
        match self {
            KeyAlgorithm::Ed25519 => KeyAlgorithm::X25519,
            KeyAlgorithm::X25519 => KeyAlgorithm::Ed25519,
        }
    }

    fn object_identifier(self) -> ObjectIdentifier {
        match self {
            KeyAlgorithm::Ed25519 => OID_ED25519,
            KeyAlgorithm::X25519 => OID_X25519,
        }
    }

    /// What to give instead (the end of an error message).
    fn hint(self) -> &'static str {
        match self {
            KeyAlgorithm::Ed25519 => {
                "give the signing key file (STEM.sign.pem as `econtract keygen` writes it, or a key from `openssl genpkey -algorithm ed25519`)"
            }
            KeyAlgorithm::X25519 => {
                "give the encryption key file (STEM.enc.pem as `econtract keygen` writes it, or a key from `openssl genpkey -algorithm x25519`)"
            }
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyAlgorithm::Ed25519 => "Ed25519 (signing)",
            KeyAlgorithm::X25519 => "X25519 (encryption)",
        })
    }
}

/// What a file was expected to hold, as errors name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    /// A PKCS#8 private key of this algorithm.
    Key(KeyAlgorithm),
    /// A party card.
    Card,
}

impl Expected {
    /// What to give instead (the end of an error message).
    fn hint(self) -> &'static str {
        match self {
            Expected::Key(alg) => alg.hint(),
            Expected::Card => {
                "give the party's card file (STEM.card, or STEM.card.txt with the card as PEM), as the party sent it"
            }
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Key(alg) => write!(f, "an {alg} private key"),
            Expected::Card => f.write_str("a party card"),
        }
    }
}

/// A key file or card file that cannot be read.
///
/// The messages say what was expected, what was found and what to do; they
/// never quote the file's content (a key file's content is secret). A
/// caller reading a file puts its path in front.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyFileError {
    /// The input is larger than any file of the kind expected.
    #[error("the file is {len} bytes, too large for {expected} (at most {max} bytes): {}", .expected.hint())]
    TooLarge {
        /// What was expected.
        expected: Expected,
        /// The input's size.
        len: usize,
        /// The limit ([`MAX_KEY_FILE`] or [`MAX_CARD_FILE`]).
        max: usize,
    },
    /// The input is empty, or only white space.
    #[error("the file is empty, but {expected} is expected: {}", .expected.hint())]
    Empty {
        /// What was expected.
        expected: Expected,
    },
    /// The input looks like JSON (its first character is `{` or `[`).
    #[error("this looks like JSON, but {expected} is expected: {}", .expected.hint())]
    LooksLikeJson {
        /// What was expected.
        expected: Expected,
    },
    /// The input is an econtract envelope (a sealed statement).
    #[error("this is an econtract envelope (a sealed statement), but {expected} is expected: {}", .expected.hint())]
    LooksLikeEnvelope {
        /// What was expected.
        expected: Expected,
    },
    /// The input is an econtract transcript.
    #[error("this is an econtract transcript, but {expected} is expected: {}", .expected.hint())]
    LooksLikeTranscript {
        /// What was expected.
        expected: Expected,
    },
    /// The input is a signed econtract object of another kind: a party card
    /// where a key is expected, or a statement or time-stamp token.
    #[error("this is {found}, but {expected} is expected: {}", .expected.hint())]
    LooksLikeSigned {
        /// What was expected.
        expected: Expected,
        /// What it is: "a party card (public: a name and two public keys)",
        /// "a signed statement", "a time-stamp token", or "a signed
        /// econtract object (COSE_Sign1)".
        found: &'static str,
    },
    /// A private key where a party card is expected.
    #[error(
        "this is a private key, but a party card is expected: give the party's card file (STEM.card, or STEM.card.txt), and keep the private key file to yourself"
    )]
    PrivateKeyNotCard,
    /// The input is neither PEM (no `-----BEGIN` line) nor DER (it does not
    /// start with a SEQUENCE), nor any econtract object.
    #[error("this is neither PEM (no \"-----BEGIN\" line) nor DER, but {expected} is expected: {}", .expected.hint())]
    NotPemOrDer {
        /// What was expected.
        expected: Expected,
    },
    /// A PEM block whose label is not the one expected.
    #[error("{}", wrong_label_message(.expected, .found))]
    WrongPemLabel {
        /// What was expected.
        expected: Expected,
        /// The label found (at most 64 characters of it).
        found: String,
    },
    /// More than one PEM block with the expected label: which one is meant?
    #[error("the file holds {count} PEM blocks labelled \"{label}\", but exactly one is expected: {}", .expected.hint())]
    SeveralPemBlocks {
        /// What was expected.
        expected: Expected,
        /// The label.
        label: &'static str,
        /// How many.
        count: usize,
    },
    /// The PEM block with the expected label is malformed.
    #[error("malformed PEM where {expected} is expected ({detail}): {}", .expected.hint())]
    Pem {
        /// What was expected.
        expected: Expected,
        /// What is wrong with it.
        detail: String,
    },
    /// The DER is not a PKCS#8 private key.
    #[error("this is not a PKCS#8 private key ({detail}), but {} is expected: {}", Expected::Key(*.expected), .expected.hint())]
    MalformedDer {
        /// The algorithm expected.
        expected: KeyAlgorithm,
        /// What the DER parser found wrong.
        detail: String,
    },
    /// The other one of the party's two keys: the files may be swapped.
    #[error(
        "this is an {found} key, but an {expected} key is expected: the signing and encryption key files may be swapped"
    )]
    SwappedKeys {
        /// The algorithm of the key found.
        found: KeyAlgorithm,
        /// The algorithm expected.
        expected: KeyAlgorithm,
    },
    /// A private key of an algorithm econtract does not use.
    #[error("this is a private key of algorithm {found}, but {} is expected: {}", Expected::Key(*.expected), .expected.hint())]
    WrongAlgorithm {
        /// The algorithm expected.
        expected: KeyAlgorithm,
        /// The algorithm found: its OID, and its name if known, such as
        /// "1.2.840.10045.2.1 (EC)".
        found: String,
    },
    /// The algorithm identifier has parameters, which RFC 8410 forbids.
    #[error(
        "the {expected} key's algorithm identifier has parameters, which RFC 8410 forbids: the file is damaged or not an RFC 8410 key; {}",
        .expected.hint()
    )]
    AlgorithmParameters {
        /// The algorithm expected.
        expected: KeyAlgorithm,
    },
    /// The PKCS#8 privateKey does not hold an OCTET STRING (RFC 8410
    /// `CurvePrivateKey`).
    #[error("the {expected} private key is not an RFC 8410 CurvePrivateKey OCTET STRING ({detail}): the file is damaged; {}", .expected.hint())]
    MalformedPrivateKey {
        /// The algorithm expected.
        expected: KeyAlgorithm,
        /// What the DER parser found wrong.
        detail: String,
    },
    /// The private key is not 32 bytes.
    #[error("the {expected} private key is {len} bytes, but it must be 32: the file is damaged; {}", .expected.hint())]
    PrivateKeyLength {
        /// The algorithm expected.
        expected: KeyAlgorithm,
        /// Its length.
        len: usize,
    },
    /// A v2 key's public key is not the public key of its private key.
    #[error(
        "the public key in this PKCS#8 v2 file is not the public key of its {expected} private key: the file is damaged or was put together from two keys; {}",
        .expected.hint()
    )]
    PublicKeyMismatch {
        /// The algorithm expected.
        expected: KeyAlgorithm,
    },
    /// The card is refused (malformed, weak keys, bad self-signature).
    #[error("{0}: {hint}", hint = Expected::Card.hint())]
    Card(#[from] KeyError),
    /// The keys were read but no party can be made of them (the name is
    /// refused).
    #[error("cannot make a party card of these keys: {0}")]
    Party(KeyError),
}

/// The message of [`KeyFileError::WrongPemLabel`].
fn wrong_label_message(expected: &Expected, found: &str) -> String {
    let hint = expected.hint();
    let what = match found {
        "PUBLIC KEY" => "this is a public key".to_owned(),
        "ENCRYPTED PRIVATE KEY" => {
            return format!(
                "this private key is encrypted with a password (PEM \"ENCRYPTED PRIVATE KEY\"), but {expected} is expected unencrypted: decrypt it first (`openssl pkey -in FILE -out PLAIN.pem`), or {hint}"
            );
        }
        "OPENSSH PRIVATE KEY" => "this is an OpenSSH private key, not PKCS#8".to_owned(),
        "CERTIFICATE" => "this is an X.509 certificate".to_owned(),
        CARD_PEM_LABEL => "this is a party card (public: a name and two public keys)".to_owned(),
        "EC PRIVATE KEY" | "RSA PRIVATE KEY" | "DSA PRIVATE KEY" => {
            format!("this is a private key of another algorithm (PEM \"{found}\")")
        }
        _ => format!("this is a PEM block labelled {found:?}"),
    };
    let wanted = match expected {
        Expected::Key(_) => PRIVATE_KEY_LABEL,
        Expected::Card => CARD_PEM_LABEL,
    };
    format!("{what}, but {expected} (PEM \"{wanted}\") is expected: {hint}")
}

/// The name of a well-known key algorithm, for messages.
fn algorithm_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.10045.2.1" => "EC",
        "1.2.840.113549.1.1.1" => "RSA",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.113549.1.3.1" => "DH",
        "1.2.840.10046.2.1" => "X9.42 DH",
        "1.3.101.111" => "X448",
        "1.3.101.113" => "Ed448",
        "1.2.156.10197.1.301" => "SM2",
        "2.16.840.1.101.3.4.3.17" => "ML-DSA-44",
        "2.16.840.1.101.3.4.3.18" => "ML-DSA-65",
        "2.16.840.1.101.3.4.3.19" => "ML-DSA-87",
        "2.16.840.1.101.3.4.4.1" => "ML-KEM-512",
        "2.16.840.1.101.3.4.4.2" => "ML-KEM-768",
        "2.16.840.1.101.3.4.4.3" => "ML-KEM-1024",
        _ => return None,
    })
}

/// The input without a UTF-8 byte order mark (as some editors write).
fn strip_bom(input: &[u8]) -> &[u8] {
    input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input)
}

/// The input with leading white space removed.
fn trim_start(input: &[u8]) -> &[u8] {
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    &input[start..]
}

/// What the first bytes of an input say it is, before any parsing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Empty,
    Json,
    Envelope,
    Transcript,
    /// Tag 18 (COSE_Sign1): a card, statement or token.
    Signed,
    /// Starts with a DER SEQUENCE.
    Der,
    /// Has a `-----BEGIN ` line.
    Pem,
    Other,
}

/// A CBOR array of 3 whose first item is the text "econtract-transcript".
const TRANSCRIPT_MAGIC: &[u8] = b"\x83\x74econtract-transcript";

fn shape(input: &[u8]) -> Shape {
    // Binary shapes are recognised on the exact bytes.
    match input {
        [0x30, ..] => return Shape::Der,
        [0xd2, 0x84, ..] => return Shape::Signed,
        // [2, bstr .size 32, ...]: an envelope of format version 2.
        [0x84, 0x02, 0x58, 0x20, ..] => return Shape::Envelope,
        _ if input.starts_with(TRANSCRIPT_MAGIC) => return Shape::Transcript,
        _ => {}
    }
    let text = trim_start(input);
    match text.first() {
        None => Shape::Empty,
        Some(b'{' | b'[') => Shape::Json,
        Some(_) if next_pem_block(input, 0).is_some() => Shape::Pem,
        Some(_) => Shape::Other,
    }
}

/// One PEM block of an input: its label (as found, not yet checked) and its
/// text from the `-----BEGIN ` line to the end of the `-----END ` line.
struct PemBlock<'a> {
    label: &'a [u8],
    text: &'a [u8],
    /// Where the block ends in the input.
    end: usize,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Whether position `i` of `input` starts a line.
fn line_start(input: &[u8], i: usize) -> bool {
    i == 0 || matches!(input[i - 1], b'\n' | b'\r')
}

/// The first PEM block starting at or after `from`.
fn next_pem_block(input: &[u8], from: usize) -> Option<PemBlock<'_>> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"-----END ";
    let mut at = from;
    let begin = loop {
        let i = find(input, BEGIN, at)?;
        if line_start(input, i) {
            break i;
        }
        at = i + 1;
    };
    let line_end = input[begin..]
        .iter()
        .position(|b| matches!(b, b'\n' | b'\r'))
        .map_or(input.len(), |i| begin + i);
    let label_start = begin + BEGIN.len();
    let label = match find(&input[..line_end], b"-----", label_start) {
        Some(i) => &input[label_start..i],
        None => &input[label_start..line_end],
    };
    // The block ends with the end of the first END line after it (the PEM
    // decoder checks that its label matches), or with the input.
    let mut at = line_end;
    let end = loop {
        match find(input, END, at) {
            Some(i) if line_start(input, i) => {
                let rest = &input[i..];
                let eol = rest.iter().position(|b| matches!(b, b'\n' | b'\r'));
                break match eol {
                    None => input.len(),
                    Some(e) => match &rest[e..] {
                        [b'\r', b'\n', ..] => i + e + 2,
                        _ => i + e + 1,
                    },
                };
            }
            Some(i) => at = i + 1,
            None => break input.len(),
        }
    };
    Some(PemBlock {
        label,
        text: &input[begin..end],
        end,
    })
}

/// The PEM blocks of `input`.
fn pem_blocks(input: &[u8]) -> impl Iterator<Item = PemBlock<'_>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let block = next_pem_block(input, at)?;
        at = block.end;
        Some(block)
    })
}

/// The one PEM block labelled `label` in `input`, decoded into a buffer
/// that is wiped when dropped. If there is none, the error names the label
/// of the first block.
fn decode_pem(input: &[u8], label: &'static str, expected: Expected) -> Result<Zeroizing<Vec<u8>>, KeyFileError> {
    let mut chosen = None;
    let mut count = 0;
    let mut first_label = None;
    for block in pem_blocks(input) {
        first_label.get_or_insert(block.label);
        if block.label == label.as_bytes() {
            count += 1;
            chosen.get_or_insert(block.text);
        }
    }
    let text = match (chosen, count) {
        (Some(text), 1) => text,
        (Some(_), count) => {
            return Err(KeyFileError::SeveralPemBlocks { expected, label, count });
        }
        (None, _) => {
            let found = String::from_utf8_lossy(first_label.unwrap_or_default());
            let found: String = found.chars().take(64).collect();
            if expected == Expected::Card && found.ends_with(PRIVATE_KEY_LABEL) {
                return Err(KeyFileError::PrivateKeyNotCard);
            }
            return Err(KeyFileError::WrongPemLabel { expected, found });
        }
    };
    let pem_error = |e: pem::Error| KeyFileError::Pem {
        expected,
        detail: e.to_string(),
    };
    // The decoder checks the grammar, and that the END line's label is the
    // BEGIN line's.
    let mut decoder = pem::Decoder::new_detect_wrap(text).map_err(pem_error)?;
    if decoder.type_label() != label {
        return Err(pem_error(pem::Error::Label));
    }
    let mut buf = Zeroizing::new(vec![0u8; decoder.remaining_len()]);
    let len = decoder.decode(&mut buf[..]).map_err(pem_error)?.len();
    if !decoder.is_finished() || len != buf.len() {
        return Err(pem_error(pem::Error::Length));
    }
    Ok(buf)
}

/// Reads a PKCS#8 private key of algorithm `expected`: PEM (a `PRIVATE
/// KEY` block, with any text around it) or DER, PKCS#8 v1 or v2 (a v2
/// key's public key must match its private key). Returns the 32 secret
/// bytes: the Ed25519 seed (RFC 8032 secret key) or the X25519 secret.
///
/// Inputs larger than [`MAX_KEY_FILE`] are refused before they are looked
/// at. The decoded DER is wiped before it is freed and is parsed in
/// place; `input` itself is the caller's to wipe.
pub fn decode_private_key(input: &[u8], expected: KeyAlgorithm) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let want = Expected::Key(expected);
    if input.len() > MAX_KEY_FILE {
        return Err(KeyFileError::TooLarge {
            expected: want,
            len: input.len(),
            max: MAX_KEY_FILE,
        });
    }
    let input = strip_bom(input);
    match shape(input) {
        Shape::Der => decode_der(input, expected),
        Shape::Pem => {
            let der = decode_pem(input, PRIVATE_KEY_LABEL, want)?;
            decode_der(&der, expected)
        }
        Shape::Empty => Err(KeyFileError::Empty { expected: want }),
        Shape::Json => Err(KeyFileError::LooksLikeJson { expected: want }),
        Shape::Envelope => Err(KeyFileError::LooksLikeEnvelope { expected: want }),
        Shape::Transcript => Err(KeyFileError::LooksLikeTranscript { expected: want }),
        Shape::Signed => Err(KeyFileError::LooksLikeSigned {
            expected: want,
            found: signed_kind(input),
        }),
        Shape::Other => Err(KeyFileError::NotPemOrDer { expected: want }),
    }
}

/// What a COSE_Sign1 input is, for messages.
fn signed_kind(input: &[u8]) -> &'static str {
    if PartyCard::from_bytes(input).is_ok() {
        "a party card (public: a name and two public keys)"
    } else {
        signed_object_kind(input)
    }
}

/// What a COSE_Sign1 input that is not a card is, for messages.
fn signed_object_kind(input: &[u8]) -> &'static str {
    if Statement::decode(input).is_ok() {
        "a signed statement"
    } else if TimestampToken::decode(input).is_ok() {
        "a time-stamp token"
    } else {
        "a signed econtract object (COSE_Sign1)"
    }
}

/// Reads the PKCS#8 DER of a key, borrowing from `der`.
fn decode_der(der: &[u8], expected: KeyAlgorithm) -> Result<Zeroizing<[u8; 32]>, KeyFileError> {
    let info = PrivateKeyInfoRef::from_der(der).map_err(|e| KeyFileError::MalformedDer {
        expected,
        detail: e.to_string(),
    })?;
    let oid = info.algorithm.oid;
    if oid != expected.object_identifier() {
        if oid == expected.other().object_identifier() {
            return Err(KeyFileError::SwappedKeys {
                found: expected.other(),
                expected,
            });
        }
        let dotted = oid.to_string();
        let found = match algorithm_name(&dotted) {
            Some(name) => format!("{dotted} ({name})"),
            None => dotted,
        };
        return Err(KeyFileError::WrongAlgorithm { expected, found });
    }
    if info.algorithm.parameters.is_some() {
        return Err(KeyFileError::AlgorithmParameters { expected });
    }
    // CurvePrivateKey ::= OCTET STRING (RFC 8410 section 7), inside the
    // PKCS#8 privateKey OCTET STRING.
    let inner =
        <&OctetStringRef>::from_der(info.private_key.as_bytes()).map_err(|e| KeyFileError::MalformedPrivateKey {
            expected,
            detail: e.to_string(),
        })?;
    let bytes = inner.as_bytes();
    if bytes.len() != 32 {
        return Err(KeyFileError::PrivateKeyLength {
            expected,
            len: bytes.len(),
        });
    }
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(bytes);
    if let Some(public) = info.public_key {
        let derived = public_key(&key, expected);
        if public.as_bytes() != Some(&derived[..]) {
            return Err(KeyFileError::PublicKeyMismatch { expected });
        }
    }
    Ok(key)
}

/// The public key of a secret key.
fn public_key(key: &[u8; 32], alg: KeyAlgorithm) -> [u8; 32] {
    // Both secret types are wiped when dropped.
    match alg {
        KeyAlgorithm::Ed25519 => SigningKey::from_bytes(key).verifying_key().to_bytes(),
        KeyAlgorithm::X25519 => XPublicKey::from(&StaticSecret::from(*key)).to_bytes(),
    }
}

/// The PKCS#8 v1 DER of a key, in a buffer wiped when dropped.
fn encode_der(key: &[u8; 32], alg: KeyAlgorithm) -> Zeroizing<[u8; DER_LEN]> {
    // CurvePrivateKey: OCTET STRING of the 32 bytes.
    let mut inner = Zeroizing::new([0u8; 34]);
    inner[0] = 0x04;
    inner[1] = 0x20;
    inner[2..].copy_from_slice(key);
    let info = PrivateKeyInfoRef {
        algorithm: AlgorithmIdentifierRef {
            oid: alg.object_identifier(),
            parameters: None,
        },
        private_key: OctetStringRef::new(&inner[..]).expect("34 bytes fit an OCTET STRING"),
        public_key: None,
    };
    let mut der = Zeroizing::new([0u8; DER_LEN]);
    let len = info
        .encode_to_slice(&mut der[..])
        .expect("a PKCS#8 v1 key of a 32-byte secret is 48 bytes")
        .len();
    assert_eq!(len, DER_LEN, "a PKCS#8 v1 key of a 32-byte secret is 48 bytes");
    der
}

/// The PKCS#8 v1 DER of a key (48 bytes), as `openssl pkey -outform DER`
/// writes it.
pub fn encode_private_key_der(key: &[u8; 32], alg: KeyAlgorithm) -> Zeroizing<Vec<u8>> {
    let der = encode_der(key, alg);
    let mut out = Zeroizing::new(Vec::with_capacity(DER_LEN));
    out.extend_from_slice(&der[..]);
    out
}

/// The PKCS#8 v1 PEM of a key, with LF line endings: byte for byte what
/// `openssl genpkey -algorithm ed25519` (or `x25519`) and `openssl pkey`
/// write for the same key.
pub fn encode_private_key_pem(key: &[u8; 32], alg: KeyAlgorithm) -> Zeroizing<String> {
    let der = encode_der(key, alg);
    let mut buf = Zeroizing::new([0u8; PEM_LEN]);
    let text = pem::encode(PRIVATE_KEY_LABEL, LineEnding::LF, &der[..], &mut buf[..])
        .expect("the PEM of a 48-byte key is 119 bytes");
    // Allocated once at its final size: no reallocation leaves a copy behind.
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    out.push_str(text);
    out
}

impl PartySecret {
    /// Builds a party from its two PKCS#8 key files (PEM or DER; see
    /// [`decode_private_key`]), signing a new card at time `created`.
    ///
    /// An X25519 key given as `signing` (or an Ed25519 key as `encryption`)
    /// is refused with [`KeyFileError::SwappedKeys`].
    pub fn from_pkcs8(
        name: &str,
        signing: &[u8],
        encryption: &[u8],
        created: UnixTime,
    ) -> Result<PartySecret, KeyFileError> {
        let seed = decode_private_key(signing, KeyAlgorithm::Ed25519)?;
        let secret = decode_private_key(encryption, KeyAlgorithm::X25519)?;
        PartySecret::from_secrets(name, &seed, &secret, created).map_err(KeyFileError::Party)
    }

    /// The Ed25519 signing key as PKCS#8 PEM ([`encode_private_key_pem`]).
    pub fn signing_key_pkcs8_pem(&self) -> Zeroizing<String> {
        encode_private_key_pem(&self.signing_seed(), KeyAlgorithm::Ed25519)
    }

    /// The X25519 encryption key as PKCS#8 PEM ([`encode_private_key_pem`]).
    pub fn encryption_key_pkcs8_pem(&self) -> Zeroizing<String> {
        encode_private_key_pem(&self.encryption_secret(), KeyAlgorithm::X25519)
    }
}

/// Reads a party card file: the card's CBOR bytes (`STEM.card`), or text
/// holding one PEM block labelled `ECONTRACT PARTY CARD` (`STEM.card.txt`,
/// as [`card_text`] writes it). The card is checked as
/// [`PartyCard::from_bytes`] checks it.
pub fn decode_card_file(input: &[u8]) -> Result<PartyCard, KeyFileError> {
    let expected = Expected::Card;
    if input.len() > MAX_CARD_FILE {
        return Err(KeyFileError::TooLarge {
            expected,
            len: input.len(),
            max: MAX_CARD_FILE,
        });
    }
    let input = strip_bom(input);
    match shape(input) {
        Shape::Signed => PartyCard::from_bytes(input).map_err(|e| match signed_object_kind(input) {
            found @ ("a signed statement" | "a time-stamp token") => KeyFileError::LooksLikeSigned { expected, found },
            _ => KeyFileError::Card(e),
        }),
        Shape::Pem => {
            let bytes = decode_pem(input, CARD_PEM_LABEL, expected)?;
            Ok(PartyCard::from_bytes(&bytes)?)
        }
        Shape::Der if PrivateKeyInfoRef::from_der(input).is_ok() => Err(KeyFileError::PrivateKeyNotCard),
        Shape::Empty => Err(KeyFileError::Empty { expected }),
        Shape::Json => Err(KeyFileError::LooksLikeJson { expected }),
        Shape::Envelope => Err(KeyFileError::LooksLikeEnvelope { expected }),
        Shape::Transcript => Err(KeyFileError::LooksLikeTranscript { expected }),
        // Anything else is read as CBOR, and the card decoder says what is wrong.
        Shape::Der | Shape::Other => Ok(PartyCard::from_bytes(input)?),
    }
}

/// A card in words, followed by the card as PEM (`ECONTRACT PARTY CARD`):
/// the `STEM.card.txt` that `econtract keygen` writes, which
/// [`decode_card_file`] reads back.
pub fn card_text(card: &PartyCard) -> String {
    let b64 = pem::encode_string(CARD_PEM_LABEL, LineEnding::LF, card.as_bytes()).unwrap_or_default();
    format!(
        "econtract party card\nname:           {}\nparty id:       {}\nsigning key:    {} (Ed25519)\nencryption key: {} (X25519)\ncreated:        {}\n\n{b64}",
        card.name(),
        card.id(),
        to_hex(card.signing_key()),
        to_hex(card.encryption_key()),
        card.created(),
    )
}

#[cfg(test)]
mod tests {
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
                PartySecret::from_pkcs8("a\nb", ed_pem.as_bytes(), &encode_private_key_der(&X, X25519), t0())
                    .unwrap_err(),
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
}
