//! Revocation from CRLs (RFC 5280 section 5) as of a given time.
//!
//! A CRL counts for a certificate when its issuer name is the
//! certificate's issuer, its signature verifies with the issuer
//! certificate's key (which, if it has a key usage, allows cRLSign), it is
//! DER, and it has no critical extension (of its own or of an entry for
//! the certificate) this module does not know. The certificate is revoked
//! at time `t` if such a CRL lists its serial number with a revocation date
//! (or an earlier invalidity date) at or before `t`, other than as
//! removeFromCRL or for another issuer (certificateIssuer); a hold counts
//! only on a CRL issued at or after `t`. A later date means it was not yet
//! revoked at `t` (a signature proven made before the revocation stays
//! good). Its status at `t` is known when, besides, a complete CRL (not a
//! delta CRL, not limited by an issuing distribution point) was issued at
//! or after `t` and no later than the certificate's expiry: otherwise a
//! revocation could be missing.

use std::time::Duration;

use const_oid::ObjectIdentifier;
use der::{Decode, Encode};
use serde::Serialize;
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::crl::CrlReason;
use x509_cert::ext::pkix::{KeyUsage, KeyUsages};

use super::{MAX_X509_SIZE, X509Error};
use crate::ids::UnixTime;
use crate::rfc3161::oid;

/// A certificate's revocation status at a time, over its whole path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum RevocationStatus {
    /// Every certificate of the path (below the anchor) is covered by a
    /// complete CRL of its issuer issued at or after the time (and no later
    /// than the certificate's expiry), and none is revoked then.
    Good {
        /// The latest thisUpdate among the CRLs that covered the end-entity
        /// certificate.
        this_update: UnixTime,
        /// The earliest revocation of a certificate of the path after the
        /// time, if a CRL lists one.
        #[serde(skip_serializing_if = "Option::is_none")]
        revoked_later: Option<UnixTime>,
    },
    /// No certificate of the path is revoked as far as the CRLs given say,
    /// but some certificate has no complete CRL of its issuer issued at or
    /// after the time.
    Unknown {
        /// The subject of the first certificate without such a CRL.
        uncovered: String,
        /// As for `Good`.
        #[serde(skip_serializing_if = "Option::is_none")]
        revoked_later: Option<UnixTime>,
    },
    /// A certificate of the path was revoked (or on hold) at or before the
    /// time.
    Revoked {
        /// Its subject.
        certificate: String,
        /// Its revocation date (the invalidity date, if a CRL gives an
        /// earlier one).
        revoked_at: UnixTime,
    },
}

impl RevocationStatus {
    /// The earliest revocation after the time, if any.
    pub fn revoked_later(&self) -> Option<UnixTime> {
        match self {
            RevocationStatus::Good { revoked_later, .. } | RevocationStatus::Unknown { revoked_later, .. } => {
                *revoked_later
            }
            RevocationStatus::Revoked { .. } => None,
        }
    }
}

/// id-ce-cRLNumber, deltaCRLIndicator, issuingDistributionPoint,
/// authorityKeyIdentifier, freshestCRL: the CRL extensions understood.
const CRL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.20");
const DELTA_CRL_INDICATOR: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.27");
const ISSUING_DISTRIBUTION_POINT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.28");
const AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
const FRESHEST_CRL: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.46");
/// id-ce-cRLReasons, invalidityDate, certificateIssuer: the entry
/// extensions understood.
const REASON_CODE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.21");
const INVALIDITY_DATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.24");
const CERTIFICATE_ISSUER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.29");

/// Decodes a CRL strictly.
pub(super) fn parse(der: &[u8]) -> Result<CertificateList, X509Error> {
    if der.len() > MAX_X509_SIZE {
        return Err(X509Error::malformed(
            "CRL",
            format!("{} bytes, more than {MAX_X509_SIZE}", der.len()),
        ));
    }
    let list = CertificateList::from_der(der).map_err(|e| X509Error::malformed("CRL", e))?;
    if list.to_der().map_err(|e| X509Error::malformed("CRL", e))? != der {
        return Err(X509Error::malformed("CRL", "not in DER"));
    }
    Ok(list)
}

fn secs(d: Duration) -> UnixTime {
    UnixTime::from_secs(d.as_secs()).unwrap_or(UnixTime::MAX)
}

/// What one CRL says, once its signature has been checked.
struct Reading {
    this_update: UnixTime,
    /// Complete for its issuer: neither a delta CRL nor limited in scope
    /// by an issuing distribution point.
    complete: bool,
}

/// How a CRL may be used: not at all (an extension it requires the reader
/// to understand is unknown, RFC 5280 5.2), and whether it is complete.
fn usable(list: &CertificateList) -> Option<bool> {
    let mut complete = true;
    for ext in list.tbs_cert_list.crl_extensions.iter().flatten() {
        match ext.extn_id {
            o if o == DELTA_CRL_INDICATOR || o == ISSUING_DISTRIBUTION_POINT => complete = false,
            o if o == CRL_NUMBER || o == AUTHORITY_KEY_IDENTIFIER || o == FRESHEST_CRL => {}
            _ if ext.critical => return None,
            _ => {}
        }
    }
    Some(complete)
}

