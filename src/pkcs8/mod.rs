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
mod tests;
