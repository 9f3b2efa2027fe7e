//! What the auditor trusts, and the records that do not go through the
//! signature pipeline: RFC 3161 tokens, certificates and CRLs (SPEC.md
//! 7.1, 11.1, 17), and the party identities decided at the end.

use crate::ids::{PartyId, UnixTime};
use crate::keys::{CardLookup, CardSet, PartyCard};
use crate::rfc3161::{TimeStampToken, TrustAnchors};
use crate::transcript::TranscriptError;
use crate::validate::{Identity, Report, Rule, Validator};
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
}

impl Collected {
    pub(super) fn new(trust: &Trust) -> Collected {
        Collected {
            certificates: trust.certificates.clone(),
            crls: trust.crls.clone(),
            cards: Vec::new(),
        }
    }

    pub(super) fn card(&mut self, index: usize, card: &PartyCard) {
        self.cards.push((index, card.clone()));
    }

    pub(super) fn certificate(&mut self, der: Vec<u8>) {
        if !self.certificates.contains(&der) {
            self.certificates.push(der);
        }
    }

    pub(super) fn crl(&mut self, der: Vec<u8>) {
        if !self.crls.contains(&der) {
            self.crls.push(der);
        }
    }
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
        Some(target) => validator.rfc3161_stamp(index, target, verified.gen_time(), token.as_der()),
        None => validator.find(
            Rule::ChainDangling,
            index,
            None,
            "the RFC 3161 token stamps no statement of the transcript so far (its imprint is not the 3161-ctt imprint of any)".into(),
        ),
    }
    Ok(verified.signer_subject().to_owned())
}

/// What one party's certificate checks found.
struct Checked {
    identity: Identity,
    certified: bool,
}

/// Decides every declared party's identity (SPEC.md 7.1), adding the
/// `CERT-REVOKED`, `CERT-VALIDITY` and `ID-CERTIFIED` findings to the
/// validator; `Err` if a card that is not pinned is not certified either
/// while the auditor names certificate authorities.
pub(super) fn identities(
    collected: &Collected,
    trust: &Trust,
    validator: &mut Validator,
) -> Result<Vec<(PartyId, Identity)>, TranscriptError> {
    if trust.cards.is_none() && trust.ca.is_none() {
        return Ok(Vec::new());
    }
    let signed = validator.signed();
    let require = validator.policy().require_certified;
    let mut out = Vec::with_capacity(collected.cards.len());
    // The declared cards, and the pinned cards of parties that signed
    // without declaring theirs.
    let mut cards: Vec<(usize, &PartyCard)> = collected.cards.iter().map(|(i, c)| (*i, c)).collect();
    if let Some(pins) = &trust.cards {
        for s in &signed {
            if !cards.iter().any(|(_, c)| c.id() == s.signer)
                && let Some(c) = pins.card(&s.signer)
            {
                cards.push((s.index, c));
            }
        }
    }
    for (card_index, card) in cards {
        let party = card.id();
        let pinned = trust.cards.as_ref().is_some_and(|t| t.card(&party) == Some(card));
        let key = *card.signing_key();
        let mine: Vec<_> = signed.iter().filter(|s| s.signer == party).collect();
        let checked = match &trust.ca {
            None => Checked {
                identity: Identity::PinnedCard,
                certified: false,
            },
            Some(ca) => check_party(validator, collected, ca, &key, card, &mine, pinned),
        };
        if !pinned && !checked.certified && trust.ca.is_some() {
            let reason = match &checked.identity {
                Identity::Unverified { reason } => reason.clone(),
                _ => "no certificate".into(),
            };
            return Err(TranscriptError::Uncertified {
                index: card_index,
                party,
                reason,
            });
        }
        if require
            && !checked.certified
            && let Some(first) = mine.first()
        {
            validator.find(
                Rule::IdCertified,
                first.index,
                Some(first.id),
                format!(
                    "{party} signs statements and the policy requires certified parties; its identity rests on {}",
                    if pinned { "a pinned card only" } else { "nothing" }
                ),
            );
        }
        out.push((party, checked.identity));
    }
    Ok(out)
}

fn check_party(
    validator: &mut Validator,
    collected: &Collected,
    ca: &TrustAnchors,
    key: &[u8; 32],
    card: &PartyCard,
    mine: &[&crate::validate::Signed],
    pinned: bool,
) -> Checked {
    let (certs, crls) = (&collected.certificates, &collected.crls);
    // The times to check at: each statement's proven time; a party that
    // signed nothing, at its card's creation.
    let times: Vec<(Option<&crate::validate::Signed>, UnixTime)> = if mine.is_empty() {
        vec![(None, card.created())]
    } else {
        mine.iter().map(|s| (Some(*s), s.proven)).collect()
    };
    let mut established: Option<(x509::Certification, RevocationStatus, UnixTime)> = None;
    let mut reason: Option<X509Error> = None;
    for (statement, at) in times {
        match x509::check_key_at(key, certs, crls, ca, at) {
            Ok((cert, status)) => {
                if let (
                    RevocationStatus::Revoked {
                        certificate,
                        revoked_at,
                    },
                    Some(s),
                ) = (&status, statement)
                {
                    validator.find(
                        Rule::CertRevoked,
                        s.index,
                        Some(s.id),
                        format!(
                            "signed by {} and proven to exist only at {at}{}, after the certificate of {certificate} was revoked ({revoked_at})",
                            card.name(),
                            if s.stamped { "" } else { " (its claimed signing time: no time-stamp)" },
                        ),
                    );
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
                match x509::check_key_within_validity(key, certs, crls, ca) {
                    Ok(cert) => {
                        if let Some(s) = statement {
                            validator.find(
                                Rule::CertValidity,
                                s.index,
                                Some(s.id),
                                format!(
                                    "signed by {} and proven to exist only at {at}{}, outside the validity of its certificate path (the certificate: {} to {})",
                                    card.name(),
                                    if s.stamped { "" } else { " (its claimed signing time: no time-stamp)" },
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
