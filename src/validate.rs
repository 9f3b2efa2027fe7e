//! The contract validator: decides whether a sequence of verified statements
//! forms a legal international sale contract under the seven-step procedure,
//! and where it stands.
//!
//! SPEC.md section "Validation rules". The validator is a state machine whose
//! states are types ([`OfferOutstanding`], [`Concluded`], [`Instructed`], ...):
//! each holds only what its step needs, and handling a statement consumes the
//! state and returns the next. It accepts only [`Verified`] statements and
//! tokens. A statement that breaks a rule is reported as a [`Finding`] with
//! the rule's id and is not applied; the validator goes on with the rest.
//! An unfinished contract is reported as in progress at its state.
//!
//! What it sees is only what it is given: it can detect a double transfer of
//! title, not prevent one.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::Verified;
use crate::ids::{ContractId, PartyId, StatementId, UnixTime};
use crate::keys::PartyCard;
use crate::message::{
    Amount, DocumentRef, Instrument, Kind, Message, Offer, PaymentTerms, ServiceKind, Terms, TitleDocument,
};
use crate::statement::Statement;
use crate::timestamp::TimestampToken;

/// Options that law or the contract leave open (SPEC.md "Policy").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Whether an acceptance needs a third-party time-stamp (rule
    /// `FORM-TIMESTAMP`). Default `true`: the source procedure says the
    /// time-stamp proves the time of acceptance.
    pub require_acceptance_timestamp: bool,
    /// Whether formation statements take effect only when a receipt from
    /// their addressee shows they reached it (CISG 15, 18(2), 24). Default
    /// `true`. When `false`, they take effect at their time-stamp, or failing
    /// that their signing time.
    pub require_receipts: bool,
    /// Tolerated clock difference between parties and authorities, seconds.
    /// Default 300.
    pub clock_skew: u64,
    /// The "reasonable time" (CISG 18(2)) after which an offer without a
    /// stated lapse time lapses, in seconds from its signing. Default 14 days.
    pub reasonable_time: u64,
    /// Documents against payment or acceptance; `None` (the default) follows
    /// the contract's payment terms.
    pub documents_against: Option<PaymentTerms>,
    /// Whether the CISG governs formation; `None` (the default) follows the
    /// contract (`law.cisg`). Without the CISG an offer without a lapse time
    /// does not lapse after a reasonable time.
    pub cisg: Option<bool>,
    /// The time-stamp authorities accepted; `None` (the default) accepts
    /// any authority that plays no other role in the contract.
    pub authorities: Option<Vec<PartyId>>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            require_acceptance_timestamp: true,
            require_receipts: true,
            clock_skew: 300,
            reasonable_time: 14 * 86_400,
            documents_against: None,
            cisg: None,
            authorities: None,
        }
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $source:literal, $check:literal; )+) => {
        /// A validation rule. Its id is stable and listed in SPEC.md with its source.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[$doc])* $variant, )+
        }

        impl Rule {
            /// Every rule, in SPEC.md order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable id, for example `FORM-LATE`.
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),+ }
            }

            /// Where the rule comes from (an article or a source step).
            pub const fn source(self) -> &'static str {
                match self { $(Rule::$variant => $source),+ }
            }

            /// What the rule checks, in one sentence.
            pub const fn check(self) -> &'static str {
                match self { $(Rule::$variant => $check),+ }
            }
        }
    };
}

rules! {
    /// A statement of another contract.
    ChainContract = "CHAIN-CONTRACT", "UN ECC 2005 Art. 9; replay",
        "Every statement names the transcript's contract.";
    /// The same statement twice.
    ChainDuplicate = "CHAIN-DUPLICATE", "UN ECC 2005 Art. 9(2)",
        "No statement appears twice.";
    /// A reference to a statement that is not in the transcript.
    ChainDangling = "CHAIN-DANGLING", "UN ECC 2005 Art. 9(2)",
        "Every statement a statement answers, and every statement a token stamps, is in the transcript.";
    /// A reference to a statement that comes later.
    ChainOrder = "CHAIN-ORDER", "append-only transcript",
        "A statement comes after the statements it answers, and a token after the statement it stamps.";
    /// Two statements claiming one place in the chain.
    ChainEquivocation = "CHAIN-EQUIVOCATION", "UN ECC 2005 Art. 9",
        "One sender does not send two different statements of one kind to one recipient answering the same statements.";
    /// A reference to a statement of the wrong kind.
    ChainTarget = "CHAIN-TARGET", "source steps 2-7",
        "Each statement answers the statement its kind must answer (for example an instruction answers the conclusion of the contract).";
    /// A statement the contract's state does not allow.
    SeqUnexpected = "SEQ-UNEXPECTED", "source steps 1-7",
        "Each statement is one the contract's current state allows.";
    /// Offer or counter-offer from or to the wrong party.
    RoleOffer = "ROLE-OFFER", "CISG 14(1)",
        "An offer goes from the seller or buyer named in its terms to the other.";
    /// Acceptance from or to the wrong party.
    RoleAcceptance = "ROLE-ACCEPTANCE", "CISG 18(1)",
        "An acceptance goes from the offeree to the offeror.";
    /// Rejection from or to the wrong party.
    RoleRejection = "ROLE-REJECTION", "CISG 17",
        "A rejection goes from the offeree to the offeror.";
    /// Revocation from or to the wrong party.
    RoleRevocation = "ROLE-REVOCATION", "CISG 16(1)",
        "A revocation goes from the offeror to the offeree.";
    /// Counter-offer from or to the wrong party.
    RoleCounterOffer = "ROLE-COUNTER-OFFER", "CISG 19(1)",
        "A counter-offer goes from the offeree to the offeror and keeps the same seller and buyer.";
    /// Confirmation from or to the wrong party.
    RoleConfirmation = "ROLE-CONFIRMATION", "CISG 21(1)",
        "A confirmation of a late acceptance goes from the offeror to the offeree.";
    /// Instruction from the wrong party.
    RoleInstruction = "ROLE-INSTRUCTION", "source step 3",
        "A service instruction is sent by the seller.";
    /// Proof from or to the wrong party.
    RoleProof = "ROLE-PROOF", "source step 4",
        "A service proof is signed by the instructed provider and sent to the seller.";
    /// Notice from or to the wrong party.
    RoleNotice = "ROLE-NOTICE", "source step 5",
        "A performance notice goes from the seller to the buyer.";
    /// Payment from or to the wrong party.
    RolePayment = "ROLE-PAYMENT", "source step 6; ISO 20022",
        "A payment goes from the buyer, or a bank paying on behalf of the buyer, to the seller.";
    /// Receipt from or to the wrong party.
    RoleReceipt = "ROLE-RECEIPT", "CISG 24",
        "A receipt is signed by the addressee of the statement it acknowledges and sent to its sender.";
    /// An offer that is not definite.
    FormDefinite = "FORM-DEFINITE", "CISG 14(1)",
        "An offer names distinct seller and buyer, goods with a description and a quantity above zero, and a price above zero.";
    /// Services that do not match the Incoterms rule.
    TermsIncoterm = "TERMS-INCOTERM", "Incoterms 2020",
        "An offer under a rule where the seller contracts carriage (CPT, CIP, CFR, CIF, DAP, DPU, DDP) lists a carriage service, and under CIF or CIP an insurance service.";
    /// Acceptance before the offer reached the offeree.
    FormPremature = "FORM-PREMATURE", "CISG 15(1)",
        "An acceptance is not signed before the offer reached the offeree.";
    /// Acceptance of a revoked offer.
    FormRevoked = "FORM-REVOKED", "CISG 16(1)",
        "An acceptance dispatched after a revocation reached the offeree concludes nothing.";
    /// Revocation without effect.
    FormRevocation = "FORM-REVOCATION", "CISG 16",
        "An offer stated to be irrevocable, or already accepted, is not revoked.";
    /// Acceptance of a rejected offer.
    FormRejected = "FORM-REJECTED", "CISG 17",
        "An acceptance of an offer that was rejected (or countered) concludes nothing.";
    /// Acceptance after the offer lapsed, not confirmed.
    FormLate = "FORM-LATE", "CISG 18(2), 20, 21",
        "An acceptance takes effect no later than the offer's lapse time, unless the offeror confirms the late acceptance.";
    /// A reply that changes terms.
    FormCounter = "FORM-COUNTER", "CISG 19",
        "An acceptance that changes terms (price, payment, goods, place, law...) is a rejection and a counter-offer, not an acceptance.";
    /// Acceptance without a third-party time-stamp.
    FormTimestamp = "FORM-TIMESTAMP", "source step 2; policy",
        "An acceptance carries a third-party time-stamp before it takes effect (when the policy requires it).";
    /// Performance before the contract is concluded.
    PerfBeforeConclusion = "PERF-BEFORE-CONCLUSION", "CISG 23, 30; source steps 3-7",
        "Instructions, proofs, the notice, payments and title transfers come after the contract is concluded.";
    /// Instruction for a service the contract does not require.
    PerfService = "PERF-SERVICE", "source step 3",
        "Each instruction goes to a provider the contract names, for the service the contract gives it, once.";
    /// Proof of a service other than instructed.
    PerfProof = "PERF-PROOF", "source step 4",
        "A proof is for the service its instruction asked for.";
    /// Notice before every required proof exists.
    PerfNoticeEarly = "PERF-NOTICE-EARLY", "source step 5; CISG 34",
        "The performance notice comes only when every required service is proven, and carries those proofs.";
    /// Notice for the wrong amount.
    PerfNoticeAmount = "PERF-NOTICE-AMOUNT", "source step 5; CISG 53",
        "The performance notice asks for the contract price.";
    /// Payment before the notice.
    PayBeforeNotice = "PAY-BEFORE-NOTICE", "source step 6",
        "A payment comes after the performance notice and answers it.";
    /// Payment in another currency.
    PayCurrency = "PAY-CURRENCY", "ISO 4217; CISG 54",
        "A payment is in the contract currency.";
    /// Payments that do not add up.
    PayAmount = "PAY-AMOUNT", "CISG 53",
        "Payments never exceed the price, the final payment makes them add up exactly, and an accepted draft is for the full price.";
    /// A reused end-to-end id.
    PayEndToEnd = "PAY-E2E", "ISO 20022",
        "Each payment has its own end-to-end id.";
    /// Title document issued wrongly.
    TitleIssue = "TITLE-ISSUE", "MLETR Art. 10",
        "The title document is issued once, by the carrier in its carriage proof, to the seller.";
    /// Transfer of a document that was not issued.
    TitleDocument = "TITLE-DOCUMENT", "MLETR Art. 10",
        "A title transfer names the document issued in this contract.";
    /// Title transfer before payment.
    TitleBeforePayment = "TITLE-BEFORE-PAYMENT", "source step 7; URC 522 Art. 7",
        "The seller transfers title only after full payment, or under documents against acceptance after the buyer accepted a draft.";
    /// The seller's transfer to someone other than the buyer.
    TitleToBuyer = "TITLE-TO-BUYER", "source step 7; CISG 30",
        "The seller's transfer of the title document goes to the buyer.";
    /// Transfer by someone who does not hold the document.
    TitleHolder = "TITLE-HOLDER", "MLETR Art. 11",
        "Only the current holder transfers the title document.";
    /// Two transfers from one state.
    TitleDouble = "TITLE-DOUBLE", "MLETR Art. 11; DCSA PINT",
        "No two transfers start from the same state of the title document.";
    /// Anything after surrender.
    TitleSurrendered = "TITLE-SURRENDERED", "MLETR Art. 17; DCSA eBL",
        "Nothing follows the surrender of the title document to its issuer.";
    /// Times inconsistent beyond the clock skew.
    TimeSkew = "TIME-SKEW", "RFC 3161; policy",
        "A token's time and a receipt's time are not earlier than the signing time of the statement they concern, and a receipt's time is not after its own signing time, beyond the clock skew.";
    /// Time going backwards along the chain.
    TimeOrder = "TIME-ORDER", "source steps 1-7",
        "A statement is not signed earlier than the statements it answers, beyond the clock skew.";
    /// A time-stamp by a party to the contract.
    TimeAuthority = "TIME-AUTHORITY", "source steps 1-7; policy",
        "A time-stamp comes from a third party: not from a party that plays a role in the contract, and, when the policy names authorities, from one of them.";
    /// A reused token serial number.
    TimeSerial = "TIME-SERIAL", "RFC 3161 §2.4.2",
        "A time-stamp authority does not use a serial number twice.";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// One problem in a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule broken.
    pub rule: Rule,
    /// The record index (counting records from 0 after the header) of the
    /// statement or token concerned.
    pub index: usize,
    /// The statement concerned, if the record is a statement.
    pub statement: Option<StatementId>,
    /// What happened, in a sentence.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at record {}: {}", self.rule, self.index, self.message)
    }
}

