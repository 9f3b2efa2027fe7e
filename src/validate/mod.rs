//! The contract validator: decides whether a sequence of verified statements
//! forms a legal international sale under the seven-step procedure, and
//! where it stands (SPEC.md section 18).
//!
//! [`Validator`] takes [`Verified`] statements and tokens in transcript
//! order. Every statement first goes through the checks of SPEC.md 18.2
//! (contract, duplicate, waiting for what it answers, equivocation, time
//! order, key validity), in this module. Receipts and tokens are evidence
//! (`evidence`). Formation statements are recorded in the current round
//! of the negotiation (`formation`), whose outcome is decided on the
//! evidence read so far, lazily, whenever something depends on it. The
//! first performance statement closes formation: if the round is concluded
//! the validator moves to its one performance state, a `performance::Deal`,
//! and the handlers for instructions and proofs (`performance`),
//! payments and collections (`payment`) and title transfers (`title`)
//! check with `?` and apply their effect only when every check passed. A
//! statement that breaks a rule is reported as a [`Finding`] and not
//! applied; the validator goes on with the rest. With a viewer in the
//! policy, a provider's or bank's archive is read as a partial view
//! (`view`).
//!
//! What it sees is only what it is given: it can detect a double transfer of
//! title, not prevent one.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

mod evidence;
mod formation;
mod identity;
mod index;
mod payment;
mod performance;
mod policy;
mod report;
mod rules;
mod succession;
mod title;
mod view;

pub(crate) use identity::Signed;
pub use index::{MAX_WAITING, MAX_WAITING_BYTES};
pub use policy::Policy;
pub use report::{DraftSummary, Identity, PartySummary, Report, Status, TitleSummary, ViewSummary};
pub use rules::{Finding, Rule};

use evidence::Ctx;
use formation::{Negotiation, Outcome};
use index::{Index, Item};
use performance::Deal;
use rules::{Broken, broken};

use crate::Verified;
use crate::ids::{ContractId, PartyId, StatementId, UnixTime};
use crate::keys::PartyCard;
use crate::message::{Amount, Kind, Message, Terms};
use crate::statement::Statement;
use crate::timestamp::TimestampToken;

/// Most findings a report keeps; further findings are only counted
/// ([`Report::findings_omitted`]), so memory stays bounded.
pub const MAX_FINDINGS: usize = 10_000;
/// Longest piece of message text quoted in a finding.
const QUOTE: usize = 80;
/// Most notices a report keeps.
const MAX_NOTICES: usize = 256;

/// An amount for messages: `USD 96000.00` (two decimal places).
pub(crate) fn money(a: Amount) -> String {
    format!("{} {}.{:02}", a.currency, a.minor / 100, a.minor % 100)
}

/// A kind with its indefinite article: "an offer", "a payment".
pub(crate) fn a(kind: Kind) -> String {
    let n = kind.name();
    let article = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {n}")
}

/// Text from a statement, quoted in a finding: at most [`QUOTE`] characters.
pub(crate) fn quote(s: &str) -> String {
    let mut q: String = s.chars().take(QUOTE).collect();
    if q.len() < s.len() {
        q.push('…');
    }
    format!("{q:?}")
}

/// The validator's phase: negotiating, or performing a concluded contract.
#[derive(Clone, Debug)]
enum Phase {
    Forming(Box<Negotiation>),
    Performing(Box<Deal>),
}

