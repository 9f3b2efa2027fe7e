//! The request: `TimeStampReq` (RFC 3161 section 2.4.1), as DER.

use der::asn1::{Null, OctetString, Uint};
use der::{Any, Decode, Encode};
use rand_core::CryptoRng;
use sha2::{Digest as _, Sha256};
use spki::AlgorithmIdentifierOwned;

use super::asn1::{MessageImprintAsn, TimeStampReqAsn};
use super::{MAX_NONCE_LEN, Rfc3161Error, check_size, oid};
use crate::statement::Statement;

/// A message imprint: SHA-256 and the 32 bytes it produced.
///
/// ```text
/// MessageImprint ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier, hashedMessage OCTET STRING }
/// ```
///
/// Only SHA-256 is requested and accepted: it is the hash econtract uses
/// everywhere (SPEC.md section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MessageImprint {
    digest: [u8; 32],
}

impl MessageImprint {
    /// An imprint of any SHA-256 digest the caller computed.
    pub const fn sha256(digest: [u8; 32]) -> MessageImprint {
        MessageImprint { digest }
    }

    /// The imprint RFC 9921 section 3.1 gives the `3161-ctt` header
    /// parameter for a COSE_Sign1: SHA-256 over the CBOR encoding of its
    /// `signature` field, here `0x58 0x40` followed by the 64 Ed25519
    /// signature bytes.
    pub fn for_signature(signature: &[u8; 64]) -> MessageImprint {
        let mut h = Sha256::new();
        h.update([0x58, 0x40]);
        h.update(signature);
        MessageImprint {
            digest: h.finalize().into(),
        }
    }

    /// The `3161-ctt` imprint of an econtract statement (see
    /// [`MessageImprint::for_signature`]): a decoded statement is a
    /// COSE_Sign1 whose last element is its 64-byte signature, so its last
    /// 66 bytes are exactly the encoded `signature` field (SPEC.md
    /// section 6).
    pub fn for_statement(statement: &Statement) -> MessageImprint {
        let bytes = statement.as_bytes();
        let field = &bytes[bytes.len().saturating_sub(66)..];
        MessageImprint {
            digest: Sha256::digest(field).into(),
        }
    }

    /// The 32 hashed bytes.
    pub const fn digest(&self) -> &[u8; 32] {
        &self.digest
    }

    /// The ASN.1 value, with the SHA-256 AlgorithmIdentifier's parameters
    /// NULL, as OpenSSL and the examples of RFC 9921 write it (RFC 5754 2
    /// says receivers accept absent or NULL; both are accepted here).
    pub(crate) fn to_asn(self) -> der::Result<MessageImprintAsn> {
        Ok(MessageImprintAsn {
            hash_algorithm: AlgorithmIdentifierOwned {
                oid: oid::SHA256,
                parameters: Some(Any::from(Null)),
            },
            hashed_message: OctetString::new(self.digest.to_vec())?,
        })
    }

    /// Reads an imprint: SHA-256 (parameters absent or NULL) and 32 bytes.
    /// `None` for any other hash or length.
    pub(crate) fn from_asn(asn: &MessageImprintAsn) -> Option<MessageImprint> {
        if asn.hash_algorithm.oid != oid::SHA256 {
            return None;
        }
        match &asn.hash_algorithm.parameters {
            None => {}
            Some(p) if p.is_null() => {}
            Some(_) => return None,
        }
        let digest: [u8; 32] = asn.hashed_message.as_bytes().try_into().ok()?;
        Some(MessageImprint { digest })
    }
}

/// A request nonce: an unsigned big-endian integer of 1 to
/// [`MAX_NONCE_LEN`] bytes, not zero, held in its minimal form (no leading
/// zero bytes), as the INTEGER it is sent as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Nonce(Vec<u8>);

impl Nonce {
    /// A nonce from the caller's bytes (big-endian; leading zeros are not
    /// part of the value).
    pub fn from_bytes(bytes: &[u8]) -> Result<Nonce, Rfc3161Error> {
        let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let v = &bytes[first..];
        if v.is_empty() {
            return Err(Rfc3161Error::InvalidRequest("a nonce must not be zero"));
        }
        if v.len() > MAX_NONCE_LEN {
            return Err(Rfc3161Error::InvalidRequest("a nonce has at most 32 bytes"));
        }
        Ok(Nonce(v.to_vec()))
    }

