//! The response: `TimeStampResp` and the `TimeStampToken` it carries
//! (RFC 3161 section 2.4.2), decoded strictly.

use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;

use super::asn1::{PkiStatusAsn, TimeStampRespAsn, TstInfoAsn};
use super::request::MessageImprint;
use super::{Rfc3161Error, check_size, oid};
use crate::ids::UnixTime;

/// The status of a response (RFC 3161 2.4.2 `PKIStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PkiStatus {
    /// 0: the token is present.
    Granted,
    /// 1: the token is present, with modifications.
    GrantedWithMods,
    /// 2: refused; failInfo says why.
    Rejection,
    /// 3: not yet ready.
    Waiting,
    /// 4: a revocation is imminent.
    RevocationWarning,
    /// 5: a revocation has occurred.
    RevocationNotification,
}

impl From<PkiStatusAsn> for PkiStatus {
    fn from(s: PkiStatusAsn) -> PkiStatus {
        match s {
            PkiStatusAsn::Granted => PkiStatus::Granted,
            PkiStatusAsn::GrantedWithMods => PkiStatus::GrantedWithMods,
            PkiStatusAsn::Rejection => PkiStatus::Rejection,
            PkiStatusAsn::Waiting => PkiStatus::Waiting,
            PkiStatusAsn::RevocationWarning => PkiStatus::RevocationWarning,
            PkiStatusAsn::RevocationNotification => PkiStatus::RevocationNotification,
        }
    }
}

/// A decoded response: a status and, when granted, a token.
///
/// ```text
/// TimeStampResp ::= SEQUENCE  { status PKIStatusInfo, timeStampToken TimeStampToken OPTIONAL }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeStampResp {
    status: PkiStatus,
    token: Option<TimeStampToken>,
}

impl TimeStampResp {
    /// Decodes a response (`application/timestamp-reply`): at most
    /// [`super::MAX_RFC3161_SIZE`] bytes of DER that re-encode to
    /// themselves. A status other than granted or grantedWithMods is
    /// [`Rfc3161Error::NotGranted`]; a granted response without a token,
    /// or a refusal with one, is malformed.
    pub fn from_der(bytes: &[u8]) -> Result<TimeStampResp, Rfc3161Error> {
        const WHAT: &str = "TimeStampResp";
        check_size(WHAT, bytes)?;
        let asn = TimeStampRespAsn::from_der(bytes).map_err(|e| Rfc3161Error::malformed(WHAT, e))?;
        if asn.to_der().map_err(|e| Rfc3161Error::malformed(WHAT, e))? != bytes {
            return Err(Rfc3161Error::malformed(
                WHAT,
                "not in DER (does not re-encode to its own bytes)",
            ));
        }
        let status = PkiStatus::from(asn.status.status);
        let granted = matches!(status, PkiStatus::Granted | PkiStatus::GrantedWithMods);
        if !granted {
            let fail_info = asn.status.fail_info.as_ref().map(|b| {
                b.bits()
                    .enumerate()
                    .take(32)
                    .fold(0u32, |acc, (i, bit)| if bit { acc | (1 << i) } else { acc })
            });
            let text = asn
                .status
                .status_string
                .as_ref()
                .map(|v| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("; "));
            return Err(Rfc3161Error::NotGranted {
                status,
                fail_info,
                text,
            });
        }
        let Some(ci) = asn.time_stamp_token else {
            return Err(Rfc3161Error::malformed(WHAT, "status granted but no timeStampToken"));
        };
        let token_der = ci.to_der().map_err(|e| Rfc3161Error::malformed(WHAT, e))?;
        let token = TimeStampToken::decode_parsed(ci, token_der)?;
        let resp = TimeStampResp {
            status,
            token: Some(token),
        };
        Ok(resp)
    }

    /// The status (granted or grantedWithMods: others are refused by
    /// [`TimeStampResp::from_der`]).
    pub fn status(&self) -> PkiStatus {
        self.status
    }