/// The contract validator. Feed it verified statements and tokens in
/// transcript order; ask [`Validator::report`] at any moment, or call
/// [`Validator::finish`] at the end.
#[derive(Clone)]
pub struct Validator {
    contract: ContractId,
    policy: Policy,
    idx: Index,
    phase: Phase,
    /// Name and creation time of each card seen.
    cards: HashMap<PartyId, (String, UnixTime)>,
    /// Cards the auditor pins, looked up only when a party without a
    /// declared card is met ([`Validator::with_trusted_cards`]).
    trusted: Option<crate::keys::CardSet>,
    roles: BTreeMap<PartyId, BTreeSet<&'static str>>,
    findings: Vec<Finding>,
    findings_omitted: usize,
    notices: Vec<String>,
    /// Each (authority, serial) seen.
    serials: std::collections::HashSet<(PartyId, u64)>,
    /// A 16-byte hash of each token seen.
    tokens_seen: std::collections::HashSet<[u8; 16]>,
    /// Tokens accepted: record, authority, statement stamped.
    stamps: Vec<(usize, PartyId, StatementId, UnixTime)>,
    /// Authorities accepted without the policy listing them.
    unlisted: BTreeSet<PartyId>,
    /// Each receipt's `received` time, by receipt id.
    receipt_times: HashMap<StatementId, UnixTime>,
    view: Option<view::View>,
    /// Set by `finish`: the transcript is read to its end.
    ended: bool,
    /// The time a report is asked for ([`Validator::report_at`]).
    now: Option<UnixTime>,
    statements: usize,
    tokens: usize,
    /// See [`Validator::assuming_immediate_reach`].
    worst_case: bool,
    /// Retired keys and their successors.
    succession: succession::Successions,
    /// Each statement's RFC 9921 `3161-ctt` imprint (SPEC.md 11.1), kept
    /// only when RFC 3161 tokens can be verified (about 100 bytes per
    /// statement).
    ctt: Option<HashMap<[u8; 32], StatementId>>,
    /// RFC 3161 tokens whose statement waits: record, statement, time, a
    /// hash of the token.
    rfc3161_waiting: Vec<(usize, StatementId, UnixTime, [u8; 16])>,
    /// The key that really signed each statement a successor signed (the
    /// index has the party it acts for), for identity checks (SPEC.md 7.1).
    signed_by: HashMap<StatementId, PartyId>,
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

impl Validator {
    /// A validator for `contract` under `policy`.
    pub fn new(contract: ContractId, policy: Policy) -> Validator {
        let view = policy.viewer.map(view::View::new);
        Validator {
            contract,
            policy,
            idx: Index::default(),
            phase: Phase::Forming(Box::default()),
            cards: HashMap::new(),
            trusted: None,
            roles: BTreeMap::new(),
            findings: Vec::new(),
            findings_omitted: 0,
            notices: Vec::new(),
            serials: Default::default(),
            tokens_seen: Default::default(),
            stamps: Vec::new(),
            unlisted: BTreeSet::new(),
            receipt_times: HashMap::new(),
            view,
            ended: false,
            now: None,
            statements: 0,
            tokens: 0,
            worst_case: false,
            succession: Default::default(),
            ctt: None,
            rfc3161_waiting: Vec::new(),
            signed_by: HashMap::new(),
        }
    }

    /// Where the contract stands now, with every effect the evidence read
    /// so far allows applied.
    pub fn status(&self) -> Status {
        self.status_at(None)
    }

    fn status_at(&self, now: Option<UnixTime>) -> Status {
        if self.view.is_some() {
            return Status::PartialView;
        }
        match &self.phase {
            Phase::Performing(d) => d.status(),
            Phase::Forming(n) => match &n.current {
                None => match n.last {
                    None => Status::NoOffer,
                    Some((_, how)) => ended_status(how),
                },
                Some(r) => match r.evaluate(&self.ctx(), now).outcome {
                    Outcome::Concluded { .. } => Status::Concluded,
                    Outcome::Ended(how) => ended_status(how),
                    Outcome::AwaitingConfirmation => Status::OfferLapsed,
                    Outcome::Countered(_) | Outcome::Open => Status::OfferOutstanding,
                },
            },
        }
    }

    /// The policy it validates under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The findings so far (formation findings that depend on evidence still
    /// to come are added when the round ends, or by [`Validator::report`]).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Notes the name and creation time of a party's card (used in the
    /// report and for `TIME-KEY`).
    pub fn card(&mut self, card: &PartyCard) {
        self.cards.insert(card.id(), (card.name().to_owned(), card.created()));
    }

    /// Cards to fall back on for a party whose card the transcript does
    /// not declare (the auditor's pinned set): the same as giving each to
    /// [`Validator::card`], except that the report lists only the parties
    /// of the contract, and nothing is done per card up front, so the cost
    /// does not grow with the size of the set.
    pub fn with_trusted_cards(mut self, cards: crate::keys::CardSet) -> Validator {
        self.trusted = Some(cards);
        self
    }

    /// Name and creation time of `id`'s card: declared, or else trusted.
    pub(crate) fn card_info(&self, id: &PartyId) -> Option<(&str, UnixTime)> {
        use crate::keys::CardLookup as _;
        self.cards.get(id).map(|(n, t)| (n.as_str(), *t)).or_else(|| {
            self.trusted
                .as_ref()
                .and_then(|t| t.card(id))
                .map(|c| (c.name(), c.created()))
        })
    }

