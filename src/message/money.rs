//! Money and payments (SPEC.md section 9.4): ISO 4217 amounts in integer
//! minor units, and the payment message with its ISO 20022 references.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Body, MAX_END_TO_END_ID, MAX_TEXT, check_text, e, k, nested, opt_time, text, text_enum, time_value};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::UnixTime;

/// An ISO 4217 alphabetic currency code: three upper-case letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Checks and wraps a code such as `"USD"`.
    pub fn new(code: &str) -> Result<Currency, DecodeError> {
        let b = code.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(DecodeError::schema(
                "currency",
                format!("{code:?} is not an ISO 4217 code (three upper-case letters)"),
            ))
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        // Invariant: three ASCII upper-case letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount of money: a currency and an integer number of its minor units
/// (cents for USD). Never a float.
///
/// ```cddl
/// amount = { "currency": tstr .regexp "[A-Z]{3}", "minor": uint }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// ISO 4217 code.
    pub currency: Currency,
    /// Minor units.
    pub minor: u64,
}

impl Amount {
    /// An amount of `minor` minor units of `currency` (for example
    /// `Amount::new("USD", 1_250_000)` is USD 12,500.00).
    pub fn new(currency: &str, minor: u64) -> Result<Amount, DecodeError> {
        Ok(Amount {
            currency: Currency::new(currency)?,
            minor,
        })
    }
}

impl Body for Amount {
    const WHAT: &'static str = "amount";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("currency", Value::text(self.currency.as_str())),
            e("minor", Value::Uint(self.minor)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<Amount, DecodeError> {
        Ok(Amount {
            currency: Currency::new(&text(f, "currency")?)?,
            minor: f.required(k("minor"))?.into_uint("minor")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        Ok(())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} (minor units)", self.currency, self.minor)
    }
}

text_enum!(
    /// How a payment is made.
    Instrument, "instrument", {
        /// Funds moved to the payee.
        FundsTransfer = "funds-transfer",
        /// A draft (bill of exchange) accepted by the drawee, payable at maturity.
        AcceptedDraft = "accepted-draft",
    }
);

text_enum!(
    /// In what capacity the sender of a payment pays (CISG 53, 54; URC 522).
    PayerRole, "payer", {
        /// The buyer itself.
        Buyer = "buyer",
        /// The buyer's bank named in the terms, paying for the buyer.
        BuyerBank = "buyer-bank",
        /// The collecting (presenting) bank, remitting the proceeds of a
        /// collection to the seller or the remitting bank (URC 522 Art. 16).
        CollectingBank = "collecting-bank",
    }
);

/// A SWIFT gpi Unique End-to-end Transaction Reference: a UUID version 4
/// (RFC 9562), 16 bytes on the wire.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uetr([u8; 16]);

impl Uetr {
    /// Checks that `bytes` are a version 4, variant 10 UUID.
    pub fn from_bytes(bytes: [u8; 16]) -> Result<Uetr, DecodeError> {
        if bytes[6] >> 4 != 4 || bytes[8] >> 6 != 0b10 {
            return Err(DecodeError::schema(
                "uetr",
                "a UETR is a version 4 UUID (RFC 9562), variant 10".into(),
            ));
        }
        Ok(Uetr(bytes))
    }
    /// A version 4 UUID made from 16 random bytes (the version and variant
    /// bits are set).
    pub fn from_random(mut bytes: [u8; 16]) -> Uetr {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Uetr(bytes)
    }
    /// The 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
    /// Parses the canonical lowercase form `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
    pub fn parse(s: &str) -> Result<Uetr, DecodeError> {
        let bad = || DecodeError::schema("uetr", format!("{s:?} is not a lowercase UUID"));
        let b = s.as_bytes();
        if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
            return Err(bad());
        }
        let hex: String = s.chars().filter(|c| *c != '-').collect();
        let v = crate::ids::from_hex(&hex).ok_or_else(bad)?;
        Uetr::from_bytes(v.try_into().map_err(|_| bad())?)
    }
}

impl fmt::Display for Uetr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = crate::ids::to_hex(&self.0);
        write!(
            f,
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
}
impl fmt::Debug for Uetr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uetr({self})")
    }
}
impl Serialize for Uetr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Uetr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Uetr::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A payment (kind 6): funds from the buyer or its bank, the buyer's
/// acceptance of a draft, or a collecting bank's remittance of proceeds. It
/// answers what it pays: the performance notice (and, for a later
/// instalment, the payer's previous payment), or, for a remittance, the
/// buyer's payment it remits.
///
/// ```cddl
/// payment = { "amount": amount, "end_to_end_id": tstr .size (1..35),
///             "uetr": bstr .size 16,
///             "instrument": "funds-transfer" / "accepted-draft",
///             "method": tstr, "final": bool,
///             "payer": "buyer" / "buyer-bank" / "collecting-bank",
///             ? "maturity": time, ? "tenor_days": uint }  ; both for, and only for, a draft
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The amount paid.
    pub amount: Amount,
    /// The ISO 20022 end-to-end id, set by the initiating party.
    pub end_to_end_id: String,
    /// The SWIFT gpi UETR.
    pub uetr: Uetr,
    /// Funds transfer or accepted draft.
    pub instrument: Instrument,
    /// The payment system or channel, in words.
    pub method: String,
    /// Whether this payment completes the amount due (`false` for an
    /// instalment with more to follow).
    #[serde(rename = "final")]
    pub is_final: bool,
    /// In what capacity the sender pays.
    pub payer: PayerRole,
    /// For an accepted draft: when it falls due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<UnixTime>,
    /// For an accepted draft: the tenor it was accepted at, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenor_days: Option<u64>,
}