/// Where a contract stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No offer yet.
    NoOffer,
    /// An offer is outstanding (possibly accepted, awaiting effect).
    OfferOutstanding,
    /// Terminal: the offer lapsed.
    OfferLapsed,
    /// Terminal: the offer was rejected.
    OfferRejected,
    /// Terminal: the offer was revoked.
    OfferRevoked,
    /// The contract is concluded.
    Concluded,
    /// The seller has instructed providers.
    Instructed,
    /// Every required service is proven.
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
            Status::Concluded => "contract concluded",
            Status::Instructed => "instructed",
            Status::Serviced => "serviced",
            Status::PerformanceNotified => "performance notified",
            Status::Paid => "paid",
            Status::TitleTransferred => "title transferred",
            Status::Completed => "completed",
        }
    }

    /// Whether nothing more can happen to the contract's formation or
    /// performance (lapsed, rejected, revoked, completed).
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::OfferLapsed | Status::OfferRejected | Status::OfferRevoked | Status::Completed
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
}

/// The title document and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TitleSummary {
    /// The document as issued.
    pub document: TitleDocument,
    /// Who issued it.
    pub issuer: PartyId,
    /// Who holds it now.
    pub holder: PartyId,
    /// Whether it was surrendered to its issuer.
    pub surrendered: bool,
    /// How many transfers.
    pub transfers: usize,
}

/// The validator's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The contract.
    pub contract: ContractId,
    /// Where it stands.
    pub status: Status,
    /// Every finding, in record order.
    pub findings: Vec<Finding>,
    /// The parties seen.
    pub parties: Vec<PartySummary>,
    /// The offeror of the terms in force (or outstanding).
    pub offeror: Option<PartyId>,
    /// The offeree.
    pub offeree: Option<PartyId>,
    /// The terms in force (or outstanding).
    pub terms: Option<Terms>,
    /// When the offer in force lapses.
    pub lapses_at: Option<UnixTime>,
    /// When the contract was concluded (the acceptance took effect).
    pub concluded_at: Option<UnixTime>,
    /// The statement that concluded it (acceptance, or confirmation of a
    /// late acceptance).
    pub concluded_by: Option<StatementId>,
    /// Funds paid.
    pub paid: Option<Amount>,
    /// Funds outstanding.
    pub outstanding: Option<Amount>,
    /// Whether the buyer accepted a draft for the price.
    pub draft_accepted: bool,
    /// The title document.
    pub title: Option<TitleSummary>,
    /// Findings beyond [`MAX_FINDINGS`], counted but not kept.
    pub findings_omitted: usize,
    /// Statements processed (including receipts and carried proofs).
    pub statements: usize,
    /// Tokens processed.
    pub tokens: usize,
}

impl Report {
    /// No findings (the contract may still be in progress).
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty()
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

// ---------------------------------------------------------------------------
// ---------------------------------------------------------------------------
// States

/// An offer as the validator keeps it.
#[derive(Clone, Debug)]
struct OfferInfo {
    id: StatementId,
    offeror: PartyId,
    offeree: PartyId,
    terms: Terms,
    lapse_at: Option<UnixTime>,
    irrevocable: bool,
}

/// A statement waiting for its effect (acceptance, revocation).
#[derive(Clone, Copy, Debug)]
struct Pending {
    id: StatementId,
    index: usize,
    time: UnixTime,
}

/// State: an offer is outstanding; an acceptance or revocation may have been
/// sent and be waiting to take effect.
#[derive(Debug)]
pub struct OfferOutstanding {
    offer: OfferInfo,
    acceptance: Option<Pending>,
    revocation: Option<Pending>,
}

/// Terminal state: the offer lapsed; a late acceptance may await the
/// offeror's confirmation.
#[derive(Debug)]
pub struct OfferLapsed {
    offer: OfferInfo,
    late: Option<(Pending, UnixTime)>,
}

/// Terminal state: the offer was rejected (or countered).
#[derive(Debug)]
pub struct OfferRejected {
    offer: OfferInfo,
}

/// Terminal state: the offer was revoked, effective when the revocation
/// reached the offeree.
#[derive(Debug)]
pub struct OfferRevoked {
    offer: OfferInfo,
    at: UnixTime,
}

/// What every state after conclusion knows.
#[derive(Clone, Debug)]
struct Deal {
    offer: OfferInfo,
    seller: PartyId,
    buyer: PartyId,
    concluded_at: UnixTime,
    concluded_by: StatementId,
    /// The acceptance (for the late `FORM-PREMATURE` check at the end).
    acceptance: Pending,
    documents_against: PaymentTerms,
}

/// One instruction and its proof.
#[derive(Clone, Debug)]
struct Job {
    instruction: StatementId,
    provider: PartyId,
    service: ServiceKind,
    proof: Option<StatementId>,
}

/// The title document's chain.
#[derive(Clone, Debug)]
struct Title {
    document: TitleDocument,
    issuer: PartyId,
    holder: PartyId,
    /// The statement that made the current holder (the issuing proof, or the
    /// last transfer).
    state: StatementId,
    /// States that have already been transferred from, with the transfer's index.
    spent: HashMap<StatementId, usize>,
    /// Whether the buyer has held the document.
    buyer_held: bool,
    surrendered: bool,
    transfers: usize,
}

/// Performance so far.
#[derive(Clone, Debug, Default)]
struct Work {
    jobs: Vec<Job>,
    proven: Vec<(PartyId, ServiceKind, StatementId)>,
    title: Option<Title>,
}

impl Money {
    /// Paid in full, or, under documents against acceptance, a draft
    /// accepted: the seller may transfer title.
    fn entitles_title(&self, terms: PaymentTerms) -> bool {
        self.settled || (terms == PaymentTerms::DocumentsAgainstAcceptance && self.draft.is_some())
    }
}

/// Money so far.
#[derive(Clone, Debug)]
struct Money {
    notice: StatementId,
    due: Amount,
    paid: u64,
    settled: bool,
    draft: Option<StatementId>,
    /// End-to-end ids used, as 16-byte SHA-256 prefixes (a fixed size per payment).
    end_to_end: HashSet<[u8; 16]>,
    /// Once completed, the contract stays completed.
    completed: bool,
}

/// State: the contract is concluded.
#[derive(Debug)]
pub struct Concluded {
    deal: Deal,
    work: Work,
}

/// State: the seller has instructed at least one provider.
#[derive(Debug)]
pub struct Instructed {
    deal: Deal,
    work: Work,
}

/// State: every required service is proven.
#[derive(Debug)]
pub struct Serviced {
    deal: Deal,
    work: Work,
}

/// State: the seller has notified performance and asked for payment.
#[derive(Debug)]
pub struct PerformanceNotified {
    deal: Deal,
    work: Work,
    money: Money,
}

/// State: paid in full, or a draft accepted under documents against acceptance.
#[derive(Debug)]
pub struct Paid {
    deal: Deal,
    work: Work,
    money: Money,
}

/// State: title is with the buyer; funds still outstanding (documents against acceptance).
#[derive(Debug)]
pub struct TitleTransferred {
    deal: Deal,
    work: Work,
    money: Money,
}

/// Terminal state: paid in full and title with the buyer (or no title
/// document in the contract).
#[derive(Debug)]
pub struct Completed {
    deal: Deal,
    work: Work,
    money: Money,
}

/// The validator's state.
#[derive(Debug, Default)]
enum State {
    #[default]
    NoOffer,
    OfferOutstanding(OfferOutstanding),
    OfferLapsed(OfferLapsed),
    OfferRejected(OfferRejected),
    OfferRevoked(OfferRevoked),
    Concluded(Concluded),
    Instructed(Instructed),
    Serviced(Serviced),
    PerformanceNotified(PerformanceNotified),
    Paid(Paid),
    TitleTransferred(TitleTransferred),
    Completed(Completed),
}

impl State {
    fn status(&self) -> Status {
        match self {
            State::NoOffer => Status::NoOffer,
            State::OfferOutstanding(_) => Status::OfferOutstanding,
            State::OfferLapsed(_) => Status::OfferLapsed,
            State::OfferRejected(_) => Status::OfferRejected,
            State::OfferRevoked(_) => Status::OfferRevoked,
            State::Concluded(_) => Status::Concluded,
            State::Instructed(_) => Status::Instructed,
            State::Serviced(_) => Status::Serviced,
            State::PerformanceNotified(_) => Status::PerformanceNotified,
            State::Paid(_) => Status::Paid,
            State::TitleTransferred(_) => Status::TitleTransferred,
            State::Completed(_) => Status::Completed,
        }
    }