    /// Processes one verified statement, read at record `index`.
    pub fn statement(&mut self, index: usize, statement: &Verified<Statement>) {
        self.note_imprint(statement);
        self.accept(index, statement);
        self.run_ready();
    }

    /// Processes one verified time-stamp token, read at record `index`.
    pub fn token(&mut self, index: usize, token: &Verified<TimestampToken>) {
        self.accept_token(index, token);
        self.run_ready();
    }

    /// A copy that deems every statement without a receipt to have reached
    /// its addressee at once, when it was dispatched: the worst case for a
    /// party who does not yet know when its statements arrived. Sessions run
    /// drafts forward on it too (SPEC.md 19.4).
    pub(crate) fn assuming_immediate_reach(&self) -> Validator {
        let mut v = self.clone();
        v.worst_case = true;
        v
    }

    /// The report as things stand, without consuming the validator: the
    /// end-of-transcript steps of [`Validator::finish`] are run on a copy.
    pub fn report(&self) -> Report {
        self.clone().finish()
    }

    /// The report as of time `now`: as [`Validator::report`], and an offer
    /// outstanding with no reply is reported lapsed once `now` is past its
    /// lapse time (SPEC.md 18.4).
    pub fn report_at(&self, now: UnixTime) -> Report {
        self.clone().finish_at(Some(now))
    }

    /// Ends the transcript and gives the report (SPEC.md 18.8).
    pub fn finish(self) -> Report {
        self.finish_at(None)
    }

    fn finish_at(mut self, now: Option<UnixTime>) -> Report {
        self.now = now;
        self.rfc3161_dangling();
        let waiting = self.idx.drain_waiting();
        let held: std::collections::HashSet<StatementId> = waiting
            .iter()
            .filter_map(|(_, _, item)| match item {
                Item::Statement(s) => Some(s.id()),
                Item::Token(_) => None,
            })
            .collect();
        for (index, missing, item) in waiting {
            if self.view.is_some() {
                self.view_outside(index, missing, item);
                self.run_ready();
                continue;
            }
            let (id, what) = match &item {
                // A token of a statement that is itself held back: the
                // statement's finding says why.
                Item::Token(t) if held.contains(&t.imprint()) => continue,
                Item::Statement(s) => (s.id(), s.kind().to_string()),
                Item::Token(t) => (t.imprint(), "time-stamp token".to_owned()),
            };
            let why = if held.contains(&missing[0]) {
                "which waits itself for a statement not in the transcript"
            } else {
                "which is not in the transcript"
            };
            self.find(
                Rule::ChainDangling,
                index,
                Some(id),
                format!("the {what} refers to {}, {why}", missing[0]),
            );
        }
        self.ended = true;
        if let Phase::Forming(n) = &self.phase
            && let Some(r) = &n.current
        {
            let ev = r.evaluate(&self.ctx(), now);
            self.commit(ev);
        }
        for (index, authority, imprint, _) in std::mem::take(&mut self.stamps) {
            if let Some(why) = self.not_third_party(&authority) {
                self.find(
                    Rule::TimeAuthority,
                    index,
                    Some(imprint),
                    format!("the token's issuer {authority} {why}; it is not a third-party time-stamp"),
                );
                self.unlisted.remove(&authority);
            }
        }
        for a in std::mem::take(&mut self.unlisted) {
            let name = self
                .card_info(&a)
                .map_or_else(|| "an unnamed authority".to_owned(), |c| quote(c.0));
            self.notice(format!(
                "time-stamps by {name} ({a}) count as evidence although the policy lists no trusted authorities"
            ));
        }
        let status = self.status_at(now);
        self.findings.sort_by_key(|f| f.index);
        self.build_report(status)
    }

    // -- internals ---------------------------------------------------------

    pub(crate) fn find(&mut self, rule: Rule, index: usize, statement: Option<StatementId>, message: String) {
        if self.findings.len() >= MAX_FINDINGS {
            self.findings_omitted = self.findings_omitted.saturating_add(1);
            return;
        }
        self.findings.push(Finding {
            rule,
            index,
            statement,
            message,
        });
    }