impl Body for Payment {
    const WHAT: &'static str = "payment";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![
            e("amount", self.amount.to_value()),
            e("end_to_end_id", Value::text(&self.end_to_end_id)),
            e("uetr", Value::Bytes(self.uetr.0.to_vec())),
            e("instrument", self.instrument.to_value()),
            e("method", Value::text(&self.method)),
            e("final", Value::Bool(self.is_final)),
            e("payer", self.payer.to_value()),
        ];
        if let Some(t) = self.maturity {
            m.push(e("maturity", time_value(t)));
        }
        if let Some(t) = self.tenor_days {
            m.push(e("tenor_days", Value::Uint(t)));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<Payment, DecodeError> {
        let uetr = f.required(k("uetr"))?.into_bytes("uetr")?;
        let uetr = <[u8; 16]>::try_from(uetr.as_slice())
            .map_err(|_| DecodeError::schema("uetr", format!("expected 16 bytes, found {}", uetr.len())))?;
        Ok(Payment {
            amount: nested(f, "amount")?,
            end_to_end_id: text(f, "end_to_end_id")?,
            uetr: Uetr::from_bytes(uetr)?,
            instrument: Instrument::field(f, "instrument")?,
            method: text(f, "method")?,
            is_final: f.required(k("final"))?.into_bool("final")?,
            payer: PayerRole::field(f, "payer")?,
            maturity: opt_time(f, "maturity")?,
            tenor_days: f
                .optional(k("tenor_days"))
                .map(|v| v.into_uint("tenor_days"))
                .transpose()?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        if self.end_to_end_id.is_empty() {
            return Err(DecodeError::schema("end_to_end_id", "must not be empty".into()));
        }
        check_text(&self.end_to_end_id, "end_to_end_id", MAX_END_TO_END_ID)?;
        check_text(&self.method, "method", MAX_TEXT)?;
        Uetr::from_bytes(self.uetr.0)?;
        let draft = self.instrument == Instrument::AcceptedDraft;
        if draft != self.maturity.is_some() || draft != self.tenor_days.is_some() {
            return Err(DecodeError::schema(
                "maturity",
                "an accepted draft, and only a draft, has a maturity and a tenor".into(),
            ));
        }
        if let Some(t) = self.tenor_days {
            super::check_tenor(t)?;
        }
        if self.amount.minor == 0 {
            return Err(DecodeError::schema("amount", "a payment of nothing".into()));
        }
        if draft && self.payer != PayerRole::Buyer {
            return Err(DecodeError::schema(
                "payer",
                "only the buyer (the drawee) accepts a draft".into(),
            ));
        }
        Ok(())
    }
}
