//! The validator's policy: what law and the contract leave open (SPEC.md
//! section 18.7).

use serde::{Deserialize, Serialize};

use crate::ids::PartyId;
use crate::message::PaymentTerms;

/// Options that law or the contract leave open (SPEC.md 18.7).
///
/// Every duration is in seconds. The defaults are what an auditor of a
/// CISG sale with third-party time-stamps and signed receipts expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Whether an acceptance needs a third-party time-stamp (rule
    /// `FORM-TIMESTAMP`). Default `true`: the source procedure says the
    /// time-stamp proves the time of acceptance.
    pub require_acceptance_timestamp: bool,
    /// Whether formation statements take effect only when a receipt from
    /// their addressee shows they reached it (CISG 15, 18(2), 24). Default
    /// `true`. When `false`, a statement without a receipt is taken to have
    /// reached its addressee at its earliest token's time, or failing that
    /// its signing time.
    pub require_receipts: bool,
    /// Tolerated clock difference between parties and authorities. Applied
    /// once along any chain of statements, never once per step. Default 300.
    pub clock_skew: u64,
    /// The "reasonable time" (CISG 18(2)) after which an offer without a
    /// fixed time lapses, from its signing. Default 14 days.
    pub reasonable_time: u64,
    /// "Without delay" (CISG 21): how long after a late acceptance reached
    /// the offeror its confirmation (21(1)) or objection (21(2)) may be
    /// dispatched. Default 2 days.
    pub without_delay: u64,
    /// "Without undue delay" (CISG 19(2)): how long after an acceptance
    /// with non-material additions reached the offeror its objection may be
    /// dispatched. Default 2 days.
    pub undue_delay: u64,
    /// The usual transmission time of an acceptance (CISG 21(2)): an
    /// acceptance dispatched at least this long before the lapse time would
    /// have reached the offeror in time. Default 1 day.
    pub transmission_time: u64,
    /// Whether an offer that fixes a time for acceptance is irrevocable
    /// until then (CISG 16(2)(a), read as the civil-law tradition reads
    /// it). Default `true`.
    pub fixed_time_irrevocable: bool,
    /// Documents against payment or acceptance; `None` (the default)
    /// follows the contract's payment terms.
    pub documents_against: Option<PaymentTerms>,
    /// Whether the CISG governs formation; `None` (the default) follows the
    /// contract (`law.cisg`). Where it does not, formation is judged by the
    /// rules of SPEC.md 18.4.7 (the UNIDROIT Principles 2016, Arts. 2.1.1 to
    /// 2.1.22, which follow the CISG on every point this validator checks,
    /// except that an offer without a fixed time lapses after the
    /// reasonable time only if `reasonable_time_without_cisg`), and the
    /// report says so.
    pub cisg: Option<bool>,
    /// Without the CISG: whether an offer without a fixed time lapses after
    /// the reasonable time (UNIDROIT Principles Art. 2.1.7). Default `true`.
    pub reasonable_time_without_cisg: bool,
    /// The time-stamp authorities the auditor trusts. `None` (the default)
    /// accepts any authority that plays no role in the contract, and the
    /// report names each such authority in its notices, so that no token
    /// counts as evidence without the report saying whose it is.
    pub authorities: Option<Vec<PartyId>>,
    /// Whose archive this is, when it is a provider's or a bank's: the
    /// report then covers what that party can know (SPEC.md 18.9), and
    /// references to statements it never received are outside its view
    /// instead of `CHAIN-DANGLING`. `None` (the default): a party to the
    /// contract's full archive.
    pub viewer: Option<PartyId>,
    /// Whether time-stamps must be RFC 3161 tokens from an authority the
    /// auditor trusts (SPEC.md 11.1): tokens of econtract's own format are
    /// then `TIME-RFC3161` findings and count for nothing. Default `false`.
    pub require_rfc3161: bool,
    /// Whether every party that signs a statement must hold a key certified
    /// by a certificate authority the auditor trusts (SPEC.md 7.1): a
    /// party established only by a pinned card, or not at all, is then an
    /// `ID-CERTIFIED` finding. Default `false`.
    pub require_certified: bool,
    /// Whether the revocation status of a certified key must be known
    /// when each of its statements is proven to exist: a complete CRL of
    /// every issuer of its path issued after that time (SPEC.md 7.1).
    /// Otherwise a `CERT-REVOCATION` finding. Default `false`.
    pub require_revocation_status: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            require_acceptance_timestamp: true,
            require_receipts: true,
            clock_skew: 300,
            reasonable_time: 14 * 86_400,
            without_delay: 2 * 86_400,
            undue_delay: 2 * 86_400,
            transmission_time: 86_400,
            fixed_time_irrevocable: true,
            documents_against: None,
            cisg: None,
            reasonable_time_without_cisg: true,
            authorities: None,
            viewer: None,
            require_rfc3161: false,
            require_certified: false,
            require_revocation_status: false,
        }
    }
}
