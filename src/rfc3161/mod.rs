//! Standard RFC 3161 time-stamps, sans-IO and verified offline.
//!
//! A [`TimeStampReq`](crate::rfc3161::TimeStampReq) (RFC 3161 section 2.4.1) is written as DER bytes for
//! any time-stamping authority (TSA); the authority's answer, a
//! [`TimeStampResp`](crate::rfc3161::TimeStampResp) (section 2.4.2), is read back from bytes; the
//! [`TimeStampToken`](crate::rfc3161::TimeStampToken) it carries (a CMS SignedData over a TSTInfo) is
//! verified with only the trust anchors the verifier names
//! ([`TrustAnchors`](crate::rfc3161::TrustAnchors)), at the token's own time. The crate moves no bytes
//! itself: `curl --data-binary @req.tsq -H 'Content-Type:
//! application/timestamp-query' URL` is the whole transport.
//!
//! **What is imprinted.** For an econtract statement the message imprint is
//! the one RFC 9921 section 3.1 gives to the header parameter `3161-ctt`
//! (label 270, "COSE then timestamp"): SHA-256 over the CBOR encoding of
//! the COSE_Sign1 `signature` field, i.e. over `0x58 0x40` followed by the
//! 64 signature bytes ([`MessageImprint::for_statement`](crate::rfc3161::MessageImprint::for_statement)). The token is
//! obtained after signing, stamps the signature, and is kept outside the
//! signed bytes, which is exactly that mode; it stays valid wherever it is
//! carried (beside the statement in a transcript, or in the statement's
//! unprotected header under label 270), which an imprint over the whole
//! statement (its id) would not: carrying the token in the header would
//! change the statement's bytes and so its id. [`MessageImprint::sha256`](crate::rfc3161::MessageImprint::sha256)
//! takes any other SHA-256 digest.
//!
//! **What verification checks** ([`TimeStampToken::verify`](crate::rfc3161::TimeStampToken::verify)), in order:
//!
//! 1. the token is DER and re-encodes to exactly its bytes, a CMS
//!    ContentInfo of type id-signedData whose eContentType is
//!    id-ct-TSTInfo, with one SignerInfo ([`Rfc3161Error::Malformed`](crate::rfc3161::Rfc3161Error::Malformed));
//! 2. the signer certificate is found (in the token, or among the
//!    verifier's extra certificates) by the SignerInfo's identifier;
//! 3. the signed attributes are present; content-type is id-ct-TSTInfo;
//!    message-digest is the digest of the TSTInfo bytes; the signature
//!    verifies over the DER of the signed attributes (RFC 5652 5.4) with
//!    the signer certificate's key ([`Rfc3161Error::BadSignature`](crate::rfc3161::Rfc3161Error::BadSignature));
//! 4. an ESS signing-certificate or signing-certificate-v2 attribute is
//!    present and its first certificate hash is the signer certificate's
//!    (RFC 3161 2.4.2, RFC 5816) ([`Rfc3161Error::SignerCertificate`](crate::rfc3161::Rfc3161Error::SignerCertificate));
//! 5. the TSTInfo's imprint is SHA-256 over the expected 32 bytes
//!    ([`Rfc3161Error::ImprintMismatch`](crate::rfc3161::Rfc3161Error::ImprintMismatch)), its nonce the one sent
//!    ([`Rfc3161Error::NonceMismatch`](crate::rfc3161::Rfc3161Error::NonceMismatch)), its policy the one asked for;
//!    and its `tsa` name, if any, is the signer certificate's subject or
//!    one of its subject alternative names ([`Rfc3161Error::TsaNameMismatch`](crate::rfc3161::Rfc3161Error::TsaNameMismatch));
//! 6. the signer certificate has a critical extended key usage holding
//!    only id-kp-timeStamping and, if it has a key usage, only
//!    digitalSignature and/or nonRepudiation (RFC 3161 2.3)
//!    ([`Rfc3161Error::TimeStampingUsage`](crate::rfc3161::Rfc3161Error::TimeStampingUsage), [`Rfc3161Error::KeyUsage`](crate::rfc3161::Rfc3161Error::KeyUsage));
//! 7. the signer certificate chains to one of the trust anchors, every
//!    certificate of the path valid at the token's genTime, not now
//!    (rustls-webpki; [`Rfc3161Error::NotValidAtTime`](crate::rfc3161::Rfc3161Error::NotValidAtTime),
//!    [`Rfc3161Error::UntrustedChain`](crate::rfc3161::Rfc3161Error::UntrustedChain)).
//!
//! Signers may use ECDSA P-256 with SHA-256, Ed25519 (RFC 8419), or RSA
//! PKCS#1 v1.5 with SHA-256, SHA-384 or SHA-512; anything else is
//! [`Rfc3161Error::UnsupportedAlgorithm`](crate::rfc3161::Rfc3161Error::UnsupportedAlgorithm). Revocation (CRLs, OCSP) is not
//! checked here.