    /// A random 16-byte nonce.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Nonce {
        let mut b = [0u8; 16];
        loop {
            rng.fill_bytes(&mut b);
            if let Ok(n) = Nonce::from_bytes(&b) {
                return n;
            }
        }
    }

    /// The value's big-endian bytes, minimal (no leading zero).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub(crate) fn to_uint(&self) -> der::Result<Uint> {
        Uint::new(&self.0)
    }

    /// The INTEGER's DER (tag, length, content), to compare with a token's
    /// (empty only if encoding failed, which 1 to 32 bytes cannot).
    pub(crate) fn to_integer_der(&self) -> Vec<u8> {
        self.to_uint().and_then(|u| u.to_der()).unwrap_or_default()
    }
}

/// A time-stamp request (RFC 3161 section 2.4.1).
///
/// ```text
/// TimeStampReq ::= SEQUENCE  {
///    version                      INTEGER  { v1(1) },
///    messageImprint               MessageImprint,
///    reqPolicy             TSAPolicyId              OPTIONAL,
///    nonce                 INTEGER                  OPTIONAL,
///    certReq               BOOLEAN                  DEFAULT FALSE,
///    extensions            [0] IMPLICIT Extensions  OPTIONAL  }
/// ```
///
/// The crate's requests always carry a nonce and set `certReq` (so the
/// token carries the TSA's certificate, and an archived token verifies
/// with only the trust anchors) and never carry extensions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeStampReq {
    imprint: MessageImprint,
    policy: Option<const_oid::ObjectIdentifier>,
    nonce: Option<Nonce>,
    cert_req: bool,
}

impl TimeStampReq {
    /// A request for `imprint` with `nonce`, `certReq` TRUE, no policy.
    pub fn new(imprint: MessageImprint, nonce: Nonce) -> TimeStampReq {
        TimeStampReq {
            imprint,
            policy: None,
            nonce: Some(nonce),
            cert_req: true,
        }
    }

    /// A request for `imprint` with a random 16-byte nonce.
    pub fn with_random_nonce<R: CryptoRng + ?Sized>(imprint: MessageImprint, rng: &mut R) -> TimeStampReq {
        TimeStampReq::new(imprint, Nonce::random(rng))
    }

    /// Asks for the TSA policy `policy` (dotted OID text, e.g.
    /// `1.2.3.4.1`); the token must then carry it.
    pub fn policy(mut self, policy: &str) -> Result<TimeStampReq, Rfc3161Error> {
        let oid = const_oid::ObjectIdentifier::new(policy)
            .map_err(|_| Rfc3161Error::InvalidRequest("the policy is not a dotted object identifier"))?;
        self.policy = Some(oid);
        Ok(self)
    }

    /// The imprint asked for.
    pub fn imprint(&self) -> &MessageImprint {
        &self.imprint
    }

    /// The nonce sent, if any (always, for requests this crate makes).
    pub fn nonce(&self) -> Option<&Nonce> {
        self.nonce.as_ref()
    }

    /// Whether the TSA's certificate is asked for.
    pub fn cert_req(&self) -> bool {
        self.cert_req
    }

    /// The requested policy, dotted, if any.
    pub fn requested_policy(&self) -> Option<String> {
        self.policy.map(|p| p.to_string())
    }

    pub(crate) fn policy_oid(&self) -> Option<const_oid::ObjectIdentifier> {
        self.policy
    }

    /// The DER bytes to send (`application/timestamp-query`, RFC 3161 3.4).
    pub fn to_der(&self) -> Vec<u8> {
        let encode = || -> der::Result<Vec<u8>> {
            TimeStampReqAsn {
                version: 1,
                message_imprint: self.imprint.to_asn()?,
                req_policy: self.policy,
                nonce: self.nonce.as_ref().map(Nonce::to_uint).transpose()?,
                cert_req: self.cert_req.then_some(true),
                extensions: None,
            }
            .to_der()
        };
        // Encoding fails only beyond der's length limits (256 MiB), which
        // a request of at most a few hundred bytes cannot reach.
        encode().unwrap_or_default()
    }