    pub(crate) fn notice(&mut self, n: String) {
        if self.notices.len() < MAX_NOTICES && !self.notices.contains(&n) {
            self.notices.push(n);
        }
    }

    pub(crate) fn role(&mut self, id: PartyId, role: &'static str) {
        self.roles.entry(id).or_default().insert(role);
    }

    /// Whether the CISG governs formation under these terms.
    pub(crate) fn cisg(&self, terms: &Terms) -> bool {
        self.policy.cisg.unwrap_or(terms.law.cisg)
    }

    pub(crate) fn index(&self) -> &Index {
        &self.idx
    }

    pub(crate) fn negotiation(&self) -> Option<&Negotiation> {
        match &self.phase {
            Phase::Forming(n) => Some(n),
            Phase::Performing(_) => None,
        }
    }

    pub(crate) fn negotiation_mut(&mut self) -> Option<&mut Negotiation> {
        match &mut self.phase {
            Phase::Forming(n) => Some(n),
            Phase::Performing(_) => None,
        }
    }

    /// The deal a performance statement acts on, closing formation first
    /// (`PERF-BEFORE-CONCLUSION` if the contract is not concluded).
    pub(crate) fn deal_for(&mut self, s: &Statement) -> Result<&mut Deal, Broken> {
        if let Phase::Forming(_) = self.phase {
            self.close(s)?;
        }
        match &mut self.phase {
            Phase::Performing(d) => Ok(d),
            Phase::Forming(_) => broken(
                Rule::PerfBeforeConclusion,
                format!("{} before the contract was concluded", a(s.kind())),
            ),
        }
    }

    fn close(&mut self, s: &Statement) -> Result<(), Broken> {
        let Some(Outcome::Concluded { at, by }) = self.settle() else {
            return broken(
                Rule::PerfBeforeConclusion,
                format!("{} before the contract was concluded", a(s.kind())),
            );
        };
        let Some(round) = self.negotiation_mut().and_then(|n| n.current.take()) else {
            return broken(Rule::PerfBeforeConclusion, "no offer".into());
        };
        let ev = round.evaluate(&self.ctx(), None);
        self.commit(ev);
        let against = self.policy.documents_against.unwrap_or(round.offer.terms.payment.terms);
        self.phase = Phase::Performing(Box::new(Deal::new(round.offer, at, by, against)));
        Ok(())
    }

    fn run_ready(&mut self) {
        while let Some((index, item)) = self.idx.next_ready() {
            match item {
                Item::Statement(s) => self.accept(index, &s),
                Item::Token(t) => self.accept_token(index, &t),
            }
        }
        self.rfc3161_ready();
    }

    /// SPEC.md 18.2, steps 1 to 4.
    fn accept(&mut self, index: usize, s: &Verified<Statement>) {
        let id = s.id();
        if s.contract() != &self.contract {
            let m = format!(
                "the {} belongs to contract {}, not {}",
                s.kind(),
                s.contract(),
                self.contract
            );
            self.find(Rule::ChainContract, index, Some(id), m);
            return;
        }
        if let Some(prev) = self.idx.get(&id).copied() {
            if prev.carried {
                // Archived after the notice that carried it: the same
                // statement, already applied; a second copy is a duplicate.
                self.statements += 1;
                if let Some(e) = self.idx.get_mut(&id) {
                    e.carried = false;
                }
            } else {
                self.find(
                    Rule::ChainDuplicate,
                    index,
                    Some(id),
                    format!("the {} already appeared at record {}", s.kind(), prev.index),
                );
            }
            return;
        }
        if let Message::PerformanceNotice(n) = s.message() {
            for p in &n.proofs {
                if let Err(b) = self.carried(index, p) {
                    // The notice stops: it is entered in the index, not applied.
                    self.find(b.rule, index, Some(b.about.unwrap_or(p.id())), b.message);
                    self.idx.register(index, s, false);
                    self.statements += 1;
                    return;
                }
            }
        }
        let missing = self.idx.missing(s);
        if !missing.is_empty() {
            if self.view.is_some() {
                self.view_outside(index, missing, Item::Statement(s.clone()));
                return;
            }
            if !self.idx.wait(index, missing.clone(), Item::Statement(s.clone())) {
                self.find(
                    Rule::ChainDangling,
                    index,
                    Some(id),
                    format!("refers to {} which is not in the transcript so far", missing[0]),
                );
            }
            return;
        }
        self.process(index, s);
    }

