//! The typed contract messages: one struct per kind, one [`Message`] enum,
//! and one table (`kinds!`) that ties each kind to its wire code, its name,
//! its struct and how many statements it answers.
//!
//! SPEC.md section 9 ("Message bodies") gives the CDDL of each body; field
//! names are the same in CBOR, in JSON (the command-line tool) and in
//! SPEC.md. Who sends a message and to whom is not repeated in its body: the
//! signed header says it (`iss`, `aud`), and the statements a message
//! answers are listed in the payload's `answers`.
//!
//! Each body type has one codec (`Body`): `encode` writes it, `decode`
//! reads it from a strictly decoded map and `check` enforces the limits of
//! SPEC.md section 13. Decoding always ends with `check`, and signing runs
//! `check` too, so a body that decodes is one that could have been signed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::cbor::{Fields, Key, Value};
use crate::error::DecodeError;
use crate::ids::{Digest, PartyId, UnixTime};

mod formation;
mod money;
mod performance;
mod succession;
mod terms;
mod title;

pub use formation::{Acceptance, Confirmation, Objection, Offer, Receipt, Rejection, Revocation, Withdrawal};
pub use money::{Amount, Currency, Instrument, PayerRole, Payment, Uetr};
pub use performance::{
    Document, DocumentType, Facts, InspectionResult, PerformanceNotice, ServiceInstruction, ServiceKind, ServiceProof,
};
pub use succession::KeyRetirement;
pub use terms::{
    Channel, DocumentRequirement, GoodsLine, Incoterm, Law, PaymentClause, PaymentTerms, Shipment, Terms, TermsChanges,
};
pub use title::{CollectionInstruction, DocumentRef, TitleTransfer};

/// Longest free-text field, in bytes of UTF-8.
pub const MAX_TEXT: usize = 1024;
/// Longest unit of measure, in bytes.
pub const MAX_UNIT: usize = 16;
/// Longest end-to-end id (ISO 20022 `Max35Text`).
pub const MAX_END_TO_END_ID: usize = 35;
/// Most goods lines in an offer.
pub const MAX_GOODS: usize = 256;
/// Most documents an offer requires.
pub const MAX_DOCUMENTS: usize = 16;
/// Most proofs a performance notice carries (and documents a collection
/// instruction lists).
pub const MAX_PROOFS: usize = 16;
/// Most non-material additions in an acceptance.
pub const MAX_ADDITIONS: usize = 16;
/// Longest draft tenor, in days (ten years).
pub const MAX_TENOR_DAYS: u64 = 3650;

/// One codec per body type (SPEC.md section 9).
pub(crate) trait Body: Sized {
    /// What the body is called in errors.
    const WHAT: &'static str;
    /// The body's map entries.
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)>;
    /// Reads the body from its map's fields (the caller checks that nothing
    /// is left over, then calls [`Body::check`]).
    fn decode(f: &mut Fields) -> Result<Self, DecodeError>;
    /// The limits of SPEC.md section 13.
    fn check(&self) -> Result<(), DecodeError>;

    /// The body as a CBOR map.
    fn to_value(&self) -> Value<'_> {
        Value::map(self.encode())
    }
    /// Reads and checks a body from a CBOR map.
    fn from_value(v: Value) -> Result<Self, DecodeError> {
        let mut f = Fields::new(Self::WHAT, v)?;
        let b = Self::decode(&mut f)?;
        f.finish()?;
        b.check()?;
        Ok(b)
    }
}

/// The table of message kinds: code, name, variant, body type, and how many
/// statements a statement of that kind answers (`min..=max`; a performance
/// notice answers exactly the proofs it carries). Adding a kind touches
/// this table and the body's own module only.
macro_rules! kinds {
    ($($(#[$doc:meta])* $code:literal $name:literal $variant:ident($body:ty) answers $min:literal ..= $max:literal;)+) => {
        /// The kind of a statement, as carried in header label -65538.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
        pub enum Kind {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)+
        }

        impl Kind {
            /// Every kind, in code order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),+];

            /// The kind's code on the wire.
            pub const fn code(self) -> u64 {
                match self { $(Kind::$variant => $code),+ }
            }

            /// The kind's name in SPEC.md, JSON and the command line.
            pub const fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name),+ }
            }

            /// How many statements a statement of this kind answers, at
            /// least and at most (SPEC.md section 8).
            pub const fn answers(self) -> (usize, usize) {
                match self { $(Kind::$variant => ($min, $max)),+ }
            }
        }

        /// A typed contract message.
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Message {
            $($(#[$doc])* $variant($body),)+
        }

        impl Message {
            /// The message's kind.
            pub fn kind(&self) -> Kind {
                match self { $(Message::$variant(_) => Kind::$variant),+ }
            }

            pub(crate) fn encode_body(&self) -> Value<'_> {
                match self { $(Message::$variant(b) => b.to_value()),+ }
            }

            /// Checks the limits of SPEC.md on a message about to be signed.
            pub(crate) fn check(&self) -> Result<(), DecodeError> {
                match self { $(Message::$variant(b) => b.check()),+ }
            }

            /// Decodes the body of a message of kind `kind`.
            pub(crate) fn from_value(kind: Kind, v: Value) -> Result<Message, DecodeError> {
                Ok(match kind { $(Kind::$variant => Message::$variant(<$body>::from_value(v)?)),+ })
            }

            /// Reads the body of a message of kind `kind` from any serde
            /// format (the command-line tool uses JSON, SPEC.md section 14).
            /// Limits are checked when the message is signed.
            pub fn deserialize_body<'de, D: serde::Deserializer<'de>>(kind: Kind, d: D) -> Result<Message, D::Error> {
                Ok(match kind { $(Kind::$variant => Message::$variant(<$body>::deserialize(d)?)),+ })
            }
        }

        impl Serialize for Message {
            /// The body alone, as SPEC.md section 14 gives it (the kind is
            /// carried beside it).
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self { $(Message::$variant(b) => b.serialize(s)),+ }
            }
        }
    };
}

