//! What the auditor trusts, and the records that do not go through the
//! signature pipeline: RFC 3161 tokens, certificates and CRLs (SPEC.md
//! 7.1, 11.1, 17), and the party identities decided at the end.

use crate::ids::{PartyId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard};
use crate::rfc3161::{TimeStampToken, TrustAnchors};
use crate::transcript::TranscriptError;
use crate::validate::{Identity, Report, Rule, Signed, Validator};
use crate::x509::{self, RevocationStatus, X509Error};

/// What an auditor trusts (SPEC.md 17): pinned cards, certificate
/// authorities for party identities, time-stamping authorities for RFC
/// 3161 tokens, and certificates and CRLs it adds to the transcript's.
#[derive(Clone, Debug, Default)]
pub struct Trust {
    /// Cards the auditor pins. A declared card outside the set is refused
    /// unless a certificate authority of `ca` certifies its key.
    pub cards: Option<CardSet>,
    /// Certificate authorities whose certificates establish a party's
    /// identity (SPEC.md 7.1). With `ca` given, a card that is not pinned
    /// must be certified.
    pub ca: Option<TrustAnchors>,
    /// Trust anchors for the authorities of RFC 3161 tokens (SPEC.md 11.1).
    /// A transcript holding an RFC 3161 token cannot be audited without
    /// them.
    pub tsa: Option<TrustAnchors>,
    /// Certificates (DER) the auditor adds: intermediates, or party
    /// certificates kept outside the transcript.
    pub certificates: Vec<Vec<u8>>,
    /// CRLs (DER) the auditor adds, for example fetched later than those
    /// the transcript holds.
    pub crls: Vec<Vec<u8>>,
}

impl Trust {
    /// Trust only the pinned `cards` (or, with `None`, the transcript's own
    /// cards), as [`crate::audit()`] does.
    pub fn pinned(cards: Option<&CardSet>) -> Trust {
        Trust {
            cards: cards.cloned(),
            ..Trust::default()
        }
    }
}

/// The certificates, CRLs and provisionally accepted cards one audit
/// collects.
#[derive(Default)]
pub(super) struct Collected {
    certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    /// Every declared card, with its record.
    cards: Vec<(usize, PartyCard)>,
    /// SHA-256 of each certificate and CRL kept.
    seen: std::collections::HashSet<[u8; 32]>,
}

impl Collected {
    pub(super) fn new(trust: &Trust) -> Collected {
        use sha2::Digest as _;
        let seen = trust
            .certificates
            .iter()
            .chain(&trust.crls)
            .map(|d| sha2::Sha256::digest(d).into())
            .collect();
        Collected {
            certificates: trust.certificates.clone(),
            crls: trust.crls.clone(),
            cards: Vec::new(),
            seen,
        }
    }

    pub(super) fn card(&mut self, index: usize, card: &PartyCard) {
        self.cards.push((index, card.clone()));
    }

    /// Keeps a certificate record (once); `Err` past
    /// [`x509::MAX_X509_ITEMS`].
    pub(super) fn certificate(&mut self, der: Vec<u8>) -> Result<(), X509Error> {
        keep(&mut self.certificates, &mut self.seen, der, "certificates")
    }

    /// Keeps a CRL record (once); `Err` past [`x509::MAX_X509_ITEMS`].
    pub(super) fn crl(&mut self, der: Vec<u8>) -> Result<(), X509Error> {
        keep(&mut self.crls, &mut self.seen, der, "CRLs")
    }
}

fn keep(
    into: &mut Vec<Vec<u8>>,
    seen: &mut std::collections::HashSet<[u8; 32]>,
    der: Vec<u8>,
    what: &str,
) -> Result<(), X509Error> {
    use sha2::Digest as _;
    if !seen.insert(sha2::Sha256::digest(&der).into()) {
        return Ok(());
    }
    if into.len() >= x509::MAX_X509_ITEMS {
        return Err(X509Error::Malformed {
            what: "transcript",
            detail: format!(
                "more than {} {what} (with those the auditor gives)",
                x509::MAX_X509_ITEMS
            ),
        });
    }
    into.push(der);
    Ok(())
}