    /// Enters a proof carried in a notice in the index, with the checks of
    /// 18.2 that apply to it (equivocation, time of key, retired key), read
    /// as acting like any statement (step 5).
    fn carried(&mut self, index: usize, p: &Statement) -> Result<(), Broken> {
        if self.idx.contains(&p.id()) {
            return Ok(());
        }
        let signer = p.sender();
        self.note_imprint(p);
        let acting = self.as_acting(p);
        if acting.is_some() {
            self.signed_by.insert(p.id(), signer);
        }
        let p = acting.as_ref().unwrap_or(p);
        if let Some(other) = self.idx.place(index, p) {
            return broken(
                Rule::ChainEquivocation,
                format!("the carried proof differs from the proof at record {other} for the same document"),
            );
        }
        self.key_in_time(signer, p.time())?;
        let floor = self.idx.floor_of(p);
        self.key_holder(signer, p.id(), p.time(), floor)?;
        let entry = self.idx.register(index, p, true);
        // The same time checks as an archived proof's (SPEC.md 18.2 step 7).
        if p.time().plus(self.policy.clock_skew) < entry.floor {
            let m = format!(
                "the carried proof is signed at {}, before {} which it depends on",
                p.time(),
                entry.floor
            );
            self.find(Rule::TimeOrder, index, Some(p.id()), m);
        }
        Ok(())
    }

    fn key_in_time(&self, signer: PartyId, time: UnixTime) -> Result<(), Broken> {
        if let Some((_, created)) = self.card_info(&signer) {
            rules::ensure(time.plus(self.policy.clock_skew) >= created, Rule::TimeKey, || {
                format!("signed at {time}, before the signer's card was created ({created})")
            })?;
        }
        Ok(())
    }

    /// SPEC.md 18.2, steps 5 to 8.
    fn process(&mut self, index: usize, s: &Verified<Statement>) {
        // Rules read a successor's statements as its predecessor's
        // (SPEC.md 18.2 step 5); its key is checked as signed.
        let signer = s.sender();
        let acting = self.as_acting(s).map(Verified);
        if acting.is_some() {
            self.signed_by.insert(s.id(), signer);
        }
        let s = acting.as_ref().unwrap_or(s);
        let id = s.id();
        let later = s
            .answers()
            .iter()
            .filter_map(|a| self.idx.get(a))
            .map(|e| e.index as usize)
            .max();
        if let Some(later) = later.filter(|l| *l > index) {
            self.find(
                Rule::ChainOrder,
                index,
                Some(id),
                format!("the {} answers record {later}, which comes after it", s.kind()),
            );
        }
        let entry = self.idx.register(index, s, false);
        self.statements += 1;
        if let Some(other) = self.idx.place(index, s) {
            let m = format!(
                "a second {} from {} to {} in the place of record {other}",
                s.kind(),
                s.sender(),
                s.recipient()
            );
            self.find(Rule::ChainEquivocation, index, Some(id), m);
            return;
        }
        if s.time().plus(self.policy.clock_skew) < entry.floor {
            let m = format!(
                "the {} is signed at {}, before {} which it depends on",
                s.kind(),
                s.time(),
                entry.floor
            );
            self.find(Rule::TimeOrder, index, Some(id), m);
        }
        let result = self
            .key_in_time(signer, s.time())
            .and_then(|()| self.key_holder(signer, id, s.time(), entry.floor))
            .and_then(|()| match s.message() {
                Message::KeyRetirement(r) => self.retirement(signer, s, r),
                _ => self.dispatch(index, s),
            });
        if let Err(b) = result {
            self.find(b.rule, index, Some(b.about.unwrap_or(id)), b.message);
        }
    }

    fn dispatch(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        if s.kind() == Kind::Receipt {
            return self.receipt(s);
        }
        if self.view.is_some() {
            return self.view_statement(index, s);
        }
        match s.message() {
            Message::ServiceInstruction(i) => self.instruction(s, i),
            Message::ServiceProof(p) => self.proof(s, p),
            Message::PerformanceNotice(n) => self.performance_notice(s, n),
            Message::Payment(p) => self.payment(s, p),
            Message::TitleTransfer(t) => self.transfer(s, t),
            Message::CollectionInstruction(c) => self.collection(s, c),
            _ => self.formation(index, s),
        }
    }

