//! Errors, split by phase: decoding bytes, handling keys and cards, building
//! and signing, verifying, sealing and opening.
//!
//! Cryptographic failures are deliberately coarse (one "decryption failed",
//! one "bad signature"); structural and protocol failures say exactly what
//! was wrong and where.

use thiserror::Error;

use crate::ids::{ContractId, PartyId, StatementId};
use crate::message::Kind;

/// Bytes that are not a well-formed, canonical econtract structure.
///
/// `at` is the byte offset of the offending CBOR item in the input.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ends inside an item, or a length exceeds the bytes present.
    #[error("CBOR truncated at byte {at}: an item claims more bytes than the input holds")]
    Truncated {
        /// Byte offset.
        at: usize,
    },
    /// Bytes follow the single item the input must hold.
    #[error("{count} trailing byte(s) after the CBOR item, at byte {at}")]
    TrailingBytes {
        /// Byte offset.
        at: usize,
        /// How many bytes follow.
        count: usize,
    },
    /// An integer or length is not in its shortest form (RFC 8949 4.2.1).
    #[error("non-canonical CBOR at byte {at}: integer or length not in shortest form")]
    NonCanonical {
        /// Byte offset.
        at: usize,
    },
    /// An indefinite-length item.
    #[error("indefinite-length CBOR item at byte {at}")]
    Indefinite {
        /// Byte offset.
        at: usize,
    },
    /// A reserved additional-information value (28 to 30).
    #[error("malformed CBOR at byte {at}: reserved additional information")]
    Reserved {
        /// Byte offset.
        at: usize,
    },
    /// A float, `null`, `undefined` or other simple value.
    #[error("unsupported CBOR item at byte {at}: floats and simple values other than true/false are not used")]
    Unsupported {
        /// Byte offset.
        at: usize,
    },
    /// A map key that is not an integer or a text string.
    #[error("unsupported CBOR map key type at byte {at}")]
    UnsupportedKey {
        /// Byte offset.
        at: usize,
    },
    /// The same map key twice.
    #[error("duplicate CBOR map key at byte {at}")]
    DuplicateKey {
        /// Byte offset.
        at: usize,
    },
    /// Map keys not in canonical (bytewise encoded) order.
    #[error("CBOR map keys out of canonical order at byte {at}")]
    KeyOrder {
        /// Byte offset.
        at: usize,
    },
    /// A text string that is not valid UTF-8.
    #[error("invalid UTF-8 in CBOR text string at byte {at}")]
    InvalidUtf8 {
        /// Byte offset.
        at: usize,
    },
    /// Nesting deeper than the limit.
    #[error("CBOR nested deeper than {} levels at byte {at}", crate::cbor::MAX_DEPTH)]
    TooDeep {
        /// Byte offset.
        at: usize,
    },
    /// More items than the limit.
    #[error("more than {} CBOR items, at byte {at}", crate::cbor::MAX_ITEMS)]
    TooManyItems {
        /// Byte offset.
        at: usize,
    },
    /// An input or a field larger than its documented limit.
    #[error("{what} is {len} long; the limit is {max}")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// Its size (bytes or items).
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Well-formed CBOR that does not follow the econtract schema.
    #[error("{what}: {problem}")]
    Schema {
        /// The structure or field concerned.
        what: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

impl DecodeError {
    pub(crate) fn schema(what: &'static str, problem: String) -> DecodeError {
        DecodeError::Schema { what, problem }
    }

    pub(crate) fn check_len(what: &'static str, len: usize, max: usize) -> Result<(), DecodeError> {
        if len > max {
            Err(DecodeError::TooLarge { what, len, max })
        } else {
            Ok(())
        }
    }
}

/// A key or party card that econtract refuses.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The card is not well formed.
    #[error("malformed party card: {0}")]
    Decode(#[from] DecodeError),
    /// The Ed25519 public key is not a canonical encoding of a curve point.
    #[error("the Ed25519 signing key is not a canonical curve point")]
    InvalidSigningKey,
    /// The Ed25519 public key has small order or a small-order component.
    #[error("the Ed25519 signing key is weak (small order or with a small-order component)")]
    WeakSigningKey,
    /// The X25519 public key is non-canonical or of small order
    /// (non-contributory, RFC 7748 section 6.1).
    #[error("the X25519 encryption key is non-canonical or of small order")]
    WeakEncryptionKey,
    /// The card's self-signature does not verify.
    #[error("the party card's self-signature does not verify")]
    BadSignature,
    /// The party name is empty, too long or has control characters.
    #[error("invalid party name: {0}")]
    InvalidName(&'static str),
}

/// A statement that cannot be built or signed as asked.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A field is outside its documented limits.
    #[error("{0}")]
    Invalid(#[from] DecodeError),
    /// The statement would exceed the maximum statement size.
    #[error("the statement would be {len} bytes; the limit is {max}")]
    TooLarge {
        /// Encoded size.
        len: usize,
        /// Limit.
        max: usize,
    },
    /// A performance notice's answers must be the ids of the proofs it carries.
    #[error("a performance notice answers exactly the proofs it carries")]
    NoticeAnswers,
    /// A performance notice is signed only with the cards to verify the
    /// proofs it carries (`StatementBuilder::proof_cards`).
    #[error("a performance notice needs the providers' cards to verify the proofs it carries")]
    ProofCardsNeeded,
    /// A carried proof does not verify, or is not a service proof of this
    /// contract addressed to the notice's sender.
    #[error("carried proof refused: {0}")]
    CarriedProof(VerifyError),
    /// The sender named itself as recipient.
    #[error("a statement cannot be addressed to its own sender")]
    SelfAddressed,
}

/// A signed statement or time-stamp token that does not verify (a card
/// that does not verify is a [`KeyError`]).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The bytes are not a well-formed econtract structure.
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// No card is known for the signer.
    #[error("no party card for signer {0}")]
    UnknownSigner(PartyId),
    /// The signature does not verify (the Ed25519 rule of SPEC.md section 4).
    #[error("bad signature")]
    BadSignature,
    /// A time-stamp token is for another statement.
    #[error("time-stamp token is for statement {found}, not {expected}")]
    WrongImprint {
        /// The statement the token should cover.
        expected: StatementId,
        /// The statement it covers.
        found: StatementId,
    },
    /// A time-stamp token does not carry the nonce that was sent.
    #[error("time-stamp token nonce does not match the request")]
    WrongNonce,
    /// A proof carried by a performance notice is not for the same contract,
    /// or not addressed to the notice's sender.
    #[error("carried proof {0} does not belong to this notice's contract and sender")]
    ForeignProof(StatementId),
    /// The card lookup returned, for a signer (a statement's sender, a
    /// carried proof's provider, a token's authority), a card whose party id
    /// is not the signer's: the lookup is wrong, and nothing is verified
    /// against that card.
    #[error(
        "the card given for signer {signer} belongs to party {card}; the card lookup must return the signer's own card"
    )]
    CardMismatch {
        /// The signer named by the object (`iss`).
        signer: PartyId,
        /// The party whose card the lookup returned.
        card: PartyId,
    },
}