/// Verifies an RFC 3161 token record under the auditor's anchors and hands
/// it to the validator; the subject of the TSA certificate that signed it.
/// A token that does not verify makes the transcript unverifiable; one that
/// stamps no statement of the transcript is a `CHAIN-DANGLING` finding.
pub(super) fn rfc3161(
    index: usize,
    token: &TimeStampToken,
    trust: &Trust,
    validator: &mut Validator,
) -> Result<String, TranscriptError> {
    let err = |error| TranscriptError::Rfc3161 { index, error };
    let Some(anchors) = &trust.tsa else {
        return Err(err(crate::rfc3161::Rfc3161Error::UntrustedChain(
            "the audit was given no time-stamping trust anchors (econtract audit --trust-tsa ROOTS.pem)".into(),
        )));
    };
    let Some(imprint) = token.tst_info().imprint else {
        return Err(err(crate::rfc3161::Rfc3161Error::ImprintMismatch));
    };
    let verified = token.verify(&imprint, None, anchors).map_err(err)?;
    match validator.imprinted(imprint.digest()) {
        Some(target) => validator.rfc3161_stamp(index, target, latest_time(token.tst_info()), token.as_der()),
        None => validator.find(
            Rule::ChainDangling,
            index,
            None,
            "the RFC 3161 token stamps no statement of the transcript so far (its imprint is not the 3161-ctt imprint of any)".into(),
        ),
    }
    Ok(verified.signer_subject().to_owned())
}

/// The latest time a token's genTime, its fraction and its accuracy allow:
/// the statement is proven to exist by then (SPEC.md 11.1).
fn latest_time(info: &crate::rfc3161::TstInfo) -> UnixTime {
    let fraction = u64::from(info.gen_time_text.contains('.'));
    let accuracy = info
        .accuracy
        .map_or(0, |a| a.seconds.saturating_add(u64::from(a.millis > 0 || a.micros > 0)));
    info.gen_time.plus(fraction.saturating_add(accuracy))
}

/// What one party's certificate checks found.
struct Checked {
    identity: Identity,
    certified: bool,
}

/// Decides every declared party's identity (SPEC.md 7.1), adding the
/// `CERT-REVOKED`, `CERT-VALIDITY`, `CERT-REVOCATION` and `ID-CERTIFIED`
/// findings to the validator. `Err` only if the certificates or CRLs
/// cannot be read.
pub(super) fn identities(
    collected: &Collected,
    trust: &Trust,
    validator: &mut Validator,
) -> Result<Vec<(PartyId, Identity)>, TranscriptError> {
    if trust.cards.is_none() && trust.ca.is_none() {
        return Ok(Vec::new());
    }
    let evidence = match &trust.ca {
        Some(_) => Some(
            x509::Evidence::new(&collected.certificates, &collected.crls)
                .map_err(|error| TranscriptError::X509 { index: 0, error })?,
        ),
        None => None,
    };
    let signed = validator.signed();
    let policy = validator.policy().clone();
    let mut out = Vec::with_capacity(collected.cards.len());
    // The declared cards, and the pinned cards of parties that signed
    // without declaring theirs.
    let mut cards: Vec<&PartyCard> = collected.cards.iter().map(|(_, c)| c).collect();
    if let Some(pins) = &trust.cards {
        for s in &signed {
            if !cards.iter().any(|c| c.id() == s.signer)
                && let Some(c) = pins.card(&s.signer)
            {
                cards.push(c);
            }
        }
    }
    for card in cards {
        let party = card.id();
        let pinned = trust.cards.as_ref().is_some_and(|t| t.card(&party) == Some(card));
        let mine: Vec<&Signed> = signed.iter().filter(|s| s.signer == party).collect();
        let checked = match (&trust.ca, &evidence) {
            (Some(ca), Some(ev)) => check_party(validator, ev, ca, card, &mine, pinned, &policy),
            _ => Checked {
                identity: Identity::PinnedCard,
                certified: false,
            },
        };
        // A signer must be established (pinned or certified), and
        // certified when the policy says so.
        let established = checked.certified || (pinned && !policy.require_certified);
        if !established && let Some(first) = mine.first() {
            let why = match &checked.identity {
                Identity::PinnedCard => "the policy requires certified parties and its card is only pinned".to_owned(),
                Identity::Unverified { reason } => format!("its card is neither pinned nor certified ({reason})"),
                Identity::Certificate { .. } => String::new(),
            };
            validator.find(
                Rule::IdCertified,
                first.index,
                Some(first.id),
                format!(
                    "{} ({party}) signs here and its identity is not established: {why}",
                    card.name()
                ),
            );
        }
        out.push((party, checked.identity));
    }
    Ok(out)
}

