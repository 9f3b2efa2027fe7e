//! Identifiers and times: party ids, statement ids, digests, contract ids.
//!
//! SPEC.md section "Identifiers".

use std::fmt;
use std::str::FromStr;

use sha2::{Digest as _, Sha256};

use crate::error::DecodeError;

/// Domain-separation prefix of a party id (SPEC.md "Identifiers").
pub const PARTY_ID_LABEL: &[u8] = b"econtract/v1 party-id";

/// Writes `bytes` as lowercase hex.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

/// The value of one lowercase hex digit.
fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

/// Parses lowercase hex of any even length.
pub(crate) fn from_hex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    b.chunks_exact(2)
        .map(|p| Some((nibble(p[0])? << 4) | nibble(p[1])?))
        .collect()
}

/// Parses exactly 64 lowercase hex digits.
pub(crate) fn parse_hex32(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (o, p) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = (nibble(p[0])? << 4) | nibble(p[1])?;
    }
    Some(out)
}

macro_rules! hex_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name([u8; 32]);

        impl $name {
            /// Wraps 32 raw bytes.
            pub const fn from_bytes(bytes: [u8; 32]) -> Self {
                $name(bytes)
            }
            /// The 32 raw bytes.
            pub const fn as_bytes(&self) -> &[u8; 32] {
                &self.0
            }
            /// Lowercase hex, 64 characters.
            pub fn to_hex(&self) -> String {
                to_hex(&self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_hex())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.to_hex())
            }
        }

        impl FromStr for $name {
            type Err = DecodeError;
            fn from_str(s: &str) -> Result<Self, DecodeError> {
                parse_hex32(s).map($name).ok_or_else(|| {
                    DecodeError::schema($what, "expected 64 lowercase hex digits".to_owned())
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_hex())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

hex_id!(
    /// A party's identity: the key id of its Ed25519 signing key,
    /// `SHA-256(PARTY_ID_LABEL || signing public key)`.
    ///
    /// On the wire it is always the 64-character lowercase hex text.
    PartyId,
    "party id"
);

hex_id!(
    /// A statement's id: the SHA-256 of its exact encoded bytes.
    StatementId,
    "statement id"
);

hex_id!(
    /// The SHA-256 digest of a document held outside econtract (for example
    /// an electronic bill of lading).
    Digest,
    "digest"
);

impl PartyId {
    /// The party id of an Ed25519 public key.
    pub fn of_signing_key(public_key: &[u8; 32]) -> PartyId {
        let mut h = Sha256::new();
        h.update(PARTY_ID_LABEL);
        h.update(public_key);
        PartyId(h.finalize().into())
    }
}

impl StatementId {
    /// The id of a statement whose exact bytes are `bytes`.
    pub fn of(bytes: &[u8]) -> StatementId {
        StatementId(Sha256::digest(bytes).into())
    }
}

impl Digest {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }
}

/// A contract id: 1 to 64 printable ASCII characters (0x21 to 0x7e),
/// chosen by the offeror, for example `"EC-2026-0042"` or a UUID.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct ContractId(String);

/// Longest contract id, in bytes.
pub const MAX_CONTRACT_ID: usize = 64;

impl ContractId {
    /// Checks and wraps a contract id.
    pub fn new(id: &str) -> Result<ContractId, DecodeError> {
        if id.is_empty() || id.len() > MAX_CONTRACT_ID || !id.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(DecodeError::schema(
                "contract id",
                "expected 1 to 64 printable ASCII characters without spaces".to_owned(),
            ));
        }
        Ok(ContractId(id.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContractId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ContractId {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Self, DecodeError> {
        ContractId::new(s)
    }
}

impl serde::Serialize for ContractId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ContractId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        ContractId::new(&s).map_err(serde::de::Error::custom)
    }
}

/// A point in time: whole seconds since 1970-01-01T00:00:00Z (UTC, leap
/// seconds not counted), from 0 to [`UnixTime::MAX`] (9999-12-31T23:59:59Z).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UnixTime(u64);

impl UnixTime {
    /// The latest representable time, 9999-12-31T23:59:59Z.
    pub const MAX: UnixTime = UnixTime(253_402_300_799);
    /// 1970-01-01T00:00:00Z.
    pub const EPOCH: UnixTime = UnixTime(0);

    /// A time from seconds since the epoch; `None` after [`UnixTime::MAX`].
    pub const fn from_secs(secs: u64) -> Option<UnixTime> {
        if secs <= Self::MAX.0 {
            Some(UnixTime(secs))
        } else {
            None
        }
    }

    /// Seconds since the epoch.
    pub const fn as_secs(&self) -> u64 {
        self.0
    }

    /// This time plus `secs` seconds, saturating at [`UnixTime::MAX`].
    pub fn plus(self, secs: u64) -> UnixTime {
        UnixTime(self.0.saturating_add(secs).min(Self::MAX.0))
    }

    /// This time minus `secs` seconds, saturating at [`UnixTime::EPOCH`].
    pub fn minus(self, secs: u64) -> UnixTime {
        UnixTime(self.0.saturating_sub(secs))
    }

    /// RFC 3339 text, for example `2026-03-01T09:30:00Z`.
    pub fn to_rfc3339(&self) -> String {
        let dt = time::OffsetDateTime::from_unix_timestamp(self.0 as i64).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        dt.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| self.0.to_string())
    }

    /// Parses RFC 3339 text in its one canonical form, as [`UnixTime::to_rfc3339`]
    /// writes it (`YYYY-MM-DDTHH:MM:SSZ`, UTC, upper-case `T` and `Z`, no
    /// fraction), so that one instant has one spelling.
    pub fn parse_rfc3339(s: &str) -> Result<UnixTime, DecodeError> {
        let bad = || {
            DecodeError::schema(
                "time",
                format!("not an RFC 3339 time in whole seconds from 1970 to 9999: {s:?}"),
            )
        };
        let dt = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).map_err(|_| bad())?;
        let t = u64::try_from(dt.unix_timestamp())
            .ok()
            .and_then(UnixTime::from_secs)
            .ok_or_else(bad)?;
        if t.to_rfc3339() != s {
            return Err(bad());
        }
        Ok(t)
    }

    pub(crate) fn decode(v: crate::cbor::Value, what: &'static str) -> Result<UnixTime, DecodeError> {
        let n = v.into_uint(what)?;
        UnixTime::from_secs(n)
            .ok_or_else(|| DecodeError::schema(what, format!("time {n} is after 9999-12-31T23:59:59Z")))
    }
}

impl From<time::OffsetDateTime> for UnixTime {
    /// Whole seconds; times before 1970 become the epoch and times after
    /// 9999 become [`UnixTime::MAX`].
    fn from(t: time::OffsetDateTime) -> UnixTime {
        UnixTime(u64::try_from(t.unix_timestamp()).unwrap_or(0).min(Self::MAX.0))
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl serde::Serialize for UnixTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> serde::Deserialize<'de> for UnixTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        UnixTime::parse_rfc3339(&s).map_err(serde::de::Error::custom)
    }
}

/// A source of the current time. The library reads the time only through
/// a `Clock` it is given ([`SystemClock`] reads the system's).
pub trait Clock {
    /// The current time.
    fn now(&self) -> UnixTime;
}

impl<F: Fn() -> UnixTime> Clock for F {
    fn now(&self) -> UnixTime {
        self()
    }
}

/// The operating system's clock, for deployments and the command-line tool.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixTime {
        UnixTime::from(time::OffsetDateTime::now_utc())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_strictness() {
        let id = PartyId::of_signing_key(&[7u8; 32]);
        assert_eq!(id.to_hex().parse::<PartyId>().unwrap(), id);
        assert!(id.to_hex().to_uppercase().parse::<PartyId>().is_err());
        assert!(id.to_hex()[..62].parse::<PartyId>().is_err());
    }

    #[test]
    fn contract_ids() {
        assert!(ContractId::new("EC-2026-0042").is_ok());
        assert!(ContractId::new("").is_err());
        assert!(ContractId::new("has space").is_err());
        assert!(ContractId::new(&"x".repeat(65)).is_err());
        assert!(ContractId::new("caf\u{e9}").is_err());
    }

    #[test]
    fn times() {
        let t = UnixTime::parse_rfc3339("2026-03-01T09:30:00Z").unwrap();
        assert_eq!(t.as_secs(), 1_772_357_400);
        assert_eq!(t.to_rfc3339(), "2026-03-01T09:30:00Z");
        assert!(UnixTime::parse_rfc3339("2026-03-01T09:30:00.5Z").is_err());
        for other_spelling in [
            "2026-03-01T10:30:00+01:00",
            "2026-03-01t09:30:00z",
            "2026-03-01T09:30:00-00:00",
        ] {
            assert!(UnixTime::parse_rfc3339(other_spelling).is_err(), "{other_spelling}");
        }
        assert!(UnixTime::from_secs(UnixTime::MAX.as_secs() + 1).is_none());
        assert_eq!(UnixTime::MAX.to_rfc3339(), "9999-12-31T23:59:59Z");
    }
}