/// An entry's effect: `None` if it revokes nothing (removeFromCRL, or an
/// entry of another issuer in an indirect CRL), else its time (the
/// invalidity date if earlier than the revocation date) and whether it is
/// a hold; `Err` for an entry the CRL reader must not ignore (an unknown
/// critical extension: the CRL is not used).
fn entry_effect(entry: &x509_cert::crl::RevokedCert) -> Result<Option<(UnixTime, bool)>, ()> {
    let mut at = secs(entry.revocation_date.to_unix_duration());
    let mut hold = false;
    for ext in entry.crl_entry_extensions.iter().flatten() {
        match ext.extn_id {
            o if o == REASON_CODE => match CrlReason::from_der(ext.extn_value.as_bytes()) {
                Ok(CrlReason::RemoveFromCRL) => return Ok(None),
                Ok(CrlReason::CertificateHold) => hold = true,
                Ok(_) => {}
                Err(_) => return Err(()),
            },
            o if o == INVALIDITY_DATE => match der::asn1::GeneralizedTime::from_der(ext.extn_value.as_bytes()) {
                Ok(t) => at = at.min(secs(t.to_unix_duration())),
                Err(_) => return Err(()),
            },
            // An entry for a certificate of another issuer.
            o if o == CERTIFICATE_ISSUER => return Ok(None),
            _ if ext.critical => return Err(()),
            _ => {}
        }
    }
    Ok(Some((at, hold)))
}

/// The status at `at` of `chain` (leaf first, each certificate followed by
/// its issuer, the anchor's certificate last) under `lists`.
pub(super) fn status(chain: &[Certificate], ev: &super::Evidence, at: UnixTime) -> RevocationStatus {
    let mut uncovered = None;
    let mut leaf_update = None;
    let mut revoked_later: Option<UnixTime> = None;
    for (n, pair) in chain.windows(2).enumerate() {
        let (cert, issuer) = (&pair[0], &pair[1]);
        let serial = cert.tbs_certificate().serial_number();
        let expires = secs(cert.tbs_certificate().validity().not_after.to_unix_duration());
        let mut covered = None::<UnixTime>;
        for (_, list) in ev
            .crls
            .iter()
            .enumerate()
            .filter(|(i, _)| ev.crl_signed_by(*i, cert, issuer))
        {
            let Some(complete) = usable(list) else { continue };
            let reading = Reading {
                this_update: secs(list.tbs_cert_list.this_update.to_unix_duration()),
                complete,
            };
            let mut effects = Vec::new();
            let mut refused = false;
            for entry in list.tbs_cert_list.revoked_certificates.iter().flatten() {
                if entry.serial_number != *serial {
                    continue;
                }
                match entry_effect(entry) {
                    Ok(Some(e)) => effects.push(e),
                    Ok(None) => {}
                    Err(()) => refused = true,
                }
            }
            if refused {
                continue;
            }
            for (when, hold) in effects {
                // A hold counts only from a CRL issued at or after the time:
                // an older one may have been released since.
                if hold && reading.this_update < at {
                    continue;
                }
                if when <= at {
                    return RevocationStatus::Revoked {
                        certificate: super::name_text(cert.tbs_certificate().subject()),
                        revoked_at: when,
                    };
                }
                if !hold {
                    revoked_later = Some(revoked_later.map_or(when, |r| r.min(when)));
                }
            }
            // Coverage: a complete CRL issued at or after the time, while
            // the certificate had not expired (an expired certificate's
            // entry may be dropped from later CRLs, RFC 5280 3.3).
            if reading.complete && reading.this_update >= at && reading.this_update <= expires {
                covered = Some(covered.map_or(reading.this_update, |c| c.max(reading.this_update)));
            }
        }
        if n == 0 {
            leaf_update = covered;
        }
        if covered.is_none() && uncovered.is_none() {
            uncovered = Some(super::name_text(cert.tbs_certificate().subject()));
        }
    }
    match (uncovered, leaf_update) {
        (None, Some(this_update)) => RevocationStatus::Good {
            this_update,
            revoked_later,
        },
        (Some(uncovered), _) => RevocationStatus::Unknown {
            uncovered,
            revoked_later,
        },
        (None, None) => RevocationStatus::Unknown {
            uncovered: chain
                .first()
                .map(|c| super::name_text(c.tbs_certificate().subject()))
                .unwrap_or_default(),
            revoked_later,
        },
    }
}

/// Whether `list` is a CRL of `cert`'s issuer, signed by `issuer`'s key.
pub(super) fn signed_by(list: &CertificateList, cert: &Certificate, issuer: &Certificate) -> bool {
    let tbs = &list.tbs_cert_list;
    if tbs.issuer != *cert.tbs_certificate().issuer() || tbs.issuer != *issuer.tbs_certificate().subject() {
        return false;
    }
    // The signature algorithm inside and outside the signed part agree
    // (RFC 5280 5.1.1.2).
    if tbs.signature != list.signature_algorithm {
        return false;
    }
    let exts = issuer
        .tbs_certificate()
        .extensions()
        .map(|e| e.as_slice())
        .unwrap_or(&[]);
    if let Some(ext) = exts.iter().find(|e| e.extn_id == oid::KEY_USAGE) {
        match KeyUsage::from_der(ext.extn_value.as_bytes()) {
            Ok(ku) if ku.0.contains(KeyUsages::CRLSign) => {}
            _ => return false,
        }
    }
    let (Ok(message), Some(signature)) = (tbs.to_der(), list.signature.as_bytes()) else {
        return false;
    };
    crate::rfc3161::verify_signed(
        issuer.tbs_certificate().subject_public_key_info(),
        &list.signature_algorithm,
        &message,
        signature,
    )
}