    /// Reads a request (DER), for example one written by `openssl ts
    /// -query`. Refused: other versions, another hash than SHA-256, an
    /// encoded `certReq` FALSE (DER never encodes a DEFAULT), a zero,
    /// negative or over-long nonce, and any extension (none is defined).
    pub fn from_der(bytes: &[u8]) -> Result<TimeStampReq, Rfc3161Error> {
        const WHAT: &str = "TimeStampReq";
        check_size(WHAT, bytes)?;
        let asn = TimeStampReqAsn::from_der(bytes).map_err(|e| Rfc3161Error::malformed(WHAT, e))?;
        if asn.version != 1 {
            return Err(Rfc3161Error::malformed(
                WHAT,
                format!("version {} (only v1)", asn.version),
            ));
        }
        let imprint = MessageImprint::from_asn(&asn.message_imprint).ok_or_else(|| {
            Rfc3161Error::UnsupportedAlgorithm("message imprint other than SHA-256 (32 bytes)".into())
        })?;
        if asn.cert_req == Some(false) {
            return Err(Rfc3161Error::malformed(WHAT, "certReq FALSE encoded (DEFAULT)"));
        }
        if asn.extensions.is_some() {
            return Err(Rfc3161Error::malformed(WHAT, "extensions are not supported"));
        }
        let nonce = match &asn.nonce {
            None => None,
            Some(n) => Some(Nonce::from_bytes(n.as_bytes()).map_err(|e| Rfc3161Error::malformed(WHAT, e))?),
        };
        Ok(TimeStampReq {
            imprint,
            policy: asn.req_policy,
            nonce,
            cert_req: asn.cert_req == Some(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 9921 section 3.1.1: the `3161-ctt` MessageImprint of its sample
    /// COSE_Sign1 is SHA-256 over the bstr-wrapped signature (0x5840...).
    #[test]
    fn rfc9921_ctt_imprint_vector() {
        let sig: [u8; 64] = unhex(
            "8eb33e4ca31d1c465ab05aac34cc6b23d58fef5c083106c4d25a91aef0b0117e\
             2af9a291aa32e14ab834dc56ed2a223444547e01f11d3b0916e5a4c345cacb36",
        )
        .try_into()
        .unwrap();
        let want = unhex(
            "44C2419D131D53D55584B5DD33B788C24E551C6D44B1AFC8B2B85E6954763B4E"
                .to_lowercase()
                .as_str(),
        );
        assert_eq!(MessageImprint::for_signature(&sig).digest().as_slice(), want.as_slice());
    }

    /// RFC 9921 appendix A.1 shows a TimeStampReq: version 1, the imprint
    /// (SHA-256 with NULL parameters), certReq TRUE. Ours has the same
    /// shape, with the nonce between imprint and certReq (RFC 3161 2.4.1).
    #[test]
    fn request_der_shape() {
        let digest = unhex(
            "09E638D4AA95FD7271866203595303BCE232F462A94D38E393773CD3AAE3F6B0"
                .to_lowercase()
                .as_str(),
        );
        let imprint = MessageImprint::sha256(digest.clone().try_into().unwrap());
        let req = TimeStampReq::new(imprint, Nonce::from_bytes(&[0x00, 0x80, 0x01]).unwrap());
        let mut want = unhex("30 3e 02 01 01 30 31 30 0d 06 09 60 86 48 01 65 03 04 02 01 05 00 04 20");
        want.extend_from_slice(&digest);
        // The nonce 0x8001 is positive: a 0x00 is prepended in DER.
        want.extend_from_slice(&unhex("02 03 00 80 01 01 01 ff"));
        assert_eq!(req.to_der(), want);
        assert_eq!(TimeStampReq::from_der(&want).unwrap(), req);
        // certReq FALSE encoded (a DEFAULT) is not DER.
        let mut f = want.clone();
        let n = f.len();
        f[n - 1] = 0x00;
        assert!(TimeStampReq::from_der(&f).is_err());
    }

    #[test]
    fn nonces() {
        assert!(Nonce::from_bytes(&[0, 0]).is_err());
        assert!(Nonce::from_bytes(&[1; 33]).is_err());
        assert_eq!(Nonce::from_bytes(&[0, 0, 5]).unwrap().as_bytes(), &[5]);
    }
}