mod algs;
mod asn1;
mod request;
mod response;
mod trust;
mod verify;

use thiserror::Error;

pub use request::{MessageImprint, Nonce, TimeStampReq};
pub use response::{Accuracy, PkiStatus, TimeStampResp, TimeStampToken, TstInfo};
pub use trust::TrustAnchors;
pub use verify::VerifiedTimestamp;

pub(crate) use algs::WEBPKI_ALGS;

/// Whether `signature` over `message` verifies with the key of `spki` under
/// the X.509 signature algorithm `alg` (those of [`WEBPKI_ALGS`]): for CRLs.
pub(crate) fn verify_signed(
    spki: &spki::SubjectPublicKeyInfoOwned,
    alg: &spki::AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> bool {
    algs::verify_cms(spki, alg, algs::Hash::Sha256, message, signature).is_ok()
}

/// Largest response, token or certificate accepted, in bytes.
pub const MAX_RFC3161_SIZE: usize = 64 * 1024;
/// Longest nonce, in bytes (RFC 3161 asks for a large random number; 8
/// bytes is what OpenSSL sends, 32 is plenty).
pub const MAX_NONCE_LEN: usize = 32;
/// The RFC 9921 COSE header parameter whose imprint this module computes
/// (`3161-ctt`, "COSE then timestamp", an unprotected header).
pub const COSE_HEADER_3161_CTT: i64 = 270;

/// Object identifiers used here (written out, not looked up).
pub mod oid {
    use const_oid::ObjectIdentifier;

    /// id-sha256 (NIST).
    pub const SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
    /// id-sha384.
    pub const SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
    /// id-sha512.
    pub const SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");
    /// id-sha1, only for ESS certificate hashes.
    pub const SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
    /// id-signedData (RFC 5652).
    pub const SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
    /// id-ct-TSTInfo (RFC 3161).
    pub const TST_INFO: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");
    /// id-contentType attribute (RFC 5652 11.1).
    pub const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
    /// id-messageDigest attribute (RFC 5652 11.2).
    pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
    /// id-aa-signingCertificate (RFC 2634 5.4).
    pub const SIGNING_CERTIFICATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.12");
    /// id-aa-signingCertificateV2 (RFC 5035 3).
    pub const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
    /// id-kp-timeStamping (RFC 5280 4.2.1.12).
    pub const KP_TIME_STAMPING: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.8");
    /// id-ce-extKeyUsage.
    pub const EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
    /// id-ce-keyUsage.
    pub const KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");
    /// id-ecPublicKey.
    pub const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
    /// secp256r1 (P-256).
    pub const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
    /// ecdsa-with-SHA256.
    pub const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
    /// id-Ed25519 (RFC 8410).
    pub const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
    /// rsaEncryption.
    pub const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
    /// sha256WithRSAEncryption.
    pub const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
    /// sha384WithRSAEncryption.
    pub const SHA384_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12");
    /// sha512WithRSAEncryption.
    pub const SHA512_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
}

/// Why an RFC 3161 request, response or token was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rfc3161Error {
    /// The input is larger than [`MAX_RFC3161_SIZE`].
    #[error("{what} is {len} bytes, more than the {max} allowed")]
    TooLarge {
        /// What was refused.
        what: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not DER, or not the structure RFC 3161 / RFC 5652 define.
    #[error("malformed {what}: {detail}")]
    Malformed {
        /// What was being read.
        what: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// The authority did not grant the request (RFC 3161 2.4.2).
    #[error("time-stamp not granted: status {status:?}{}{}", fail_info.map(|f| format!(", failInfo bits {f:#x}")).unwrap_or_default(), text.as_deref().map(|t| format!(", {t:?}")).unwrap_or_default())]
    NotGranted {
        /// The PKIStatus.
        status: PkiStatus,
        /// The PKIFailureInfo bits (bit 0 = badAlg ... bit 25 = systemFailure), if any.
        fail_info: Option<u32>,
        /// The statusString, joined.
        text: Option<String>,
    },
    /// A signature, digest or hash algorithm this module does not verify.
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// The CMS signature does not verify: the message-digest attribute is
    /// not the TSTInfo's digest, the content-type attribute is wrong or
    /// missing, or the signature over the signed attributes is bad.
    #[error("bad CMS signature: {0}")]
    BadSignature(&'static str),
    /// The signer certificate is absent, or the ESS signing-certificate
    /// attribute is absent or does not name it.
    #[error("signer certificate: {0}")]
    SignerCertificate(&'static str),
    /// The TSTInfo stamps another hash than the one expected.
    #[error("the token's message imprint is not the expected SHA-256 digest")]
    ImprintMismatch,
    /// The TSTInfo's `tsa` name is not a subject name of the signer
    /// certificate (RFC 3161 2.4.2: it "MUST correspond to one of the
    /// subject names included in the certificate").
    #[error("the token's tsa name is not a name of the signer certificate")]
    TsaNameMismatch,
    /// The TSTInfo's nonce is missing or not the one sent.
    #[error("the token's nonce is missing or not the nonce of the request")]
    NonceMismatch,
    /// The TSTInfo's policy is not the one the request asked for.
    #[error("the token's policy {got} is not the requested {wanted}")]
    PolicyMismatch {
        /// The policy requested.
        wanted: String,
        /// The policy in the token.
        got: String,
    },
    /// The signer certificate lacks the critical extended key usage
    /// id-kp-timeStamping (as the only purpose), RFC 3161 2.3.
    #[error("the TSA certificate is not for time-stamping: {0}")]
    TimeStampingUsage(&'static str),
    /// The signer certificate's key usage allows more, or other, than
    /// digitalSignature and nonRepudiation.
    #[error("the TSA certificate's key usage is not digitalSignature/nonRepudiation")]
    KeyUsage,
    /// A certificate of the path was not valid (expired or not yet valid)
    /// at the token's genTime.
    #[error("a certificate of the TSA's path is not valid at the token's time {gen_time}")]
    NotValidAtTime {
        /// The token's genTime, RFC 3339.
        gen_time: String,
    },
    /// No path from the signer certificate to a trust anchor the verifier
    /// names.
    #[error("the TSA certificate does not chain to a trusted anchor: {0}")]
    UntrustedChain(String),
    /// The caller's input to a request is not acceptable (nonce length).
    #[error("invalid request: {0}")]
    InvalidRequest(&'static str),
}

impl Rfc3161Error {
    pub(crate) fn malformed(what: &'static str, detail: impl std::fmt::Display) -> Rfc3161Error {
        Rfc3161Error::Malformed {
            what,
            detail: detail.to_string(),
        }
    }
}

pub(crate) fn check_size(what: &'static str, bytes: &[u8]) -> Result<(), Rfc3161Error> {
    if bytes.len() > MAX_RFC3161_SIZE {
        return Err(Rfc3161Error::TooLarge {
            what,
            len: bytes.len(),
            max: MAX_RFC3161_SIZE,
        });
    }
    Ok(())
}