kinds! {
    /// 1: an offer to sell or to buy (source step 1).
    1 "offer" Offer(Offer) answers 0..=0;
    /// 2: an acceptance of an offer (step 2; CISG 18).
    2 "acceptance" Acceptance(Acceptance) answers 1..=1;
    /// 3: an instruction to a service provider (step 3).
    3 "service-instruction" ServiceInstruction(ServiceInstruction) answers 1..=1;
    /// 4: a provider's proof that it performed, with the document it issued (step 4).
    4 "service-proof" ServiceProof(ServiceProof) answers 1..=1;
    /// 5: the seller's notice that it performed (step 5).
    5 "performance-notice" PerformanceNotice(PerformanceNotice) answers 0..=16;
    /// 6: a payment, an accepted draft, or a bank's remittance of proceeds (step 6).
    6 "payment" Payment(Payment) answers 1..=2;
    /// 7: a transfer of a title document (step 7; MLETR Art. 11).
    7 "title-transfer" TitleTransfer(TitleTransfer) answers 1..=2;
    /// 8: the addressee's signed receipt of a statement (CISG 15, 18(2), 24).
    8 "receipt" Receipt(Receipt) answers 1..=1;
    /// 9: the offeree's rejection of an offer (CISG 17).
    9 "rejection" Rejection(Rejection) answers 1..=1;
    /// 10: the offeror's revocation of an offer (CISG 16).
    10 "revocation" Revocation(Revocation) answers 1..=1;
    /// 11: a reply with changed terms: a rejection and a new offer (CISG 19(1));
    /// its body is an offer whose sender is the new offeror.
    11 "counter-offer" CounterOffer(Offer) answers 1..=1;
    /// 12: the offeror's confirmation of a late acceptance (CISG 21(1)).
    12 "confirmation" Confirmation(Confirmation) answers 1..=1;
    /// 13: the withdrawal of an offer (CISG 15(2)) or of an acceptance (CISG 22).
    13 "withdrawal" Withdrawal(Withdrawal) answers 1..=1;
    /// 14: the offeror's objection to an acceptance's non-material additions
    /// (CISG 19(2)) or to a late acceptance delayed in transmission (21(2)).
    14 "objection" Objection(Objection) answers 1..=1;
    /// 15: the seller's collection instruction to a bank, handing it the
    /// documents (URC 522 Art. 4).
    15 "collection-instruction" CollectionInstruction(CollectionInstruction) answers 1..=16;
    /// 16: a party's retirement of its signing key, naming its successor.
    16 "key-retirement" KeyRetirement(KeyRetirement) answers 0..=0;
}

impl Kind {
    /// The kind with wire code `code`.
    pub fn from_code(code: u64) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.code() == code)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Kind, DecodeError> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == s)
            .ok_or_else(|| DecodeError::schema("kind", format!("unknown message kind {s:?}")))
    }
}

macro_rules! into_message {
    ($($t:ident),+) => {$(
        impl From<$t> for Message {
            fn from(m: $t) -> Message {
                Message::$t(m)
            }
        }
    )+};
}
into_message!(
    Offer,
    Acceptance,
    ServiceInstruction,
    ServiceProof,
    PerformanceNotice,
    Payment,
    TitleTransfer,
    Receipt,
    Rejection,
    Revocation,
    Confirmation,
    Withdrawal,
    Objection,
    CollectionInstruction,
    KeyRetirement
);

impl Message {
    /// The body's deterministic CBOR encoding, as it appears in a
    /// statement's payload (SPEC.md section 9).
    pub fn to_cbor(&self) -> Vec<u8> {
        self.encode_body().to_vec()
    }
}

// ---------------------------------------------------------------------------
// Field helpers shared by the body modules.