fn check_party(
    validator: &mut Validator,
    ev: &x509::Evidence,
    ca: &TrustAnchors,
    card: &PartyCard,
    mine: &[&Signed],
    pinned: bool,
    policy: &crate::validate::Policy,
) -> Checked {
    let key = card.signing_key();
    // The times to check at: each statement's proven time; a party that
    // signed nothing, at its card's creation. Each distinct time once.
    let times: Vec<(Option<&Signed>, UnixTime)> = if mine.is_empty() {
        vec![(None, card.created())]
    } else {
        mine.iter().map(|s| (Some(*s), s.proven)).collect()
    };
    let mut cache: std::collections::HashMap<UnixTime, Result<(x509::Certification, RevocationStatus), X509Error>> =
        Default::default();
    let mut within: Option<Result<x509::Certification, X509Error>> = None;
    let mut established: Option<(x509::Certification, RevocationStatus, UnixTime)> = None;
    let mut reason: Option<X509Error> = None;
    let how = |s: &Signed| {
        if s.stamped {
            ""
        } else {
            " (its claimed signing time: no time-stamp)"
        }
    };
    for (statement, at) in times {
        let result = cache
            .entry(at)
            .or_insert_with(|| x509::check_key_at(key, ev, ca, at))
            .clone();
        match result {
            Ok((cert, status)) => {
                if let Some(s) = statement {
                    match &status {
                        RevocationStatus::Revoked { certificate, revoked_at } => validator.find(
                            Rule::CertRevoked,
                            s.index,
                            Some(s.id),
                            format!(
                                "signed by {} and proven to exist only at {at}{}, after the certificate of {certificate} was revoked ({revoked_at})",
                                card.name(),
                                how(s),
                            ),
                        ),
                        // Claimed before a revocation, proven by nothing.
                        st if !s.stamped && st.revoked_later().is_some() => validator.find(
                            Rule::CertRevoked,
                            s.index,
                            Some(s.id),
                            format!(
                                "signed by {}, it says at {at}, before a certificate of its path was revoked ({}), but no time-stamp proves it existed before the revocation",
                                card.name(),
                                st.revoked_later().unwrap_or(at),
                            ),
                        ),
                        RevocationStatus::Unknown { uncovered, .. } if policy.require_revocation_status => validator.find(
                            Rule::CertRevocation,
                            s.index,
                            Some(s.id),
                            format!(
                                "signed by {} and proven to exist at {at}{}; no complete CRL issued since covers {uncovered}",
                                card.name(),
                                how(s),
                            ),
                        ),
                        _ => {}
                    }
                }
                if established.as_ref().is_none_or(|e| e.2 <= at) {
                    established = Some((cert, status, at));
                }
            }
            Err(X509Error::NotValidAtTime { .. }) => {
                // Outside the validity of a certificate of the path: a
                // finding if the path holds within the leaf's validity,
                // so that an expired certificate of an untrusted CA is
                // still refused as untrusted.
                match within
                    .get_or_insert_with(|| x509::check_key_within_validity(key, ev, ca))
                    .clone()
                {
                    Ok(cert) => {
                        if let Some(s) = statement {
                            validator.find(
                                Rule::CertValidity,
                                s.index,
                                Some(s.id),
                                format!(
                                    "signed by {} and proven to exist only at {at}{}, outside the validity of its certificate path (the certificate: {} to {})",
                                    card.name(),
                                    how(s),
                                    cert.not_before,
                                    cert.not_after
                                ),
                            );
                        }
                        if established.is_none() {
                            established = Some((
                                cert,
                                RevocationStatus::Unknown {
                                    uncovered: "not checked: outside the certificate's validity".into(),
                                    revoked_later: None,
                                },
                                at,
                            ));
                        }
                    }
                    Err(e) => reason = Some(e),
                }
            }
            Err(e) => reason = Some(e),
        }
    }
    match established {
        Some((certificate, revocation, checked_at)) => Checked {
            identity: Identity::Certificate {
                certificate,
                revocation,
                checked_at,
                pinned,
            },
            certified: true,
        },
        None if pinned => Checked {
            identity: Identity::PinnedCard,
            certified: false,
        },
        None => Checked {
            identity: Identity::Unverified {
                reason: reason.map_or_else(|| "no certificate".into(), |e| e.to_string()),
            },
            certified: false,
        },
    }
}

/// Puts the identities into the report's party list.
pub(super) fn into_report(report: &mut Report, identities: Vec<(PartyId, Identity)>) {
    for (party, identity) in identities {
        if let Some(p) = report.parties.iter_mut().find(|p| p.id == party) {
            p.identity = Some(identity);
        }
    }
}