/// A statement that cannot be sealed as asked.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum SealError {
    /// The key to seal to belongs to a party the statement does not name
    /// (its recipient, its sender or one of its copy holders).
    #[error("party {0} is neither the recipient, the sender nor a named copy holder of this statement")]
    NotNamed(PartyId),
    /// HPKE refused the recipient key (non-contributory agreement), or the
    /// AEAD refused to seal. Defensive: a card's key is contributory, and a
    /// statement is far below the AEAD's length limit.
    #[error("the recipient's encryption key is unusable")]
    BadRecipientKey,
}

/// An envelope that does not open to a verified statement for this party.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpenError {
    /// The envelope is malformed.
    #[error("malformed envelope: {0}")]
    Decode(DecodeError),
    /// The envelope is for another key.
    #[error("envelope is sealed to {found}, not to this party ({expected})")]
    NotForThisKey {
        /// This party.
        expected: PartyId,
        /// The envelope's recipient.
        found: PartyId,
    },
    /// HPKE decryption failed (wrong key, or any byte changed).
    #[error("decryption failed")]
    Decryption,
    /// The decrypted statement does not verify.
    #[error("statement does not verify: {0}")]
    Verify(#[from] VerifyError),
    /// The statement is addressed to another party (and, when copies are
    /// allowed, this party is not a named copy holder either).
    #[error("statement is addressed to {addressee}, not to this party ({me})")]
    NotAddressedToMe {
        /// This party.
        me: PartyId,
        /// The statement's addressee.
        addressee: PartyId,
    },
    /// The statement belongs to another contract.
    #[error("statement belongs to contract {found}, not {expected}")]
    WrongContract {
        /// The contract expected.
        expected: ContractId,
        /// The statement's contract.
        found: ContractId,
    },
    /// The statement verifies but is signed by another party than the
    /// expected sender ([`Opener::from`](crate::Opener::from)).
    #[error("statement is signed by {found}, not by the expected sender {expected}")]
    WrongSender {
        /// The sender expected.
        expected: PartyId,
        /// The statement's signer (`iss`), whose signature verified.
        found: PartyId,
    },
    /// The statement is of another kind than expected.
    #[error("statement is a {found}, expected a {expected}")]
    WrongKind {
        /// Kind expected.
        expected: Kind,
        /// Kind found.
        found: Kind,
    },
}