    fn offer(&self) -> Option<&OfferInfo> {
        match self {
            State::NoOffer => None,
            State::OfferOutstanding(s) => Some(&s.offer),
            State::OfferLapsed(s) => Some(&s.offer),
            State::OfferRejected(s) => Some(&s.offer),
            State::OfferRevoked(s) => Some(&s.offer),
            _ => self.deal().map(|d| &d.offer),
        }
    }

    fn deal(&self) -> Option<&Deal> {
        self.parts().map(|(d, _, _)| d)
    }

    fn work(&self) -> Option<&Work> {
        self.parts().map(|(_, w, _)| w)
    }

    fn money(&self) -> Option<&Money> {
        self.parts().and_then(|(_, _, m)| m)
    }

    fn parts(&self) -> Option<(&Deal, &Work, Option<&Money>)> {
        match self {
            State::Concluded(s) => Some((&s.deal, &s.work, None)),
            State::Instructed(s) => Some((&s.deal, &s.work, None)),
            State::Serviced(s) => Some((&s.deal, &s.work, None)),
            State::PerformanceNotified(s) => Some((&s.deal, &s.work, Some(&s.money))),
            State::Paid(s) => Some((&s.deal, &s.work, Some(&s.money))),
            State::TitleTransferred(s) => Some((&s.deal, &s.work, Some(&s.money))),
            State::Completed(s) => Some((&s.deal, &s.work, Some(&s.money))),
            _ => None,
        }
    }

    /// The state after conclusion, taken apart.
    fn into_parts(self) -> Option<(Deal, Work, Option<Money>)> {
        match self {
            State::Concluded(s) => Some((s.deal, s.work, None)),
            State::Instructed(s) => Some((s.deal, s.work, None)),
            State::Serviced(s) => Some((s.deal, s.work, None)),
            State::PerformanceNotified(s) => Some((s.deal, s.work, Some(s.money))),
            State::Paid(s) => Some((s.deal, s.work, Some(s.money))),
            State::TitleTransferred(s) => Some((s.deal, s.work, Some(s.money))),
            State::Completed(s) => Some((s.deal, s.work, Some(s.money))),
            _ => None,
        }
    }
}

/// Which performance state follows from what has been done (SPEC.md 18.1).
fn performance_state(deal: Deal, work: Work, money: Option<Money>) -> State {
    let Some(mut money) = money else {
        if work.jobs.is_empty() && work.proven.is_empty() {
            return State::Concluded(Concluded { deal, work });
        }
        return if all_proven(&deal, &work) {
            State::Serviced(Serviced { deal, work })
        } else {
            State::Instructed(Instructed { deal, work })
        };
    };
    // Without a title document (no carriage proof issued one), title passes
    // with the goods; with one, the buyer must have held it.
    let with_buyer = work.title.as_ref().is_none_or(|t| t.buyer_held);
    let entitled = money.entitles_title(deal.documents_against);
    if money.completed || (with_buyer && money.settled) {
        money.completed = true;
        return State::Completed(Completed { deal, work, money });
    }
    let title_with_buyer = work.title.as_ref().is_some_and(|t| t.buyer_held);
    match (title_with_buyer, entitled) {
        (true, _) => State::TitleTransferred(TitleTransferred { deal, work, money }),
        (false, true) => State::Paid(Paid { deal, work, money }),
        (false, false) => State::PerformanceNotified(PerformanceNotified { deal, work, money }),
    }
}

fn all_proven(deal: &Deal, work: &Work) -> bool {
    deal.offer
        .terms
        .services
        .iter()
        .all(|s| work.proven.iter().any(|(p, k, _)| *p == s.provider && *k == s.service))
}

// ---------------------------------------------------------------------------
// The index of statements seen

/// What the validator keeps of every statement: a fixed-size entry, never
/// the statement's bytes.
#[derive(Clone, Copy, Debug)]
struct Seen {
    index: u32,
    kind: Kind,
    time: UnixTime,
    sender: u32,
    recipient: u32,
}

/// Evidence of when a statement reached its addressee, kept for formation
/// statements only.
#[derive(Clone, Copy, Debug, Default)]
struct Evidence {
    received: Option<UnixTime>,
    stamped: Option<UnixTime>,
}

/// Most statements or tokens held back while they wait for a statement they
/// refer to; beyond that (or beyond [`MAX_WAITING_BYTES`]), a forward
/// reference is reported as dangling at once.
pub const MAX_WAITING: usize = 1024;
/// Most bytes of statements and tokens held back waiting.
pub const MAX_WAITING_BYTES: usize = 4 << 20;
/// Most findings a report keeps; further findings are only counted
/// ([`Report::findings_omitted`]), so memory stays bounded.
pub const MAX_FINDINGS: usize = 10_000;
/// Longest piece of message text quoted in a finding.
const QUOTE: usize = 64;

enum Waiting {
    Statement(usize, Box<Verified<Statement>>),
    Token(usize, Box<Verified<TimestampToken>>),
}

impl Waiting {
    fn size(&self) -> usize {
        match self {
            Waiting::Statement(_, s) => s.as_bytes().len(),
            Waiting::Token(_, t) => t.as_bytes().len(),
        }
    }
}

/// The contract validator. Feed it verified statements and tokens in
/// transcript order, then call [`Validator::finish`].
pub struct Validator {
    contract: ContractId,
    policy: Policy,
    state: State,
    parties: Vec<PartyId>,
    party_index: HashMap<PartyId, u32>,
    names: HashMap<PartyId, String>,
    seen: HashMap<StatementId, Seen>,
    evidence: HashMap<StatementId, Evidence>,
    places: HashMap<[u8; 16], u32>,
    serials: HashSet<(PartyId, u64)>,
    /// Each accepted token's record index and authority, re-checked at the end.
    stamps: Vec<(u32, PartyId)>,
    waiting: Vec<(Vec<StatementId>, Waiting)>,
    waiting_bytes: usize,
    /// Statements newly entered in the index, whose waiters may now go on.
    released: Vec<StatementId>,
    rejected: HashSet<StatementId>,
    revoked: HashSet<StatementId>,
    roles: HashMap<PartyId, Vec<String>>,
    findings: Vec<Finding>,
    findings_omitted: usize,
    statements: usize,
    tokens: usize,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("contract", &self.contract)
            .field("status", &self.status())
            .field("findings", &self.findings.len())
            .finish_non_exhaustive()
    }
}