    /// The token.
    pub fn token(&self) -> Option<&TimeStampToken> {
        self.token.as_ref()
    }

    /// The token, giving up the response.
    pub fn into_token(self) -> Option<TimeStampToken> {
        self.token
    }
}

/// A time-stamp token (a CMS ContentInfo holding SignedData over a
/// TSTInfo), decoded strictly, with its exact DER bytes, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeStampToken {
    der: Vec<u8>,
    pub(crate) signed_data: SignedData,
    /// The eContent: the TSTInfo's DER bytes, as signed.
    pub(crate) tst_der: Vec<u8>,
    pub(crate) tst_info: TstInfo,
}

impl TimeStampToken {
    /// Decodes a token (as archived: the DER of its ContentInfo).
    pub fn from_der(bytes: &[u8]) -> Result<TimeStampToken, Rfc3161Error> {
        check_size("TimeStampToken", bytes)?;
        let ci = ContentInfo::from_der(bytes).map_err(|e| Rfc3161Error::malformed("TimeStampToken", e))?;
        TimeStampToken::decode_parsed(ci, bytes.to_vec())
    }

    fn decode_parsed(ci: ContentInfo, der: Vec<u8>) -> Result<TimeStampToken, Rfc3161Error> {
        const WHAT: &str = "TimeStampToken";
        // Everything signed or hashed is the exact bytes received: a token
        // that does not re-encode to its own bytes is not DER, refused.
        if ci.to_der().map_err(|e| Rfc3161Error::malformed(WHAT, e))? != der {
            return Err(Rfc3161Error::malformed(
                WHAT,
                "not in DER (does not re-encode to its own bytes)",
            ));
        }
        if ci.content_type != oid::SIGNED_DATA {
            return Err(Rfc3161Error::malformed(WHAT, "content type is not id-signedData"));
        }
        let signed_data: SignedData = ci.content.decode_as().map_err(|e| Rfc3161Error::malformed(WHAT, e))?;
        let eci = &signed_data.encap_content_info;
        if eci.econtent_type != oid::TST_INFO {
            return Err(Rfc3161Error::malformed(WHAT, "eContentType is not id-ct-TSTInfo"));
        }
        let Some(econtent) = &eci.econtent else {
            return Err(Rfc3161Error::malformed(WHAT, "no eContent (detached TSTInfo)"));
        };
        if econtent.tag() != Tag::OctetString {
            return Err(Rfc3161Error::malformed(WHAT, "eContent is not an OCTET STRING"));
        }
        let tst_der = econtent.value().to_vec();
        if signed_data.signer_infos.0.len() != 1 {
            return Err(Rfc3161Error::malformed(
                WHAT,
                "not exactly one SignerInfo (RFC 3161 2.4.2)",
            ));
        }
        let tst_info = TstInfo::from_der(&tst_der)?;
        Ok(TimeStampToken {
            der,
            signed_data,
            tst_der,
            tst_info,
        })
    }

    /// The token's exact DER bytes (to archive, or to carry in a COSE
    /// header `3161-ctt`).
    pub fn as_der(&self) -> &[u8] {
        &self.der
    }

    /// The TSTInfo, unverified.
    pub fn tst_info(&self) -> &TstInfo {
        &self.tst_info
    }
}

/// The accuracy of a token's time (RFC 3161 `Accuracy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Accuracy {
    /// Seconds.
    pub seconds: u64,
    /// Milliseconds, 0 to 999.
    pub millis: u16,
    /// Microseconds, 0 to 999.
    pub micros: u16,
}