    fn build_report(self, status: Status) -> Report {
        let (offer, concluded, deal) = match &self.phase {
            Phase::Performing(d) => (
                Some(d.offer.clone()),
                Some((d.concluded_at, d.concluded_by)),
                Some(&**d),
            ),
            Phase::Forming(n) => {
                let cur = n.current.as_ref();
                let concluded = cur.and_then(|r| match r.evaluate(&self.ctx(), None).outcome {
                    Outcome::Concluded { at, by } => Some((at, by)),
                    _ => None,
                });
                (
                    cur.map(|r| r.offer.clone())
                        .or_else(|| n.last.as_ref().map(|l| l.0.clone())),
                    concluded,
                    None,
                )
            }
        };
        let formation_rules = offer.as_ref().map(|o| {
            if self.cisg(&o.terms) {
                "CISG".to_owned()
            } else {
                "UNIDROIT Principles 2016 (CISG excluded)".to_owned()
            }
        });
        let mut notices = self.notices.clone();
        if formation_rules.as_deref().is_some_and(|f| f != "CISG") {
            notices.insert(0, "the CISG is excluded: formation was judged by the rules of SPEC.md 18.4.7 (UNIDROIT Principles 2016, Arts. 2.1.1-2.1.22)".into());
        }
        if let Some(d) = deal.filter(|d| d.collection.is_some()) {
            let collected = d.money.payments.values().fold(0u64, |a, b| a.saturating_add(*b));
            if d.money.remitted_total < collected {
                notices.push(format!(
                    "the presenting bank collected {} minor units from the buyer and has remitted {} of them",
                    collected, d.money.remitted_total
                ));
            }
        }
        let price = offer.as_ref().map(|o| o.terms.price);
        let amount = |minor: u64| {
            price.map(|p| Amount {
                currency: p.currency,
                minor,
            })
        };
        let mut ids: BTreeSet<PartyId> = self.cards.keys().copied().collect();
        ids.extend(self.roles.keys().copied());
        let mut parties: Vec<PartySummary> = ids
            .into_iter()
            .map(|id| PartySummary {
                id,
                name: self.card_info(&id).map(|c| c.0.to_owned()),
                roles: self
                    .roles
                    .get(&id)
                    .map(|r| r.iter().map(|x| (*x).to_owned()).collect())
                    .unwrap_or_default(),
                identity: None,
            })
            .collect();
        parties.sort_by(|a, b| {
            b.roles
                .is_empty()
                .cmp(&a.roles.is_empty())
                .reverse()
                .then(a.name.cmp(&b.name))
                .then(a.id.cmp(&b.id))
        });
        Report {
            contract: self.contract.clone(),
            status,
            findings_omitted: self.findings_omitted,
            notices,
            parties,
            formation_rules,
            offeror: offer.as_ref().map(|o| o.offeror),
            offeree: offer.as_ref().map(|o| o.offeree),
            lapses_at: offer.as_ref().and_then(|o| o.lapse).filter(|_| concluded.is_none()),
            terms: offer.as_ref().map(|o| o.terms.clone()),
            concluded_at: concluded.map(|c| c.0),
            concluded_by: concluded.map(|c| c.1),
            paid: deal.and_then(|d| amount(d.money.paid)),
            outstanding: deal.and_then(|d| amount(d.terms().price.minor.saturating_sub(d.money.paid))),
            draft: deal
                .and_then(|d| d.money.draft)
                .map(|(statement, maturity, tenor_days)| DraftSummary {
                    statement,
                    maturity,
                    tenor_days,
                }),
            remitted: deal
                .filter(|d| d.collection.is_some())
                .and_then(|d| amount(d.money.remitted_total)),
            shipped: deal.map(|d| d.shipped.clone()).unwrap_or_default(),
            titles: deal
                .map(|d| d.titles.iter().map(|c| c.summary()).collect())
                .unwrap_or_default(),
            view: self.view.as_ref().map(|v| v.summary()),
            statements: self.statements,
            tokens: self.tokens,
            findings: self.findings,
        }
    }
}

fn ended_status(how: formation::Ended) -> Status {
    match how {
        formation::Ended::Rejected => Status::OfferRejected,
        formation::Ended::Revoked => Status::OfferRevoked,
        formation::Ended::Withdrawn => Status::OfferWithdrawn,
        formation::Ended::Lapsed => Status::OfferLapsed,
    }
}
