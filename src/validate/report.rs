//! Where a contract stands, and the report an auditor acts on (SPEC.md
//! sections 18.1 and 18.8).

use std::fmt;

use serde::Serialize;

use super::rules::{Finding, Rule};
use crate::ids::{ContractId, PartyId, StatementId, UnixTime};
use crate::message::{Amount, DocumentRef, DocumentType, Terms};

/// Where a contract stands (SPEC.md 18.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No offer yet.
    NoOffer,
    /// An offer is outstanding (possibly answered, awaiting effect).
    OfferOutstanding,
    /// The offer lapsed. Terminal, except that while a late acceptance may
    /// still be confirmed without delay (CISG 21(1)) a confirmation can
    /// conclude the contract.
    OfferLapsed,
    /// Terminal: the offer was rejected.
    OfferRejected,
    /// Terminal: the offer was revoked.
    OfferRevoked,
    /// Terminal: the offer was withdrawn before it reached the offeree.
    OfferWithdrawn,
    /// The contract is concluded.
    Concluded,
    /// Providers are instructed.
    Instructed,
    /// Every required document is proven.
    Serviced,
    /// The seller has notified performance.
    PerformanceNotified,
    /// The buyer has paid in full, or accepted a draft under documents
    /// against acceptance.
    Paid,
    /// Title is with the buyer; payment of the accepted draft is outstanding.
    TitleTransferred,
    /// Terminal: paid in full and title with the buyer.
    Completed,
    /// A provider's or a bank's archive: see [`Report::view`].
    PartialView,
}

impl Status {
    /// The status name used in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Status::NoOffer => "no offer",
            Status::OfferOutstanding => "offer outstanding",
            Status::OfferLapsed => "offer lapsed",
            Status::OfferRejected => "offer rejected",
            Status::OfferRevoked => "offer revoked",
            Status::OfferWithdrawn => "offer withdrawn",
            Status::Concluded => "contract concluded",
            Status::Instructed => "instructed",
            Status::Serviced => "serviced",
            Status::PerformanceNotified => "performance notified",
            Status::Paid => "paid",
            Status::TitleTransferred => "title transferred",
            Status::Completed => "completed",
            Status::PartialView => "partial view",
        }
    }

    /// Whether nothing more can happen to the contract's formation or
    /// performance (lapsed, rejected, revoked, withdrawn, completed).
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::OfferLapsed
                | Status::OfferRejected
                | Status::OfferRevoked
                | Status::OfferWithdrawn
                | Status::Completed
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A party as the report knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartySummary {
    /// Party id.
    pub id: PartyId,
    /// Name from its card, if the card was seen.
    pub name: Option<String>,
    /// Roles it played (`seller`, `buyer`, `offeror`, `carrier`, `bank`...).
    pub roles: Vec<String>,
    /// How its identity was established, when the audit was given pinned
    /// cards or certificate authorities (SPEC.md 7.1, 18.8); `None` when
    /// it was given neither (the cards were taken as they are).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
}

/// How a party's identity was established (SPEC.md 7.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "established_by", rename_all = "kebab-case")]
pub enum Identity {
    /// By a certificate chain from its signing key to a certificate
    /// authority the auditor trusts, checked at the time each of its
    /// statements is proven to have existed.
    Certificate {
        /// What the certificate says, and which anchor vouches for it.
        certificate: crate::x509::Certification,
        /// Revocation status at the latest of those times.
        revocation: crate::x509::RevocationStatus,
        /// The time the chain was checked at for the status above.
        checked_at: crate::ids::UnixTime,
        /// Whether the auditor also pinned its card.
        pinned: bool,
    },
    /// By the auditor pinning its card.
    PinnedCard,
    /// Not established: the card is self-signed and neither pinned nor
    /// certified.
    Unverified {
        /// Why no certificate established it.
        reason: String,
    },
}

/// A title document and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TitleSummary {
    /// The document.
    pub document: DocumentRef,
    /// Its type.
    pub document_type: DocumentType,
    /// Who issued it.
    pub issuer: PartyId,
    /// Who holds it now.
    pub holder: PartyId,
    /// Whether it was surrendered to its issuer.
    pub surrendered: bool,
    /// How many transfers (the collection instruction counts as one).
    pub transfers: usize,
}

/// An accepted draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DraftSummary {
    /// The statement accepting it.
    pub statement: StatementId,
    /// When it falls due.
    pub maturity: UnixTime,
    /// Its tenor in days.
    pub tenor_days: u64,
}

/// What a provider's or a bank's archive shows (SPEC.md 18.9).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ViewSummary {
    /// Whose archive it is.
    pub viewer: PartyId,
    /// Statements the archive refers to but does not hold.
    pub outside: Vec<StatementId>,
    /// What the viewer can know, one sentence each, in record order.
    pub known: Vec<String>,
}

/// The validator's verdict (SPEC.md 18.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The contract.
    pub contract: ContractId,
    /// Where it stands.
    pub status: Status,
    /// Every finding, in record order.
    pub findings: Vec<Finding>,
    /// Findings beyond [`super::MAX_FINDINGS`], counted but not kept.
    pub findings_omitted: usize,
    /// What the verdict rests on and what it cannot know (which formation
    /// rules applied, unlisted time-stamp authorities, effects still
    /// pending): not findings, but what a reader must know to rely on it.
    pub notices: Vec<String>,
    /// The parties seen.
    pub parties: Vec<PartySummary>,
    /// The formation rules applied: `"CISG"`, or without it `"UNIDROIT
    /// Principles 2016 (CISG excluded)"`.
    pub formation_rules: Option<String>,
    /// The offeror of the terms in force (or outstanding).
    pub offeror: Option<PartyId>,
    /// The offeree.
    pub offeree: Option<PartyId>,
    /// The terms in force (or outstanding).
    pub terms: Option<Terms>,
    /// When the offer outstanding lapses.
    pub lapses_at: Option<UnixTime>,
    /// When the contract was concluded (the acceptance took effect).
    pub concluded_at: Option<UnixTime>,
    /// The acceptance that concluded it (for a confirmed late acceptance,
    /// the late acceptance).
    pub concluded_by: Option<StatementId>,
    /// Funds paid towards the price.
    pub paid: Option<Amount>,
    /// Funds outstanding.
    pub outstanding: Option<Amount>,
    /// The draft the buyer accepted, if any.
    pub draft: Option<DraftSummary>,
    /// Proceeds a collecting bank remitted.
    pub remitted: Option<Amount>,
    /// Quantity shipped so far, per goods line.
    pub shipped: Vec<u64>,
    /// The title documents.
    pub titles: Vec<TitleSummary>,
    /// A provider's or bank's view, when the policy names a viewer.
    pub view: Option<ViewSummary>,
    /// Statement records processed (receipts included; carried proofs not).
    pub statements: usize,
    /// Token records processed.
    pub tokens: usize,
}

impl Report {
    /// No findings (the contract may still be in progress).
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty() && self.findings_omitted == 0
    }
    /// No findings and completed.
    pub fn is_complete(&self) -> bool {
        self.is_valid() && self.status == Status::Completed
    }
    /// The ids of the rules broken, sorted and without repetition.
    pub fn rules(&self) -> Vec<Rule> {
        let mut r: Vec<Rule> = self.findings.iter().map(|f| f.rule).collect();
        r.sort();
        r.dedup();
        r
    }
}
