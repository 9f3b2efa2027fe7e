//! The wire unit between parties (SPEC.md section 19.2): one sealed
//! statement with what its recipient needs to verify and archive it.

use crate::cbor::{self, Value};
use crate::envelope::MAX_ENVELOPE_SIZE;
use crate::error::DecodeError;
use crate::keys::MAX_CARD_SIZE;
use crate::timestamp::MAX_TOKEN_SIZE;

/// The label that starts every parcel.
pub const PARCEL_LABEL: &str = "econtract-parcel";
/// The parcel format version.
pub const PARCEL_VERSION: u64 = 1;
/// Most tokens in one parcel.
pub const MAX_PARCEL_TOKENS: usize = 16;
/// Most cards in one parcel.
pub const MAX_PARCEL_CARDS: usize = 16;
/// The largest parcel.
pub const MAX_PARCEL_SIZE: usize =
    MAX_ENVELOPE_SIZE + MAX_PARCEL_TOKENS * (MAX_TOKEN_SIZE + 3) + MAX_PARCEL_CARDS * (MAX_CARD_SIZE + 3) + 64;

/// A parcel: an envelope, the time-stamp tokens of the statement inside it,
/// and party cards the recipient may not have (the sender's, the providers'
/// of the proofs it carries). Tokens and cards travel in the clear: they
/// are public (a token names a statement's id and time, not its content).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    /// The sealed statement ([`crate::seal`]).
    pub envelope: Vec<u8>,
    /// Tokens, each the exact bytes of a [`crate::TimestampToken`].
    pub tokens: Vec<Vec<u8>>,
    /// Cards, each the exact bytes of a [`crate::PartyCard`].
    pub cards: Vec<Vec<u8>>,
}

impl Parcel {
    /// The parcel's bytes: `["econtract-parcel", 1, envelope, [* token], [* card]]`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let list = |items: &[Vec<u8>]| Value::Array(items.iter().map(|b| Value::Bytes(b.clone())).collect());
        Value::Array(vec![
            Value::text(PARCEL_LABEL),
            Value::Uint(PARCEL_VERSION),
            Value::Bytes(self.envelope.clone()),
            list(&self.tokens),
            list(&self.cards),
        ])
        .to_vec()
    }

    /// Decodes a parcel strictly (section 2's rules, the limits above); the
    /// envelope, tokens and cards are checked when they are used.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parcel, DecodeError> {
        const W: &str = "parcel";
        DecodeError::check_len(W, bytes.len(), MAX_PARCEL_SIZE)?;
        let mut items = cbor::decode(bytes)?.into_array(W)?.into_iter();
        let (Some(label), Some(version), Some(envelope), Some(tokens), Some(cards), None) = (
            items.next(),
            items.next(),
            items.next(),
            items.next(),
            items.next(),
            items.next(),
        ) else {
            return Err(DecodeError::schema(W, "expected an array of 5 items".into()));
        };
        if label.into_text("parcel label")? != PARCEL_LABEL {
            return Err(DecodeError::schema(W, format!("expected the label {PARCEL_LABEL:?}")));
        }
        if version.into_uint("parcel version")? != PARCEL_VERSION {
            return Err(DecodeError::schema(
                "parcel version",
                format!("only version {PARCEL_VERSION} is supported"),
            ));
        }
        let envelope = envelope.into_bytes("envelope")?;
        DecodeError::check_len("envelope", envelope.len(), MAX_ENVELOPE_SIZE)?;
        let list = |v: Value, what: &'static str, max: usize, size: usize| -> Result<Vec<Vec<u8>>, DecodeError> {
            let items = v.into_array(what)?;
            DecodeError::check_len(what, items.len(), max)?;
            items
                .into_iter()
                .map(|i| {
                    let b = i.into_bytes(what)?;
                    DecodeError::check_len(what, b.len(), size)?;
                    Ok(b)
                })
                .collect()
        };
        Ok(Parcel {
            envelope,
            tokens: list(tokens, "parcel tokens", MAX_PARCEL_TOKENS, MAX_TOKEN_SIZE)?,
            cards: list(cards, "parcel cards", MAX_PARCEL_CARDS, MAX_CARD_SIZE)?,
        })
    }
}