/// The content of a token (RFC 3161 `TSTInfo`), decoded strictly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TstInfo {
    /// The TSA's policy, dotted.
    pub policy: String,
    pub(crate) policy_oid: const_oid::ObjectIdentifier,
    /// The imprint, if it is SHA-256 (any other hash is kept as `None`
    /// and never matches).
    pub imprint: Option<MessageImprint>,
    /// The serial number's two's-complement big-endian bytes.
    pub serial: Vec<u8>,
    /// The time, whole seconds (any fraction is in `gen_time_text`).
    pub gen_time: UnixTime,
    /// The genTime as written (`YYYYMMDDhhmmss[.f]Z`).
    pub gen_time_text: String,
    /// The accuracy, if given.
    pub accuracy: Option<Accuracy>,
    /// `ordering` (DEFAULT FALSE).
    pub ordering: bool,
    /// The nonce INTEGER's DER, if any.
    pub(crate) nonce_der: Option<Vec<u8>>,
    /// The nonce's two's-complement big-endian bytes, if any.
    pub nonce: Option<Vec<u8>>,
    /// The `tsa` name, rendered (a directory name in RFC 4514 form), if any.
    pub tsa: Option<String>,
    pub(crate) tsa_name: Option<GeneralName>,
}

impl TstInfo {
    /// Decodes a TSTInfo (the eContent of a token).
    pub fn from_der(bytes: &[u8]) -> Result<TstInfo, Rfc3161Error> {
        const WHAT: &str = "TSTInfo";
        check_size(WHAT, bytes)?;
        let asn = TstInfoAsn::from_der(bytes).map_err(|e| Rfc3161Error::malformed(WHAT, e))?;
        if asn.version != 1 {
            return Err(Rfc3161Error::malformed(
                WHAT,
                format!("version {} (only v1)", asn.version),
            ));
        }
        if asn.ordering == Some(false) {
            return Err(Rfc3161Error::malformed(WHAT, "ordering FALSE encoded (DEFAULT)"));
        }
        if let Some(exts) = &asn.extensions
            && exts.iter().any(|e| e.critical)
        {
            return Err(Rfc3161Error::malformed(WHAT, "an unknown critical extension"));
        }
        if asn.gen_time.tag() != Tag::GeneralizedTime {
            return Err(Rfc3161Error::malformed(WHAT, "genTime is not a GeneralizedTime"));
        }
        let (gen_time, gen_time_text) = parse_gen_time(asn.gen_time.value())?;
        let accuracy = match asn.accuracy {
            None => None,
            Some(a) => {
                let millis = a.millis.unwrap_or(0);
                let micros = a.micros.unwrap_or(0);
                // RFC 3161: millis and micros are INTEGER (1..999) when present.
                if a.millis == Some(0) || a.micros == Some(0) || millis > 999 || micros > 999 {
                    return Err(Rfc3161Error::malformed(WHAT, "accuracy millis/micros not in 1..999"));
                }
                Some(Accuracy {
                    seconds: a.seconds.unwrap_or(0),
                    millis,
                    micros,
                })
            }
        };
        let nonce_der = match &asn.nonce {
            None => None,
            Some(n) => Some(n.to_der().map_err(|e| Rfc3161Error::malformed(WHAT, e))?),
        };
        Ok(TstInfo {
            policy: asn.policy.to_string(),
            policy_oid: asn.policy,
            imprint: MessageImprint::from_asn(&asn.message_imprint),
            serial: asn.serial_number.as_bytes().to_vec(),
            gen_time,
            gen_time_text,
            accuracy,
            ordering: asn.ordering == Some(true),
            nonce_der,
            nonce: asn.nonce.as_ref().map(|n| n.as_bytes().to_vec()),
            tsa: asn.tsa.as_ref().map(render_general_name),
            tsa_name: asn.tsa,
        })
    }