pub(crate) fn k(s: &'static str) -> Key {
    Key::Text(s)
}

pub(crate) fn e<'a>(key: &'static str, v: Value<'a>) -> (Value<'a>, Value<'a>) {
    (Value::text(key), v)
}

pub(crate) fn check_text(t: &str, what: &'static str, max: usize) -> Result<(), DecodeError> {
    DecodeError::check_len(what, t.len(), max)
}

/// A draft's tenor: 1 to [`MAX_TENOR_DAYS`] days.
pub(crate) fn check_tenor(t: u64) -> Result<(), DecodeError> {
    if t == 0 || t > MAX_TENOR_DAYS {
        return Err(DecodeError::schema(
            "tenor_days",
            format!("a tenor is 1 to {MAX_TENOR_DAYS} days, found {t}"),
        ));
    }
    Ok(())
}

pub(crate) fn check_opt_text(t: &Option<String>, what: &'static str) -> Result<(), DecodeError> {
    t.as_deref().map_or(Ok(()), |t| check_text(t, what, MAX_TEXT))
}

/// A list of at most `max` items, each read by `f`; the length is checked
/// before any item is read.
pub(crate) fn list<T>(
    v: Value,
    what: &'static str,
    max: usize,
    f: impl Fn(Value) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let items = v.into_array(what)?;
    DecodeError::check_len(what, items.len(), max)?;
    items.into_iter().map(f).collect()
}

pub(crate) fn text(f: &mut Fields, key: &'static str) -> Result<String, DecodeError> {
    f.required(k(key))?.into_text(key)
}

pub(crate) fn opt_text(f: &mut Fields, key: &'static str) -> Result<Option<String>, DecodeError> {
    f.optional(k(key)).map(|v| v.into_text(key)).transpose()
}

pub(crate) fn opt_text_entry<'a>(out: &mut Vec<(Value<'a>, Value<'a>)>, key: &'static str, t: &'a Option<String>) {
    if let Some(t) = t {
        out.push(e(key, Value::text(t)));
    }
}

pub(crate) fn time(f: &mut Fields, key: &'static str) -> Result<UnixTime, DecodeError> {
    UnixTime::decode(f.required(k(key))?, key)
}

pub(crate) fn opt_time(f: &mut Fields, key: &'static str) -> Result<Option<UnixTime>, DecodeError> {
    f.optional(k(key)).map(|v| UnixTime::decode(v, key)).transpose()
}

pub(crate) fn time_value(t: UnixTime) -> Value<'static> {
    Value::Uint(t.as_secs())
}

/// A party id in a body: its 32 bytes (SPEC.md section 3).
pub(crate) fn party_value(p: &PartyId) -> Value<'static> {
    Value::Bytes(p.as_bytes().to_vec())
}

pub(crate) fn party(f: &mut Fields, key: &'static str) -> Result<PartyId, DecodeError> {
    party_of(f.required(k(key))?, key)
}

pub(crate) fn opt_party(f: &mut Fields, key: &'static str) -> Result<Option<PartyId>, DecodeError> {
    f.optional(k(key)).map(|v| party_of(v, key)).transpose()
}

pub(crate) fn party_of(v: Value, what: &'static str) -> Result<PartyId, DecodeError> {
    Ok(PartyId::from_bytes(v.into_array32(what)?))
}

pub(crate) fn digest_value(d: &Digest) -> Value<'static> {
    Value::Bytes(d.as_bytes().to_vec())
}

pub(crate) fn digest(f: &mut Fields, key: &'static str) -> Result<Digest, DecodeError> {
    Ok(Digest::from_bytes(f.required(k(key))?.into_array32(key)?))
}

/// Reads a nested body of type `T` from field `key`.
pub(crate) fn nested<T: Body>(f: &mut Fields, key: &'static str) -> Result<T, DecodeError> {
    T::from_value(f.required(k(key))?)
}

pub(crate) fn opt_nested<T: Body>(f: &mut Fields, key: &'static str) -> Result<Option<T>, DecodeError> {
    f.optional(k(key)).map(T::from_value).transpose()
}

/// A text enum: a closed set of values, each with its wire name.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+
        }
        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The wire name.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
            #[allow(dead_code)]
            pub(crate) fn to_value(self) -> Value<'static> {
                Value::text(self.name())
            }
            #[allow(dead_code)]
            pub(crate) fn from_value(v: Value) -> Result<$name, DecodeError> {
                let t = v.into_str($what)?;
                $name::ALL.iter().copied().find(|x| x.name() == t).ok_or_else(|| {
                    DecodeError::schema($what, format!("unknown value {t:?}"))
                })
            }
            #[allow(dead_code)]
            pub(crate) fn field(f: &mut crate::cbor::Fields, key: &'static str) -> Result<$name, DecodeError> {
                $name::from_value(f.required(crate::message::k(key))?)
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}
pub(crate) use text_enum;