/// The first 16 bytes of SHA-256: a fixed-size key for sets of texts.
fn short_hash(bytes: &[u8]) -> [u8; 16] {
    let d = Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

/// An amount for messages: `USD 96000.00` (two decimal places).
fn money(a: Amount) -> String {
    crate::render::amount(&a)
}

/// A kind with its indefinite article: "an offer", "a payment".
fn a(kind: Kind) -> String {
    let name = kind.name();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Text from a statement, quoted in a finding: at most [`QUOTE`] characters.
fn quote(s: &str) -> String {
    if s.chars().count() <= QUOTE {
        format!("{s:?}")
    } else {
        let cut: String = s.chars().take(QUOTE).collect();
        format!("{cut:?}...")
    }
}

impl Validator {
    /// A validator for `contract` under `policy`.
    pub fn new(contract: ContractId, policy: Policy) -> Validator {
        Validator {
            contract,
            policy,
            state: State::NoOffer,
            parties: Vec::new(),
            party_index: HashMap::new(),
            names: HashMap::new(),
            seen: HashMap::new(),
            evidence: HashMap::new(),
            places: HashMap::new(),
            serials: HashSet::new(),
            stamps: Vec::new(),
            waiting: Vec::new(),
            waiting_bytes: 0,
            released: Vec::new(),
            rejected: HashSet::new(),
            revoked: HashSet::new(),
            roles: HashMap::new(),
            findings: Vec::new(),
            findings_omitted: 0,
            statements: 0,
            tokens: 0,
        }
    }

    /// Where the contract stands now.
    pub fn status(&self) -> Status {
        self.state.status()
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Records a party's name for the report.
    pub fn card(&mut self, card: &PartyCard) {
        self.names.insert(card.id(), card.name().to_owned());
    }

    fn party(&mut self, id: PartyId) -> u32 {
        if let Some(i) = self.party_index.get(&id) {
            return *i;
        }
        let i = self.parties.len() as u32;
        self.parties.push(id);
        self.party_index.insert(id, i);
        i
    }

    fn role(&mut self, id: PartyId, role: &str) {
        let r = self.roles.entry(id).or_default();
        if !r.iter().any(|x| x == role) {
            r.push(role.to_owned());
        }
    }

    fn find(&mut self, rule: Rule, index: usize, statement: Option<StatementId>, message: String) {
        if self.findings.len() >= MAX_FINDINGS {
            self.findings_omitted += 1;
            return;
        }
        self.findings.push(Finding {
            rule,
            index,
            statement,
            message,
        });
    }

    /// Whether time `a` is earlier than time `b` by more than the clock skew.
    fn before(&self, a: UnixTime, b: UnixTime) -> bool {
        a.as_secs().saturating_add(self.policy.clock_skew) < b.as_secs()
    }

    fn cisg(&self, terms: &Terms) -> bool {
        self.policy.cisg.unwrap_or(terms.law.cisg)
    }

    /// When a formation statement reached its addressee, as far as the
    /// evidence read so far shows (SPEC.md 18.4).
    fn reached(&self, id: &StatementId) -> Option<UnixTime> {
        let ev = self.evidence.get(id).copied().unwrap_or_default();
        if let Some(t) = ev.received {
            return Some(t);
        }
        if self.policy.require_receipts {
            return None;
        }
        ev.stamped.or_else(|| self.seen.get(id).map(|s| s.time))
    }

    /// Processes one verified statement (its record index is `index`).
    pub fn statement(&mut self, index: usize, statement: &Verified<Statement>) {
        self.accept_statement(index, statement);
        self.run_released();
    }

    /// Processes one verified time-stamp token.
    pub fn token(&mut self, index: usize, token: &Verified<TimestampToken>) {
        self.accept_token(index, token);
        self.run_released();
    }

    /// Processes, without recursion, whatever was waiting for statements
    /// entered in the index since.
    fn run_released(&mut self) {
        while let Some(id) = self.released.pop() {
            let mut ready = Vec::new();
            let mut i = 0;
            while i < self.waiting.len() {
                let (missing, _) = &mut self.waiting[i];
                missing.retain(|m| *m != id);
                if missing.is_empty() {
                    let (_, w) = self.waiting.remove(i);
                    self.waiting_bytes -= w.size();
                    ready.push(w);
                } else {
                    i += 1;
                }
            }
            for w in ready {
                match w {
                    Waiting::Statement(index, s) => self.accept_statement(index, &s),
                    Waiting::Token(index, t) => self.accept_token(index, &t),
                }
            }
        }
    }

    fn accept_token(&mut self, index: usize, t: &Verified<TimestampToken>) {
        let imprint = t.imprint();
        let Some(target) = self.seen.get(&imprint).copied() else {
            self.wait(vec![imprint], Waiting::Token(index, Box::new(t.clone())), index, None);
            return;
        };
        if target.index as usize > index {
            self.find(
                Rule::ChainOrder,
                index,
                None,
                format!(
                    "the time-stamp token comes before the statement it stamps (record {})",
                    target.index
                ),
            );
        }
        self.tokens += 1;
        let authority = t.authority();
        if !self.serials.insert((authority, t.serial())) {
            self.find(
                Rule::TimeSerial,
                index,
                None,
                format!("the authority {authority} used serial {} twice", t.serial()),
            );
        }
        if let Some(why) = self.not_third_party(&authority) {
            self.find(
                Rule::TimeAuthority,
                index,
                None,
                format!("the token's issuer {authority} {why}; it is not a third-party time-stamp"),
            );
            return;
        }
        self.stamps.push((index as u32, authority));
        self.role(authority, "time-stamp authority");
        if self.before(t.time(), target.time) {
            self.find(
                Rule::TimeSkew,
                index,
                None,
                format!(
                    "the token's time {} is before the stamped statement was signed ({})",
                    t.time(),
                    target.time
                ),
            );
            return;
        }
        if let Some(ev) = self.evidence.get_mut(&imprint) {
            ev.stamped = Some(ev.stamped.map_or(t.time(), |s| s.min(t.time())));
        }
    }

    /// Why `authority` cannot issue third-party time-stamps here, if it cannot:
    /// it is not among the policy's authorities, or it plays a role in the
    /// contract (it signed or received a statement, or the terms name it).
    fn not_third_party(&self, authority: &PartyId) -> Option<String> {
        if self.policy.authorities.as_ref().is_some_and(|a| !a.contains(authority)) {
            return Some("is not among the authorities the policy accepts".to_owned());
        }
        let other_roles: Vec<&str> = self
            .roles
            .get(authority)
            .map(|r| {
                r.iter()
                    .map(String::as_str)
                    .filter(|x| *x != "time-stamp authority")
                    .collect()
            })
            .unwrap_or_default();
        if !other_roles.is_empty() {
            return Some(format!("is a party to the contract ({})", other_roles.join(", ")));
        }
        if self.party_index.contains_key(authority) {
            return Some("signed or received a statement of this contract".to_owned());
        }
        None
    }

    fn wait(&mut self, missing: Vec<StatementId>, w: Waiting, index: usize, id: Option<StatementId>) {
        if self.waiting.len() >= MAX_WAITING || self.waiting_bytes + w.size() > MAX_WAITING_BYTES {
            self.find(
                Rule::ChainDangling,
                index,
                id,
                format!("refers to {} which is not in the transcript so far", missing[0]),
            );
            return;
        }
        self.waiting_bytes += w.size();
        self.waiting.push((missing, w));
    }

    /// A statement's place in the chain: sender, recipient, kind, the
    /// statements it answers, and, for instructions and proofs, the service.
    fn place(&self, s: &Statement) -> [u8; 16] {
        let mut h = Sha256::new();
        h.update(s.sender().as_bytes());
        h.update(s.recipient().as_bytes());
        h.update(s.kind().code().to_be_bytes());
        for a in s.answers() {
            h.update(a.as_bytes());
        }
        match s.message() {
            Message::ServiceInstruction(i) => h.update(i.service.name()),
            Message::ServiceProof(p) => h.update(p.service.name()),
            _ => {}
        }
        let d = h.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&d[..16]);
        out
    }

    fn accept_statement(&mut self, index: usize, s: &Verified<Statement>) {
        let id = s.id();
        if s.contract() != &self.contract {
            self.find(
                Rule::ChainContract,
                index,
                Some(id),
                format!(
                    "the {} belongs to contract {}, not {}",
                    s.kind(),
                    s.contract(),
                    self.contract
                ),
            );
            return;
        }
        if let Some(prev) = self.seen.get(&id) {
            let prev = prev.index;
            self.find(
                Rule::ChainDuplicate,
                index,
                Some(id),
                format!("the {} already appeared at record {prev}", s.kind()),
            );
            return;
        }
        // A notice carries its proofs: they count as seen.
        if let Message::PerformanceNotice(n) = s.message() {
            for p in &n.proofs {
                if !self.seen.contains_key(&p.id()) {
                    self.register(index, p);
                    self.statements += 1;
                }
            }
        }
        let missing: Vec<StatementId> = s
            .answers()
            .iter()
            .filter(|a| !self.seen.contains_key(a))
            .copied()
            .collect();
        if !missing.is_empty() {
            self.wait(missing, Waiting::Statement(index, Box::new(s.clone())), index, Some(id));
            return;
        }
        let later = s
            .answers()
            .iter()
            .filter_map(|a| self.seen.get(a))
            .map(|x| x.index as usize)
            .max()
            .unwrap_or(0);
        if later > index {
            self.find(
                Rule::ChainOrder,
                index,
                Some(id),
                format!("the {} answers record {later}, which comes after it", s.kind()),
            );
        }
        self.register(index, s);
        self.statements += 1;
        if s.kind() != Kind::TitleTransfer {
            let place = self.place(s);
            if let Some(other) = self.places.get(&place) {
                let other = *other;
                self.find(
                    Rule::ChainEquivocation,
                    index,
                    Some(id),
                    format!(
                        "a second {} from {} to {} answering the same statements as record {other}",
                        s.kind(),
                        s.sender(),
                        s.recipient()
                    ),
                );
                return;
            }
            self.places.insert(place, index as u32);
        }
        for a in s.answers() {
            if let Some(t) = self.seen.get(a).map(|x| x.time) {
                if self.before(s.time(), t) {
                    self.find(
                        Rule::TimeOrder,
                        index,
                        Some(id),
                        format!(
                            "the {} is signed at {}, before the statement it answers ({t})",
                            s.kind(),
                            s.time()
                        ),
                    );
                    break;
                }
            }
        }
        if s.kind() == Kind::Receipt {
            self.receipt(index, s);
        } else {
            self.settle();
            self.dispatch(index, s);
        }
    }

    /// Enters a statement in the index and lets what waits for it go on.
    fn register(&mut self, index: usize, s: &Statement) {
        let sender = self.party(s.sender());
        let recipient = self.party(s.recipient());
        self.seen.insert(
            s.id(),
            Seen {
                index: index as u32,
                kind: s.kind(),
                time: s.time(),
                sender,
                recipient,
            },
        );
        if matches!(
            s.kind(),
            Kind::Offer
                | Kind::Acceptance
                | Kind::Rejection
                | Kind::Revocation
                | Kind::CounterOffer
                | Kind::Confirmation
        ) {
            self.evidence.insert(s.id(), Evidence::default());
        }
        if !self.waiting.is_empty() {
            self.released.push(s.id());
        }
    }

    fn receipt(&mut self, index: usize, r: &Statement) {
        let Message::Receipt(body) = r.message() else { return };
        let target_id = r.answers()[0];
        let Some(target) = self.seen.get(&target_id).copied() else {
            return;
        };
        let addressee = self.parties[target.recipient as usize];
        let sender = self.parties[target.sender as usize];
        if r.sender() != addressee || r.recipient() != sender {
            self.find(
                Rule::RoleReceipt,
                index,
                Some(r.id()),
                format!(
                    "a receipt for the {} at record {} must come from its addressee {addressee} to its sender {sender}",
                    target.kind, target.index
                ),
            );
            return;
        }
        if self.before(body.received, target.time) {
            self.find(
                Rule::TimeSkew,
                index,
                Some(r.id()),
                format!(
                    "the receipt says the {} was received at {}, before it was signed ({})",
                    target.kind, body.received, target.time
                ),
            );
            return;
        }
        if self.before(r.time(), body.received) {
            self.find(
                Rule::TimeSkew,
                index,
                Some(r.id()),
                format!(
                    "the receipt claims receipt at {}, after the receipt itself was signed ({})",
                    body.received,
                    r.time()
                ),
            );
            return;
        }
        if let Some(ev) = self.evidence.get_mut(&target_id) {
            ev.received.get_or_insert(body.received);
        }
    }

    // -----------------------------------------------------------------------
    // Formation

    /// Lets pending formation statements take effect, as far as the
    /// evidence read so far allows (SPEC.md 18.4).
    fn settle(&mut self) {
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        if let Some(rev) = o.revocation {
            if let Some(t) = self.reached(&rev.id) {
                let accepted_first = o.acceptance.is_some_and(|a| a.time < t);
                if !accepted_first {
                    let acceptance = o.acceptance;
                    let State::OfferOutstanding(o) = std::mem::take(&mut self.state) else {
                        unreachable!()
                    };
                    self.revoked.insert(o.offer.id);
                    if let Some(a) = acceptance {
                        self.find(
                            Rule::FormRevoked,
                            a.index,
                            Some(a.id),
                            format!(
                                "the acceptance was dispatched at {}, after the revocation reached the offeree at {t}",
                                a.time
                            ),
                        );
                    }
                    self.state = State::OfferRevoked(OfferRevoked { offer: o.offer, at: t });
                    return;
                }
            }
        }
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        let Some(acc) = o.acceptance else { return };
        let Some(effective) = self.reached(&acc.id) else { return };
        // Reported at most once: only one acceptance ever takes effect.
        if self.policy.require_acceptance_timestamp && self.evidence.get(&acc.id).is_none_or(|e| e.stamped.is_none()) {
            self.find(
                Rule::FormTimestamp,
                acc.index,
                Some(acc.id),
                "the acceptance took effect without a third-party time-stamp".into(),
            );
        }
        let State::OfferOutstanding(o) = std::mem::take(&mut self.state) else {
            unreachable!()
        };
        if o.offer.lapse_at.is_some_and(|l| effective > l) {
            self.state = State::OfferLapsed(OfferLapsed {
                offer: o.offer,
                late: Some((acc, effective)),
            });
            return;
        }
        self.conclude(o.offer, acc, acc.id, effective);
    }

    fn conclude(&mut self, offer: OfferInfo, acceptance: Pending, by: StatementId, at: UnixTime) {
        let terms = &offer.terms;
        let deal = Deal {
            seller: terms.seller,
            buyer: terms.buyer,
            concluded_at: at,
            concluded_by: by,
            acceptance,
            documents_against: self.policy.documents_against.unwrap_or(terms.payment.terms),
            offer,
        };
        self.state = State::Concluded(Concluded {
            deal,
            work: Work::default(),
        });
    }

    fn dispatch(&mut self, index: usize, s: &Statement) {
        match s.message() {
            Message::Offer(o) => self.offer(index, s, o),
            Message::CounterOffer(o) => self.counter_offer(index, s, o),
            Message::Acceptance(_) => self.acceptance(index, s),
            Message::Rejection(_) => self.rejection(index, s),
            Message::Revocation(_) => self.revocation(index, s),
            Message::Confirmation(_) => self.confirmation(index, s),
            Message::ServiceInstruction(_) => self.instruction(index, s),
            Message::ServiceProof(_) => self.proof(index, s),
            Message::PerformanceNotice(_) => self.notice(index, s),
            Message::Payment(_) => self.payment(index, s),
            Message::TitleTransfer(_) => self.transfer(index, s),
            Message::Receipt(_) => {}
        }
    }

    fn unexpected(&mut self, index: usize, s: &Statement, expected: &str) {
        let status = self.status();
        self.find(
            Rule::SeqUnexpected,
            index,
            Some(s.id()),
            format!(
                "a {} is not expected when the contract is {status}; expected {expected}",
                s.kind()
            ),
        );
    }

    fn before_conclusion(&mut self, index: usize, s: &Statement) -> bool {
        if self.state.deal().is_some() {
            return false;
        }
        let status = self.status();
        self.find(
            Rule::PerfBeforeConclusion,
            index,
            Some(s.id()),
            format!("{} while the contract is not concluded ({status})", a(s.kind())),
        );
        true
    }

    /// Why terms are not definite (CISG 14), if they are not.
    fn indefinite(t: &Terms) -> Option<String> {
        let mut why = Vec::new();
        if t.seller == t.buyer {
            why.push("seller and buyer are the same party".to_owned());
        }
        for (i, g) in t.goods.iter().enumerate() {
            if g.quantity == 0 {
                why.push(format!("goods line {} has quantity zero", i + 1));
            }
            if g.description.trim().is_empty() {
                why.push(format!("goods line {} has no description", i + 1));
            }
        }
        if t.price.minor == 0 {
            why.push("the price is zero".to_owned());
        }
        (!why.is_empty()).then(|| why.join("; "))
    }

    /// Checks an offer's content; returns it if it is an offer at all.
    fn check_offer(&mut self, index: usize, s: &Statement, o: &Offer, role: Rule) -> Option<OfferInfo> {
        let t = &o.terms;
        let (from, to) = (s.sender(), s.recipient());
        if !((from == t.seller && to == t.buyer) || (from == t.buyer && to == t.seller)) {
            self.find(
                role,
                index,
                Some(s.id()),
                format!(
                    "the {} goes from {from} to {to}, but its terms name seller {} and buyer {}",
                    s.kind(),
                    t.seller,
                    t.buyer
                ),
            );
            return None;
        }
        if let Some(why) = Self::indefinite(t) {
            self.find(
                Rule::FormDefinite,
                index,
                Some(s.id()),
                format!("not a definite offer, only an invitation: {why}"),
            );
            return None;
        }
        let has = |k: ServiceKind| t.services.iter().any(|x| x.service == k);
        let mut missing = Vec::new();
        if t.incoterm.seller_contracts_carriage() && !has(ServiceKind::Carriage) {
            missing.push("carriage");
        }
        if t.incoterm.seller_insures() && !has(ServiceKind::Insurance) {
            missing.push("insurance");
        }
        if !missing.is_empty() {
            self.find(
                Rule::TermsIncoterm,
                index,
                Some(s.id()),
                format!(
                    "under {} the seller procures {}, but no such service is listed",
                    t.incoterm,
                    missing.join(" and ")
                ),
            );
        }
        let lapse_at = o
            .lapse
            .or_else(|| self.cisg(t).then(|| s.time().plus(self.policy.reasonable_time)));
        Some(OfferInfo {
            id: s.id(),
            offeror: from,
            offeree: to,
            terms: t.clone(),
            lapse_at,
            irrevocable: o.irrevocable,
        })
    }

    fn note_parties(&mut self, offer: &OfferInfo) {
        self.role(offer.terms.seller, "seller");
        self.role(offer.terms.buyer, "buyer");
        self.role(offer.offeror, "offeror");
        self.role(offer.offeree, "offeree");
        for sv in offer.terms.services.clone() {
            self.role(sv.provider, sv.service.name());
        }
    }

    fn outstanding(&mut self, offer: OfferInfo) {
        self.note_parties(&offer);
        self.state = State::OfferOutstanding(OfferOutstanding {
            offer,
            acceptance: None,
            revocation: None,
        });
    }

    fn offer(&mut self, index: usize, s: &Statement, o: &Offer) {
        if !matches!(self.state, State::NoOffer) {
            return self.unexpected(
                index,
                s,
                "no further offer (answer the outstanding one with a counter-offer)",
            );
        }
        if let Some(info) = self.check_offer(index, s, o, Rule::RoleOffer) {
            self.outstanding(info);
        }
    }

    /// Whether a reply answers the outstanding offer; if not, the finding
    /// that explains why (SPEC.md 18.5).
    fn replied_offer(&mut self, index: usize, s: &Statement) -> bool {
        let target = s.answers()[0];
        // CISG 16(1): an acceptance dispatched before the revocation reached
        // the offeree stands; the revocation had no effect.
        if let State::OfferRevoked(r) = &self.state {
            if s.kind() == Kind::Acceptance && r.offer.id == target && s.time() < r.at {
                let State::OfferRevoked(r) = std::mem::take(&mut self.state) else {
                    unreachable!()
                };
                self.revoked.remove(&r.offer.id);
                self.state = State::OfferOutstanding(OfferOutstanding {
                    offer: r.offer,
                    acceptance: None,
                    revocation: None,
                });
            }
        }
        if self.rejected.contains(&target) {
            self.find(
                Rule::FormRejected,
                index,
                Some(s.id()),
                format!(
                    "the {} answers an offer that was rejected (CISG 17) and can no longer be accepted",
                    s.kind()
                ),
            );
            return false;
        }
        if self.revoked.contains(&target) {
            self.find(
                Rule::FormRevoked,
                index,
                Some(s.id()),
                format!("the {} answers an offer that was revoked (CISG 16)", s.kind()),
            );
            return false;
        }
        match &self.state {
            State::OfferOutstanding(o) if o.offer.id == target => true,
            State::OfferOutstanding(_) => {
                let kind = self.seen.get(&target).map(|x| x.kind);
                self.find(
                    Rule::ChainTarget,
                    index,
                    Some(s.id()),
                    format!(
                        "the {} answers a {}, not the outstanding offer",
                        s.kind(),
                        kind.map_or("statement".to_owned(), |k| k.to_string())
                    ),
                );
                false
            }
            State::OfferLapsed(l) if l.offer.id == target && s.kind() == Kind::Acceptance => {
                let lapse = l.offer.lapse_at;
                self.find(
                    Rule::FormLate,
                    index,
                    Some(s.id()),
                    format!("the offer lapsed at {}", lapse.map_or("-".into(), |t| t.to_string())),
                );
                false
            }
            _ => {
                self.unexpected(index, s, "a reply only to an outstanding offer");
                false
            }
        }
    }

    fn acceptance(&mut self, index: usize, s: &Statement) {
        if !self.replied_offer(index, s) {
            return;
        }
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        if s.sender() != o.offer.offeree || s.recipient() != o.offer.offeror {
            let (offeree, offeror) = (o.offer.offeree, o.offer.offeror);
            self.find(
                Rule::RoleAcceptance,
                index,
                Some(s.id()),
                format!(
                    "the acceptance goes from {} to {}, not from the offeree {offeree} to the offeror {offeror}",
                    s.sender(),
                    s.recipient()
                ),
            );
            return;
        }
        if let Some(received) = self.evidence.get(&o.offer.id).and_then(|e| e.received) {
            if self.before(s.time(), received) {
                self.find(
                    Rule::FormPremature,
                    index,
                    Some(s.id()),
                    format!(
                        "the acceptance was signed at {}, before the offer reached the offeree at {received}",
                        s.time()
                    ),
                );
                return;
            }
        }
        let Message::Acceptance(a) = s.message() else { return };
        if let Some(changes) = &a.changes {
            let changed = changes.changed().join(", ");
            self.find(
                Rule::FormCounter,
                index,
                Some(s.id()),
                format!("the reply changes {changed}: under CISG 19 it is a rejection and a counter-offer, not an acceptance"),
            );
            let State::OfferOutstanding(o) = std::mem::take(&mut self.state) else {
                unreachable!()
            };
            self.rejected.insert(o.offer.id);
            let terms = changes.apply(&o.offer.terms);
            if let Some(why) = Self::indefinite(&terms) {
                self.find(
                    Rule::FormDefinite,
                    index,
                    Some(s.id()),
                    format!("the counter-offer it makes is not definite: {why}"),
                );
                self.state = State::OfferRejected(OfferRejected { offer: o.offer });
                return;
            }
            let lapse_at = self.cisg(&terms).then(|| s.time().plus(self.policy.reasonable_time));
            self.outstanding(OfferInfo {
                id: s.id(),
                offeror: s.sender(),
                offeree: s.recipient(),
                terms,
                lapse_at,
                irrevocable: false,
            });
            return;
        }
        let State::OfferOutstanding(o) = &mut self.state else {
            return;
        };
        o.acceptance = Some(Pending {
            id: s.id(),
            index,
            time: s.time(),
        });
    }

    fn counter_offer(&mut self, index: usize, s: &Statement, c: &Offer) {
        if !self.replied_offer(index, s) {
            return;
        }
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        let (old_seller, old_buyer) = (o.offer.terms.seller, o.offer.terms.buyer);
        if s.sender() != o.offer.offeree
            || s.recipient() != o.offer.offeror
            || c.terms.seller != old_seller
            || c.terms.buyer != old_buyer
        {
            let offeree = o.offer.offeree;
            self.find(
                Rule::RoleCounterOffer,
                index,
                Some(s.id()),
                format!(
                    "the counter-offer must come from the offeree {offeree} to the offeror and keep seller {old_seller} and buyer {old_buyer}"
                ),
            );
            return;
        }
        if o.acceptance.is_some() {
            return self.unexpected(index, s, "no counter-offer once the offer is accepted");
        }
        let Some(info) = self.check_offer(index, s, c, Rule::RoleCounterOffer) else {
            return;
        };
        let State::OfferOutstanding(o) = std::mem::take(&mut self.state) else {
            unreachable!()
        };
        self.rejected.insert(o.offer.id);
        self.outstanding(info);
    }

    fn rejection(&mut self, index: usize, s: &Statement) {
        if !self.replied_offer(index, s) {
            return;
        }
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        if s.sender() != o.offer.offeree || s.recipient() != o.offer.offeror {
            let offeree = o.offer.offeree;
            self.find(
                Rule::RoleRejection,
                index,
                Some(s.id()),
                format!(
                    "the rejection comes from {}, not from the offeree {offeree}",
                    s.sender()
                ),
            );
            return;
        }
        if o.acceptance.is_some() {
            return self.unexpected(index, s, "no rejection once the offer is accepted");
        }
        let State::OfferOutstanding(o) = std::mem::take(&mut self.state) else {
            unreachable!()
        };
        self.rejected.insert(o.offer.id);
        self.state = State::OfferRejected(OfferRejected { offer: o.offer });
    }

    fn revocation(&mut self, index: usize, s: &Statement) {
        if !self.replied_offer(index, s) {
            return;
        }
        let State::OfferOutstanding(o) = &self.state else {
            return;
        };
        if s.sender() != o.offer.offeror || s.recipient() != o.offer.offeree {
            let offeror = o.offer.offeror;
            self.find(
                Rule::RoleRevocation,
                index,
                Some(s.id()),
                format!(
                    "the revocation comes from {}, not from the offeror {offeror}",
                    s.sender()
                ),
            );
            return;
        }
        if o.offer.irrevocable || o.acceptance.is_some() {
            let why = if o.offer.irrevocable {
                "the offer states that it is irrevocable (CISG 16(2)(a))"
            } else {
                "the offeree had already dispatched its acceptance (CISG 16(1))"
            };
            self.find(
                Rule::FormRevocation,
                index,
                Some(s.id()),
                format!("the revocation has no effect: {why}"),
            );
            return;
        }
        let State::OfferOutstanding(o) = &mut self.state else {
            return;
        };
        o.revocation = Some(Pending {
            id: s.id(),
            index,
            time: s.time(),
        });
    }

    fn confirmation(&mut self, index: usize, s: &Statement) {
        let State::OfferLapsed(l) = &self.state else {
            return self.unexpected(index, s, "a confirmation only of a late acceptance");
        };
        let Some((late, at)) = l.late else {
            return self.unexpected(index, s, "a confirmation only of a late acceptance");
        };
        if s.answers()[0] != late.id {
            return self.find(
                Rule::ChainTarget,
                index,
                Some(s.id()),
                "the confirmation answers something other than the late acceptance".into(),
            );
        }
        if s.sender() != l.offer.offeror || s.recipient() != l.offer.offeree {
            let offeror = l.offer.offeror;
            return self.find(
                Rule::RoleConfirmation,
                index,
                Some(s.id()),
                format!(
                    "the confirmation comes from {}, not from the offeror {offeror}",
                    s.sender()
                ),
            );
        }
        let State::OfferLapsed(l) = std::mem::take(&mut self.state) else {
            unreachable!()
        };
        // CISG 21(1): the late acceptance is effective as an acceptance; the
        // contract dates from when it reached the offeror.
        self.conclude(l.offer, late, s.id(), at);
    }

    // -----------------------------------------------------------------------
    // Performance

    fn instruction(&mut self, index: usize, s: &Statement) {
        if self.before_conclusion(index, s) {
            return;
        }
        if !matches!(self.state, State::Concluded(_) | State::Instructed(_)) {
            return self.unexpected(index, s, "no instruction once every service is proven");
        }
        let Some(deal) = self.state.deal() else {
            return;
        };
        if s.sender() != deal.seller {
            let seller = deal.seller;
            return self.find(
                Rule::RoleInstruction,
                index,
                Some(s.id()),
                format!(
                    "the instruction comes from {}, not from the seller {seller}",
                    s.sender()
                ),
            );
        }
        if s.answers()[0] != deal.concluded_by {
            return self.find(
                Rule::ChainTarget,
                index,
                Some(s.id()),
                "an instruction answers the statement that concluded the contract".into(),
            );
        }
        let Message::ServiceInstruction(i) = s.message() else {
            return;
        };
        let required = deal
            .offer
            .terms
            .services
            .iter()
            .any(|x| x.provider == s.recipient() && x.service == i.service);
        // A second instruction for the same service would have the same
        // place in the chain (CHAIN-EQUIVOCATION), so this is the only check.
        if !required {
            return self.find(
                Rule::PerfService,
                index,
                Some(s.id()),
                format!(
                    "instruction to {} for {}: the contract names no such provider for it",
                    s.recipient(),
                    i.service
                ),
            );
        }
        let Some((deal, mut work, money)) = std::mem::take(&mut self.state).into_parts() else {
            return;
        };
        work.jobs.push(Job {
            instruction: s.id(),
            provider: s.recipient(),
            service: i.service,
            proof: None,
        });
        self.state = performance_state(deal, work, money);
    }

    fn proof(&mut self, index: usize, s: &Statement) {
        if self.before_conclusion(index, s) {
            return;
        }
        let target = s.answers()[0];
        let Some(job) = self
            .state
            .work()
            .and_then(|w| w.jobs.iter().find(|j| j.instruction == target))
            .cloned()
        else {
            return self.find(
                Rule::ChainTarget,
                index,
                Some(s.id()),
                "a service proof answers a service instruction of this contract".into(),
            );
        };
        let Some(deal) = self.state.deal() else { return };
        if s.sender() != job.provider || s.recipient() != deal.seller {
            let seller = deal.seller;
            return self.find(
                Rule::RoleProof,
                index,
                Some(s.id()),
                format!(
                    "the proof goes from {} to {}; the instructed provider is {} and the seller {seller}",
                    s.sender(),
                    s.recipient(),
                    job.provider
                ),
            );
        }
        let Message::ServiceProof(p) = s.message() else { return };
        if p.service != job.service {
            return self.find(
                Rule::PerfProof,
                index,
                Some(s.id()),
                format!(
                    "the proof is for {}, the instruction was for {}",
                    p.service, job.service
                ),
            );
        }
        // A second proof for the same instruction has the same place in the
        // chain (CHAIN-EQUIVOCATION) and never reaches here.
        if !self.issue_title(index, s) {
            return;
        }
        let Some((deal, mut work, money)) = std::mem::take(&mut self.state).into_parts() else {
            return;
        };
        if let Some(j) = work.jobs.iter_mut().find(|j| j.instruction == target) {
            j.proof = Some(s.id());
        }
        if !work
            .proven
            .iter()
            .any(|(p, k, _)| *p == s.sender() && *k == job.service)
        {
            work.proven.push((s.sender(), job.service, s.id()));
        }
        self.state = performance_state(deal, work, money);
    }

    /// Registers the title document a proof issues, if any; `false` (with a
    /// finding) if the issue breaks `TITLE-ISSUE`.
    fn issue_title(&mut self, index: usize, proof: &Statement) -> bool {
        let Message::ServiceProof(p) = proof.message() else {
            return true;
        };
        let Some(doc) = &p.document else { return true };
        let Some((deal, work, _)) = self.state.parts() else {
            return false;
        };
        let problem = if work.title.is_some() {
            Some("a title document was already issued in this contract".to_owned())
        } else if p.service != ServiceKind::Carriage {
            Some(format!("it is issued in a {} proof, not by the carrier", p.service))
        } else if doc.holder != deal.seller {
            Some(format!(
                "it is issued to {}, not to the seller {}",
                doc.holder, deal.seller
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            self.find(
                Rule::TitleIssue,
                index,
                Some(proof.id()),
                format!("title document {}: {problem}", quote(&doc.id)),
            );
            return false;
        }
        let Some((deal, mut work, money)) = std::mem::take(&mut self.state).into_parts() else {
            return false;
        };
        work.title = Some(Title {
            document: doc.clone(),
            issuer: proof.sender(),
            holder: deal.seller,
            state: proof.id(),
            spent: HashMap::new(),
            buyer_held: false,
            surrendered: false,
            transfers: 0,
        });
        self.role(proof.sender(), "title issuer");
        self.state = performance_state(deal, work, money);
        true
    }

    fn notice(&mut self, index: usize, s: &Statement) {
        if self.before_conclusion(index, s) {
            return;
        }
        if self.state.money().is_some() {
            return self.unexpected(index, s, "one performance notice");
        }
        let Some((deal, work, _)) = self.state.parts() else {
            return;
        };
        if s.sender() != deal.seller || s.recipient() != deal.buyer {
            let (seller, buyer) = (deal.seller, deal.buyer);
            return self.find(
                Rule::RoleNotice,
                index,
                Some(s.id()),
                format!(
                    "the notice goes from {} to {}, not from the seller {seller} to the buyer {buyer}",
                    s.sender(),
                    s.recipient()
                ),
            );
        }
        let Message::PerformanceNotice(n) = s.message() else {
            return;
        };
        // Which required services do the carried proofs prove?
        let mut missing = Vec::new();
        let mut proofs: Vec<(PartyId, ServiceKind, StatementId)> = Vec::new();
        for sv in &deal.offer.terms.services {
            let carried = n.proofs.iter().find(|p| {
                p.sender() == sv.provider && matches!(p.message(), Message::ServiceProof(x) if x.service == sv.service)
            });
            match carried {
                Some(p) => proofs.push((sv.provider, sv.service, p.id())),
                None => missing.push(format!("{} by {}", sv.service, sv.provider)),
            }
        }
        let stray = n
            .proofs
            .iter()
            .filter(|p| !proofs.iter().any(|(_, _, x)| *x == p.id()))
            .count();
        // Where the transcript holds the provider's proof, the notice must
        // carry that proof and not another.
        let substituted: Vec<String> = proofs
            .iter()
            .filter(|(prov, svc, id)| {
                work.jobs
                    .iter()
                    .any(|j| j.provider == *prov && j.service == *svc && j.proof.is_some_and(|p| p != *id))
            })
            .map(|(_, svc, _)| svc.to_string())
            .collect();
        if !missing.is_empty() || stray > 0 || !substituted.is_empty() {
            let mut why = Vec::new();
            if !missing.is_empty() {
                why.push(format!("no proof of {}", missing.join(", ")));
            }
            if stray > 0 {
                why.push(format!("{stray} carried proof(s) prove no required service"));
            }
            if !substituted.is_empty() {
                why.push(format!(
                    "the proof of {} is not the one the provider sent",
                    substituted.join(", ")
                ));
            }
            return self.find(Rule::PerfNoticeEarly, index, Some(s.id()), why.join("; "));
        }
        // Carried proofs are performance: after the conclusion, before the notice.
        let concluded_at = deal.concluded_at;
        for p in &n.proofs {
            if self.before(p.time(), concluded_at) {
                return self.find(
                    Rule::PerfBeforeConclusion,
                    index,
                    Some(s.id()),
                    format!(
                        "a carried proof was signed at {}, before the contract was concluded ({concluded_at})",
                        p.time()
                    ),
                );
            }
            if self.before(s.time(), p.time()) {
                // A notice answers exactly the proofs it carries: step 7 of
                // SPEC.md 18.2 has reported this as TIME-ORDER already.
                return;
            }
        }
        if n.due != deal.offer.terms.price {
            let price = deal.offer.terms.price;
            return self.find(
                Rule::PerfNoticeAmount,
                index,
                Some(s.id()),
                format!("the notice asks for {}, the price is {}", money(n.due), money(price)),
            );
        }
        // A carried proof the transcript lacks may issue the title document
        // (the buyer's archive holds the proofs only inside the notice).
        if work.title.is_none() {
            for p in &n.proofs {
                if matches!(p.message(), Message::ServiceProof(x) if x.document.is_some())
                    && !self.issue_title(index, p)
                {
                    return;
                }
            }
        }
        let Some((deal, mut work, _)) = std::mem::take(&mut self.state).into_parts() else {
            return;
        };
        for pr in proofs {
            if !work.proven.iter().any(|(p, k, _)| *p == pr.0 && *k == pr.1) {
                work.proven.push(pr);
            }
        }
        let due = deal.offer.terms.price;
        let m = Money {
            notice: s.id(),
            due,
            paid: 0,
            settled: false,
            draft: None,
            end_to_end: HashSet::new(),
            completed: false,
        };
        self.state = performance_state(deal, work, Some(m));
    }

    fn payment(&mut self, index: usize, s: &Statement) {
        if self.before_conclusion(index, s) {
            return;
        }
        let Some((deal, _, Some(m))) = self.state.parts() else {
            return self.find(
                Rule::PayBeforeNotice,
                index,
                Some(s.id()),
                "a payment before the seller's performance notice".into(),
            );
        };
        let Message::Payment(p) = s.message() else { return };
        let buyer = deal.buyer;
        let payer_ok = (s.sender() == buyer && p.on_behalf_of.is_none_or(|b| b == buyer))
            || (s.sender() != deal.seller && p.on_behalf_of == Some(buyer));
        if !payer_ok || s.recipient() != deal.seller {
            let seller = deal.seller;
            return self.find(
                Rule::RolePayment,
                index,
                Some(s.id()),
                format!(
                    "the payment goes from {} to {}; it must come from the buyer {buyer} (or a bank on its behalf) to the seller {seller}",
                    s.sender(),
                    s.recipient()
                ),
            );
        }
        let earlier_payment = |id: &StatementId| self.seen.get(id).is_some_and(|x| x.kind == Kind::Payment);
        if s.answers()[0] != m.notice || s.answers().get(1).is_some_and(|prev| !earlier_payment(prev)) {
            return self.find(
                Rule::ChainTarget,
                index,
                Some(s.id()),
                "a payment answers the performance notice and, for an instalment, an earlier payment".into(),
            );
        }
        if p.amount.currency != m.due.currency {
            let due = m.due.currency;
            return self.find(
                Rule::PayCurrency,
                index,
                Some(s.id()),
                format!("the payment is in {}, the contract in {due}", p.amount.currency),
            );
        }
        let e2e = short_hash(p.end_to_end_id.as_bytes());
        if m.end_to_end.contains(&e2e) {
            return self.find(
                Rule::PayEndToEnd,
                index,
                Some(s.id()),
                format!("end-to-end id {} was already used", quote(&p.end_to_end_id)),
            );
        }
        let amount_problem = match p.instrument {
            _ if m.settled => Some("the price was already paid in full".to_owned()),
            Instrument::AcceptedDraft if m.draft.is_some() => Some("a draft was already accepted".to_owned()),
            Instrument::AcceptedDraft if p.amount.minor != m.due.minor => Some(format!(
                "the draft is for {}, the price is {}",
                money(p.amount),
                money(m.due)
            )),
            Instrument::AcceptedDraft => None,
            Instrument::FundsTransfer => {
                let total = m.paid.saturating_add(p.amount.minor);
                if total > m.due.minor {
                    Some(format!(
                        "payments would total {}, more than the price {}",
                        money(Amount {
                            currency: m.due.currency,
                            minor: total
                        }),
                        money(m.due)
                    ))
                } else if p.is_final && total != m.due.minor {
                    Some(format!(
                        "the final payment leaves {} unpaid",
                        money(Amount {
                            currency: m.due.currency,
                            minor: m.due.minor - total
                        })
                    ))
                } else {
                    None
                }
            }
        };
        if let Some(problem) = amount_problem {
            return self.find(Rule::PayAmount, index, Some(s.id()), problem);
        }
        if s.sender() != buyer {
            self.role(s.sender(), "bank");
        }
        let Some((deal, work, Some(mut m))) = std::mem::take(&mut self.state).into_parts() else {
            return;
        };
        m.end_to_end.insert(e2e);
        match p.instrument {
            Instrument::AcceptedDraft => {
                m.draft = Some(s.id());
            }
            Instrument::FundsTransfer => {
                m.paid += p.amount.minor;
                if m.paid == m.due.minor {
                    m.settled = true;
                }
            }
        }
        self.state = performance_state(deal, work, Some(m));
    }

    fn transfer(&mut self, index: usize, s: &Statement) {
        if self.before_conclusion(index, s) {
            return;
        }
        let Message::TitleTransfer(x) = s.message() else { return };
        let Some((deal, work, m)) = self.state.parts() else {
            return;
        };
        let Some(title) = &work.title else {
            return self.find(
                Rule::TitleDocument,
                index,
                Some(s.id()),
                format!(
                    "transfer of document {}, but no title document was issued in this contract",
                    quote(&x.document.id)
                ),
            );
        };
        let issued = DocumentRef {
            id: title.document.id.clone(),
            digest: title.document.digest,
        };
        if x.document != issued {
            return self.find(
                Rule::TitleDocument,
                index,
                Some(s.id()),
                format!(
                    "transfer of document {}, but the document issued is {}",
                    quote(&x.document.id),
                    quote(&issued.id)
                ),
            );
        }
        if title.surrendered {
            return self.find(
                Rule::TitleSurrendered,
                index,
                Some(s.id()),
                "the document was already surrendered to its issuer".into(),
            );
        }
        let from = s.answers()[0];
        if let Some(first) = title.spent.get(&from) {
            return self.find(
                Rule::TitleDouble,
                index,
                Some(s.id()),
                format!("a second transfer from the same state; record {first} already transferred it"),
            );
        }
        if s.sender() != title.holder {
            let holder = title.holder;
            return self.find(
                Rule::TitleHolder,
                index,
                Some(s.id()),
                format!("{} transfers the document, but the holder is {holder}", s.sender()),
            );
        }
        let first_transfer = title.transfers == 0;
        if first_transfer {
            if !m.is_some_and(|m| m.entitles_title(deal.documents_against)) {
                let owed = match m {
                    Some(m) => format!(
                        "{} of {} paid",
                        money(Amount {
                            currency: m.due.currency,
                            minor: m.paid
                        }),
                        money(m.due)
                    ),
                    None => "nothing paid".to_owned(),
                };
                let terms = deal.documents_against;
                return self.find(
                    Rule::TitleBeforePayment,
                    index,
                    Some(s.id()),
                    format!(
                        "title transferred before payment (documents against {}; {owed})",
                        if terms == PaymentTerms::DocumentsAgainstPayment {
                            "payment"
                        } else {
                            "acceptance"
                        }
                    ),
                );
            }
            if self.seen.get(&from).is_none_or(|x| x.kind != Kind::Payment) {
                return self.find(
                    Rule::ChainTarget,
                    index,
                    Some(s.id()),
                    "the seller's first transfer answers a payment (or an accepted draft)".into(),
                );
            }
            if s.recipient() != deal.buyer {
                let buyer = deal.buyer;
                return self.find(
                    Rule::TitleToBuyer,
                    index,
                    Some(s.id()),
                    format!(
                        "the seller transfers the document to {}, not to the buyer {buyer}",
                        s.recipient()
                    ),
                );
            }
        } else if from != title.state {
            return self.find(
                Rule::ChainTarget,
                index,
                Some(s.id()),
                "a transfer answers the previous transfer of the document".into(),
            );
        }
        let Some((deal, mut work, money)) = std::mem::take(&mut self.state).into_parts() else {
            return;
        };
        if let Some(t) = work.title.as_mut() {
            // The state transferred from is spent: the issuing proof for the
            // first transfer (and the payment it answers), else the last transfer.
            t.spent.insert(t.state, index);
            t.spent.insert(from, index);
            t.holder = s.recipient();
            t.state = s.id();
            t.transfers += 1;
            t.buyer_held |= s.recipient() == deal.buyer;
            t.surrendered = s.recipient() == t.issuer;
        }
        self.role(s.recipient(), "title holder");
        self.state = performance_state(deal, work, money);
    }

    /// Ends the transcript: applies what the evidence allows, reports what
    /// still waits for a missing statement, and returns the report.
    pub fn finish(mut self) -> Report {
        self.settle();
        for (missing, w) in std::mem::take(&mut self.waiting) {
            let (index, id, what) = match &w {
                Waiting::Statement(i, s) => (*i, Some(s.id()), s.kind().to_string()),
                Waiting::Token(i, _) => (*i, None, "time-stamp token".to_owned()),
            };
            self.find(
                Rule::ChainDangling,
                index,
                id,
                format!("the {what} refers to {}, which is not in the transcript", missing[0]),
            );
        }
        if let State::OfferLapsed(l) = &self.state {
            if let Some((late, at)) = l.late {
                let lapse = l.offer.lapse_at.map_or("-".into(), |t| t.to_string());
                self.find(
                    Rule::FormLate,
                    late.index,
                    Some(late.id),
                    format!(
                        "the acceptance reached the offeror at {at}, after the offer lapsed at {lapse}; the offeror did not confirm it (CISG 21)"
                    ),
                );
            }
        }
        // With the whole transcript read: the offer's receipt, wherever it was
        // archived, must not postdate the acceptance (CISG 15(1)), ...
        if let Some(deal) = self.state.deal() {
            let a = deal.acceptance;
            let offer = deal.offer.id;
            let reported = self
                .findings
                .iter()
                .any(|f| f.rule == Rule::FormPremature && f.statement == Some(a.id));
            if let Some(received) = self.evidence.get(&offer).and_then(|e| e.received) {
                if !reported && self.before(a.time, received) {
                    self.find(
                        Rule::FormPremature,
                        a.index,
                        Some(a.id),
                        format!(
                            "the acceptance was signed at {}, before the offer reached the offeree at {received}",
                            a.time
                        ),
                    );
                }
            }
        }
        // ... and a token's issuer must not turn out to be a party.
        for (index, authority) in std::mem::take(&mut self.stamps) {
            // Only tokens accepted without a TIME-AUTHORITY finding are here.
            if let Some(why) = self.not_third_party(&authority) {
                self.find(
                    Rule::TimeAuthority,
                    index as usize,
                    None,
                    format!("the token's issuer {authority} {why}; it is not a third-party time-stamp"),
                );
            }
        }
        self.findings.sort_by_key(|f| f.index);
        self.report()
    }

    fn report(self) -> Report {
        let offer = self.state.offer().cloned();
        let deal = self.state.deal();
        let m = self.state.money();
        let title = self.state.work().and_then(|w| w.title.as_ref()).map(|t| TitleSummary {
            document: t.document.clone(),
            issuer: t.issuer,
            holder: t.holder,
            surrendered: t.surrendered,
            transfers: t.transfers,
        });
        let price = offer.as_ref().map(|o| o.terms.price);
        let paid = price.map(|p| Amount {
            currency: p.currency,
            minor: m.map_or(0, |m| m.paid),
        });
        let outstanding = deal.and(price).map(|p| Amount {
            currency: p.currency,
            minor: p.minor - m.map_or(0, |m| m.paid).min(p.minor),
        });
        let mut parties: Vec<PartySummary> = self
            .parties
            .iter()
            .chain(self.names.keys())
            .chain(self.roles.keys())
            .copied()
            .collect::<HashSet<_>>()
            .into_iter()
            .map(|id| PartySummary {
                id,
                name: self.names.get(&id).cloned(),
                roles: self.roles.get(&id).cloned().unwrap_or_default(),
            })
            .collect();
        parties.sort_by(|a, b| {
            b.roles
                .len()
                .min(1)
                .cmp(&a.roles.len().min(1))
                .then(a.name.cmp(&b.name))
                .then(a.id.cmp(&b.id))
        });
        Report {
            contract: self.contract.clone(),
            status: self.state.status(),
            offeror: offer.as_ref().map(|o| o.offeror),
            offeree: offer.as_ref().map(|o| o.offeree),
            lapses_at: offer.as_ref().and_then(|o| o.lapse_at),
            terms: offer.map(|o| o.terms),
            concluded_at: deal.map(|d| d.concluded_at),
            concluded_by: deal.map(|d| d.concluded_by),
            paid: deal.and(paid),
            outstanding,
            draft_accepted: m.is_some_and(|m| m.draft.is_some()),
            title,
            parties,
            statements: self.statements,
            tokens: self.tokens,
            findings_omitted: self.findings_omitted,
            findings: self.findings,
        }
    }
}