    /// The serial number in lowercase hex.
    pub fn serial_hex(&self) -> String {
        self.serial.iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn render_general_name(name: &GeneralName) -> String {
    match name {
        GeneralName::DirectoryName(n) => n.to_string(),
        GeneralName::DnsName(s) => format!("DNS:{}", s.as_str()),
        GeneralName::UniformResourceIdentifier(s) => format!("URI:{}", s.as_str()),
        GeneralName::Rfc822Name(s) => format!("email:{}", s.as_str()),
        other => format!("{other:?}"),
    }
}

/// Reads a genTime's content: `YYYYMMDDhhmmss[.f*]Z` (RFC 3161 2.4.2: UTC,
/// seconds always present, a fraction only if not zero and without
/// trailing zeros). Returns whole seconds (the fraction truncated) and the
/// text. This reads the characters of a primitive GeneralizedTime that
/// `der` has already framed, not DER.
pub(crate) fn parse_gen_time(v: &[u8]) -> Result<(UnixTime, String), Rfc3161Error> {
    let bad = |why: &str| Rfc3161Error::malformed("TSTInfo", format!("genTime: {why}"));
    if v.len() < 15 || v.len() > 15 + 1 + 9 || v.last() != Some(&b'Z') {
        return Err(bad("not YYYYMMDDhhmmss[.f]Z"));
    }
    let digits = &v[..14];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(bad("not digits"));
    }
    let frac = &v[14..v.len() - 1];
    if !frac.is_empty() {
        let ok = frac.len() >= 2
            && frac[0] == b'.'
            && frac[1..].iter().all(u8::is_ascii_digit)
            && frac.last() != Some(&b'0');
        if !ok {
            return Err(bad("bad fraction (a dot, digits, no trailing zero)"));
        }
    }
    let num = |r: std::ops::Range<usize>| digits[r].iter().fold(0u32, |a, d| a * 10 + u32::from(d - b'0'));
    let year = i32::try_from(num(0..4)).map_err(|_| bad("year"))?;
    let month = time::Month::try_from(u8::try_from(num(4..6)).map_err(|_| bad("month"))?).map_err(|_| bad("month"))?;
    let day = u8::try_from(num(6..8)).map_err(|_| bad("day"))?;
    let (h, mi, s) = (num(8..10), num(10..12), num(12..14));
    let date = time::Date::from_calendar_date(year, month, day).map_err(|_| bad("no such date"))?;
    let tod = time::Time::from_hms(
        u8::try_from(h).map_err(|_| bad("hour"))?,
        u8::try_from(mi).map_err(|_| bad("minute"))?,
        u8::try_from(s).map_err(|_| bad("second"))?,
    )
    .map_err(|_| bad("no such time of day"))?;
    let secs = time::PrimitiveDateTime::new(date, tod).assume_utc().unix_timestamp();
    let t = u64::try_from(secs)
        .ok()
        .and_then(UnixTime::from_secs)
        .ok_or_else(|| bad("before 1970"))?;
    // All bytes checked to be ASCII above.
    Ok((t, String::from_utf8_lossy(v).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_time_forms() {
        let (t, _) = parse_gen_time(b"20260301090000Z").unwrap();
        assert_eq!(t, UnixTime::parse_rfc3339("2026-03-01T09:00:00Z").unwrap());
        let (t2, s) = parse_gen_time(b"20260301090000.25Z").unwrap();
        assert_eq!((t2, s.as_str()), (t, "20260301090000.25Z"));
        for bad in [
            &b"20260301090000"[..],
            b"20260301090000.Z",
            b"20260301090000.50Z",
            b"2026030109000Z",
            b"20261301090000Z",
            b"20260230090000Z",
            b"20260301250000Z",
            b"2026030109000aZ",
            b"20260301090000+0100",
            b"19690101000000Z",
        ] {
            assert!(parse_gen_time(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn hostile_bytes_never_panic() {
        for len in 0..64 {
            let v: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let _ = TimeStampResp::from_der(&v);
            let _ = TimeStampToken::from_der(&v);
            let _ = TstInfo::from_der(&v);
            let _ = super::super::TimeStampReq::from_der(&v);
        }
        let big = vec![0x30; super::super::MAX_RFC3161_SIZE + 1];
        assert!(matches!(
            TimeStampResp::from_der(&big),
            Err(Rfc3161Error::TooLarge { .. })
        ));
    }
}
